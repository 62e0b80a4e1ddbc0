import type { MigrationLockHolder } from "../dialect/dialect.js";
import { type PreparedRun, prepareRun } from "./prepare-run.js";
import { lockKeyOf, type RunnerOptions } from "./runner-options.js";
import { withSession } from "./session.js";

/**
 * What is known about the migration lock: free, held (by whom), or unknown because the dialect
 * cannot say (it lacks `lockHolder`).
 *
 * @example
 * ```ts
 * const reading: LockReading = { state: "held", holder: { pid: 4242, applicationName: "athanor", user: "deploy",
 *   clientAddr: null, backendStart: null, state: "idle", query: null } };
 * ```
 */
export type LockReading =
  | { readonly state: "free"; readonly holder: null }
  | { readonly state: "held"; readonly holder: MigrationLockHolder }
  | { readonly state: "unknown"; readonly holder: null };

/**
 * Looks up who holds the migration lock of this version table, without taking it and without
 * waiting: `athanor status` shows it so the person about to deploy sees a run in progress.
 *
 * @example
 * ```ts
 * const lock = await readMigrationLock({ dialect, revisions: "migrations/versions" });
 * if (lock.state === "held") console.log(`held by pid ${lock.holder.pid}`);
 * ```
 */
export async function readMigrationLock(options: RunnerOptions | PreparedRun): Promise<LockReading> {
  const run = await prepareRun(options);
  const { dialect, versionTable } = run.options;
  if (dialect.lockHolder === undefined) return { state: "unknown", holder: null };
  const lookUp = dialect.lockHolder.bind(dialect);
  return withSession(run.options, { lock: false }, async ({ conn }) => {
    const holder = await lookUp(conn, lockKeyOf(versionTable));
    return holder === null ? { state: "free", holder: null } : { state: "held", holder };
  });
}
