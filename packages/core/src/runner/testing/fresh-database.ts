import { type PGliteLike, pgliteTestDialect, type TestDialect } from "./pglite-test-dialect.js";

/**
 * Empties the `public` schema of a shared PGlite (creating one per test costs seconds of WASM
 * start-up; resetting costs milliseconds) and releases advisory locks a failed test may hold.
 *
 * @example
 * ```ts
 * beforeEach(() => resetDatabase(db));
 * ```
 */
export async function resetDatabase(db: PGliteLike): Promise<void> {
  await db.exec("ROLLBACK").catch(() => undefined);
  await db.exec(
    "SELECT pg_advisory_unlock_all(); DROP SCHEMA IF EXISTS public CASCADE; DROP SCHEMA IF EXISTS meta CASCADE; CREATE SCHEMA public;",
  );
}

/** A database shared by the tests of one file, emptied before each test. */
export interface TestDatabase<Db extends PGliteLike> {
  readonly db: Db;
  /** A fresh test dialect per test, so its statement log starts empty. */
  readonly dialect: TestDialect;
  /** Rows of `athanor_version`, sorted. */
  versionRows(): Promise<string[]>;
  /** Names of the tables in `public`, sorted. */
  publicTables(): Promise<string[]>;
}

/**
 * Registers the hooks that give each test an empty database (vitest's hooks are passed in so
 * this file does not import vitest).
 *
 * @example
 * ```ts
 * const t = useTestDatabase({ beforeAll, beforeEach }, () => new PGlite());
 * test("...", async () => { await upgrade({ dialect: t.dialect, revisions }, "heads"); });
 * ```
 */
export function useTestDatabase<Db extends PGliteLike & { readonly waitReady: Promise<void> }>(
  hooks: {
    beforeAll(fn: () => Promise<void>, timeout?: number): void;
    beforeEach(fn: () => Promise<void>): void;
  },
  create: () => Db | Promise<Db>,
): TestDatabase<Db> {
  let db: Db | undefined;
  let dialect: TestDialect | undefined;
  hooks.beforeAll(async () => {
    db = await create();
    await db.waitReady;
  }, 60_000);
  hooks.beforeEach(async () => {
    await resetDatabase(ready(db));
    dialect = pgliteTestDialect(ready(db));
  });
  return {
    get db() {
      return ready(db);
    },
    get dialect() {
      return ready(dialect);
    },
    async versionRows() {
      const result = await ready(db).query<{ version_num: string }>(
        "SELECT version_num FROM athanor_version ORDER BY 1",
      );
      return result.rows.map((r) => r.version_num);
    },
    async publicTables() {
      const result = await ready(db).query<{ t: string }>(
        "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
      );
      return result.rows.map((r) => r.t);
    },
  };
}

function ready<T>(value: T | undefined): T {
  if (value === undefined) throw new Error("useTestDatabase: used outside a test");
  return value;
}
