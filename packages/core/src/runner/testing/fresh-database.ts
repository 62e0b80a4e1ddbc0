import type { PGliteLike } from "./pglite-test-dialect.js";

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
