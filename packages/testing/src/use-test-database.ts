import { AthanorError } from "@athanor/core";
import { afterAll, beforeAll } from "vitest";
import { createTestDatabase, type TestDatabase, type TestDatabaseOptions } from "./test-database.js";

/**
 * The database fixture: creates a fresh test database in `beforeAll` and drops it in `afterAll`
 * of the surrounding file or `describe`. Returns it at once; use it inside tests and hooks.
 * PGlite in memory by default; `ATHANOR_TEST_DATABASE_URL` or `options.url` for a server.
 * `options` may be a function, called in `beforeAll`, when where the database comes from is
 * only known then (describeMigrations uses it to read the models' dialect).
 *
 * @example
 * ```ts
 * const db = useTestDatabase();
 * it("upgrades", async () => {
 *   await upgrade({ dialect: db.dialect, revisions: "./migrations/versions" }, "heads");
 * });
 * ```
 */
export function useTestDatabase(
  options: TestDatabaseOptions | (() => Promise<TestDatabaseOptions>) = {},
): TestDatabase {
  let created: TestDatabase | undefined;
  beforeAll(async () => {
    created = await createTestDatabase(typeof options === "function" ? await options() : options);
  });
  afterAll(async () => {
    await created?.dispose();
    created = undefined;
  });
  const get = (): TestDatabase => {
    if (created === undefined) {
      throw new AthanorError(
        "ATHANOR_USAGE",
        "The test database is used outside a test: it exists between beforeAll and afterAll of the file or describe that called useTestDatabase(). Use it inside it(), beforeEach() or later hooks.",
        {},
      );
    }
    return created;
  };
  return {
    get kind() {
      return get().kind;
    },
    get dialectName() {
      return get().dialectName;
    },
    get name() {
      return get().name;
    },
    get url() {
      return get().url;
    },
    get dialect() {
      return get().dialect;
    },
    connect: () => get().connect(),
    introspect: (o) => get().introspect(o),
    reset: () => get().reset(),
    dispose: async () => {
      await created?.dispose();
    },
  };
}
