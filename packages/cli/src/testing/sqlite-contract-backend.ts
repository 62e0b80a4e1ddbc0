import { rmSync } from "node:fs";
import { join } from "node:path";
import { createTestDatabase, type TestDatabase } from "@athanor/testing";
import type { ContractBackend } from "./contract-suite.js";
import { tempDir } from "./harness.js";

/**
 * A SQLite contract backend: the CLI project's database is a file of its own (deleted between
 * cases); the `@athanor/testing` checks walk the revisions on `checksUrl` — a private in-memory
 * SQLite by default, or `d1::memory:`, a throw-away D1 on miniflare (the revisions then run
 * through `d1Dialect` over a binding, as a Worker runs them). A D1 is made fresh for each case:
 * miniflare 3's synchronous proxy channel (`prepare` is a synchronous call) lost step with its
 * replies after a few thousand calls on one long-lived instance (`message?.id === id` asserted
 * in fetch-sync.ts, every later call failing). `config`: extra `defineConfig` fields of the
 * project, e.g. `sqlite: { driver: "libsql" }`.
 *
 * @example
 * ```ts
 * defineContractSuite("D1", sqliteCorpus, () => sqliteContractBackend({ checksUrl: "d1::memory:" }));
 * ```
 */
export async function sqliteContractBackend(
  options: { readonly config?: string; readonly checksUrl?: string } = {},
): Promise<ContractBackend> {
  const folder = tempDir("athanor-contract-sqlite-");
  const file = join(folder, "project.db");
  const url = options.checksUrl ?? "sqlite::memory:";
  const freshPerCase = url.startsWith("d1:");
  let checks: TestDatabase = await createTestDatabase({ url });
  return {
    dialect: "sqlite",
    env: () => ({ DATABASE_URL: `file:${file}` }),
    resetProject: async () => {
      for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
      if (freshPerCase) {
        await checks.dispose();
        checks = await createTestDatabase({ url });
      }
    },
    config: options.config,
    get checks() {
      return checks;
    },
    dispose: async () => {
      await checks.dispose();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
