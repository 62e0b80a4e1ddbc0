import { assertVersionTableNamesFit } from "../dialect/version-table-names.js";
import { BookkeepingSql } from "./bookkeeping-sql.js";
import { checksumsConflict } from "./checksum.js";
import { resolveLockRetry } from "./lock-retry.js";
import {
  type RunState,
  readCombinedState,
  readRunState,
  recordedChecksums,
  stateOfRows,
  unresolvedPartials,
} from "./run-state.js";
import { lockKeyOf, type RunnerOptions, resolveRunnerOptions } from "./runner-options.js";
import type { RunResult } from "./runner-result.js";
import { holdingLock, type SessionOptions, safeProgress, withSession } from "./session.js";

/**
 * What {@link confirmNoopUpgrade} needs of `upgrade`'s options: a `SessionDialect` (connect,
 * lock, bookkeeping) in place of the whole dialect, so a caller can check without its renderer.
 */
export type NoopCheckOptions = Omit<RunnerOptions, "dialect"> & Pick<SessionOptions, "dialect">;

/**
 * What a no-op `upgrade` needs of the revision files, so a run whose files have not changed can
 * check the database without loading a header or building the graph: the graph's heads, the
 * targets that plan nothing from them, and the checksum of every revision applied at them.
 */
export interface NoopSummary {
  /** The graph's heads, sorted. */
  readonly heads: readonly string[];
  /** Upgrade targets (`heads`, `head`) that plan no step and hold nothing back from `heads`. */
  readonly targets: readonly string[];
  /** Every ancestor of `heads` (the revisions applied there) with its file's checksum. */
  readonly checksums: Readonly<Record<string, string>>;
}

/**
 * A stored no-op summary (hostile JSON: it comes from a file), or undefined when any part has
 * the wrong shape.
 *
 * @example
 * ```ts
 * acceptNoopSummary({ heads: ["a1"], targets: ["heads"], checksums: { a1: "sha256:…" } }); // the summary
 * acceptNoopSummary({ heads: "a1" }); // undefined
 * ```
 */
export function acceptNoopSummary(value: unknown): NoopSummary | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { heads, targets, checksums } = value as Record<string, unknown>;
  if (!isStrings(heads) || !isStrings(targets)) return undefined;
  if (typeof checksums !== "object" || checksums === null || Array.isArray(checksums)) return undefined;
  const copy: Record<string, string> = Object.create(null);
  for (const [id, checksum] of Object.entries(checksums)) {
    if (typeof checksum !== "string") return undefined;
    copy[id] = checksum;
  }
  // the heads are applied revisions too: a summary without their checksums was not ours
  if (heads.some((id) => !(id in copy))) return undefined;
  return { heads: [...heads], targets: [...targets], checksums: copy };
}

/**
 * Runs the pre-flight part of `upgrade(options, target)` against the database — connect, take
 * the migration lock, read the version table and history, release — and returns the no-op's
 * result when the summary proves the upgrade plans nothing and passes every check the full run
 * makes: the database's heads are the graph's, no revision stopped part-way, and no applied
 * revision's recorded checksum conflicts with its file's. Anything else is undefined: nothing was
 * written, and the caller runs the real `upgrade`, which decides and reports as always.
 *
 * @example
 * ```ts
 * const result = (await confirmNoopUpgrade(options, summary, "heads")) ?? (await upgrade(run, "heads"));
 * ```
 */
export async function confirmNoopUpgrade(
  options: NoopCheckOptions,
  summary: NoopSummary,
  target: string,
): Promise<RunResult | undefined> {
  if (!summary.targets.includes(target)) return undefined;
  const resolved = resolveRunnerOptions(options);
  assertVersionTableNamesFit(resolved.versionTable, resolved.dialect.bookkeepingSql);
  resolveLockRetry(resolved.lockRetry); // a bad setting fails before connecting, as in upgrade
  const sql = new BookkeepingSql(resolved.dialect, resolved.versionTable);
  // One round trip where the dialect has the combined read: a summary exists only where the
  // tables did, and when they are gone or damaged the read fails and the full run reports it.
  const combined = sql.selectState();
  const judge = (state: RunState | undefined, waitedForLockMs: number): RunResult | undefined => {
    if (state === undefined) return undefined;
    if (!sameHeads(state.heads, summary.heads)) return undefined;
    if (unresolvedPartials(state.history).length > 0) return undefined;
    // as findChecksumMismatches: every applied revision with a recorded checksum
    const recorded = recordedChecksums(state.history);
    for (const [id, current] of Object.entries(summary.checksums)) {
      const was = recorded.get(id);
      if (was !== undefined && checksumsConflict(was, current)) return undefined;
    }
    safeProgress(resolved, { type: "plan", direction: "upgrade", revisions: [] });
    return { results: [], heads: { before: state.heads, after: state.heads }, waitedForLockMs };
  };
  return withSession(resolved, { lock: false }, async ({ conn }) => {
    // The lock taken, the state read and the lock released in one round trip where the dialect
    // batches them and the lock is free; else waited for as upgrade waits.
    const batched =
      combined === undefined || resolved.dialect.readUnderLock === undefined
        ? undefined
        : await resolved.dialect.readUnderLock(conn, lockKeyOf(resolved.versionTable), combined).then(
            (rows) => (rows === undefined ? undefined : { state: stateOfRows(rows) }),
            () => ({ state: undefined }), // the read failed: the full run reports why
          );
    if (batched !== undefined) {
      safeProgress(resolved, { type: "lock-acquired", waitedMs: 0 });
      return judge(batched.state, 0);
    }
    return holdingLock(resolved, conn, async (waitedForLockMs) => {
      const state =
        combined === undefined ? await readRunState(conn, sql) : await readCombinedState(conn, combined);
      return judge(state, waitedForLockMs);
    });
  });
}

function sameHeads(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

function isStrings(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}
