import type { Connection } from "../dialect/connection.js";
import { assertVersionTableNamesFit } from "../dialect/version-table-names.js";
import { BookkeepingSql } from "./bookkeeping-sql.js";
import { checksumsConflict } from "./checksum.js";
import { resolveLockRetry } from "./lock-retry.js";
import {
  type RunState,
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
  /** `appliedDigest(checksums)`: what the server's digest of the recorded checksums is when they all match. */
  readonly appliedDigest?: string | undefined;
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
  const { heads, targets, checksums, appliedDigest } = value as Record<string, unknown>;
  if (!isStrings(heads) || !isStrings(targets)) return undefined;
  if (appliedDigest !== undefined && !(typeof appliedDigest === "string" && MD5_HEX.test(appliedDigest)))
    return undefined;
  if (typeof checksums !== "object" || checksums === null || Array.isArray(checksums)) return undefined;
  const copy: Record<string, string> = Object.create(null);
  for (const [id, checksum] of Object.entries(checksums)) {
    if (typeof checksum !== "string") return undefined;
    copy[id] = checksum;
  }
  // the heads are applied revisions too: a summary without their checksums was not ours
  if (heads.some((id) => !(id in copy))) return undefined;
  return { heads: [...heads], targets: [...targets], checksums: copy, appliedDigest };
}

const MD5_HEX = /^[0-9a-f]{32}$/;

/**
 * Runs the pre-flight part of `upgrade(options, target)` against the database — connect, take
 * the migration lock, read the version table and history, release — and returns the no-op's
 * result when the summary proves the upgrade plans nothing and passes every check the full run
 * makes: the database's heads are the graph's, no revision stopped part-way, and no applied
 * revision's recorded checksum conflicts with its file's. Anything else is undefined: nothing was
 * written, and the caller runs the real `upgrade`, which decides and reports as always.
 *
 * `summary` may be a function, called once while the first read is on its way to the server
 * (where the dialect computes the digest): a caller that must stamp the revision folder to find
 * its summary does that while the server works instead of before connecting. Undefined from it
 * is no answer.
 *
 * @example
 * ```ts
 * const result = (await confirmNoopUpgrade(options, summary, "heads")) ?? (await upgrade(run, "heads"));
 * ```
 */
export async function confirmNoopUpgrade(
  options: NoopCheckOptions,
  summary: NoopSummary | (() => NoopSummary | undefined),
  target: string,
): Promise<RunResult | undefined> {
  if (typeof summary !== "function" && !summary.targets.includes(target)) return undefined;
  const resolved = resolveRunnerOptions(options);
  assertVersionTableNamesFit(resolved.versionTable, resolved.dialect.bookkeepingSql);
  resolveLockRetry(resolved.lockRetry); // a bad setting fails before connecting, as in upgrade
  const sql = new BookkeepingSql(resolved.dialect, resolved.versionTable);
  if (typeof summary === "function") {
    const ahead = sql.selectNoopDigest();
    if (ahead !== undefined) return confirmAhead(resolved, sql, ahead, summary, target);
    // no digest read to send ahead (the dialect has none): the summary first, then the rows
    const known = summary();
    if (known === undefined || !known.targets.includes(target)) return undefined;
    return confirmKnown(resolved, sql, known, undefined);
  }
  return confirmKnown(
    resolved,
    sql,
    summary,
    summary.appliedDigest === undefined ? undefined : sql.selectNoopDigest(),
  );
}

/**
 * {@link confirmNoopUpgrade} with the summary asked for once the digest read is sent: the read is
 * the one a summary with a digest makes (ours always store one), and the summary's checks are the
 * same; a summary without a digest is judged from the rows, read after.
 */
async function confirmAhead(
  resolved: ResolvedNoopOptions,
  sql: BookkeepingSql,
  digestRead: string,
  summaryOf: () => NoopSummary | undefined,
  target: string,
): Promise<RunResult | undefined> {
  return withSession(resolved, { lock: false }, async (session) => {
    const batch = readUnderFreeLock(resolved, session.conn, digestRead);
    let summary: NoopSummary | undefined;
    try {
      // the driver sends in a later microtask: the read leaves before the caller's work starts
      await new Promise((resolve) => setImmediate(resolve));
      summary = summaryOf();
    } finally {
      // settled before anything else goes out on the session, whatever the caller's work did
      await batch.catch(() => undefined);
    }
    if (summary === undefined || !summary.targets.includes(target)) return undefined;
    // the lock was busy (or the dialect has no such batch): waited for as upgrade waits, only now
    // that a summary can answer
    const read = (await batch) ?? (await readLocked(resolved, session.conn, digestRead));
    return confirmOnSession(resolved, sql, summary, session, read);
  });
}

type ResolvedNoopOptions = ReturnType<typeof resolveRunnerOptions<NoopCheckOptions>>;

async function confirmKnown(
  resolved: ResolvedNoopOptions,
  sql: BookkeepingSql,
  summary: NoopSummary,
  digestRead: string | undefined,
): Promise<RunResult | undefined> {
  return withSession(resolved, { lock: false }, async (session) =>
    confirmOnSession(
      resolved,
      sql,
      summary,
      session,
      digestRead === undefined ? undefined : await readLocked(resolved, session.conn, digestRead),
    ),
  );
}

/**
 * The checks on an open session: the digest read's rows when one was made (`digest`), else or
 * when the digest differs the rows of the combined read.
 */
async function confirmOnSession(
  resolved: ResolvedNoopOptions,
  sql: BookkeepingSql,
  summary: NoopSummary,
  { conn }: { readonly conn: Connection },
  digest: LockedRead | undefined,
): Promise<RunResult | undefined> {
  // One round trip where the dialect has the combined read: a summary exists only where the
  // tables did, and when they are gone or damaged the read fails and the full run reports it.
  const combined = sql.selectState();
  const answer = (heads: readonly string[], waitedForLockMs: number): RunResult => {
    safeProgress(resolved, { type: "plan", direction: "upgrade", revisions: [] });
    return { results: [], heads: { before: heads, after: heads }, waitedForLockMs };
  };
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
    return answer(state.heads, waitedForLockMs);
  };
  if (digest !== undefined) {
    // A failed digest (md5 refused: FIPS mode, no EXECUTE) is no answer either way: the rows
    // say. No transaction is open here, and a failed batch ends its own implicit one.
    if (digest.rows !== undefined) {
      const found = digestStateOfRows(digest.rows);
      if (!sameHeads(found.heads, summary.heads) || found.partial) return undefined;
      if (summary.appliedDigest !== undefined && found.digest === summary.appliedDigest)
        return answer(found.heads, digest.waitedForLockMs);
    }
    // Another digest is not yet a conflict (a revision recorded without a checksum, or from a
    // module, or one downgraded since): the rows say, as they did before the digest.
  }
  if (combined === undefined) {
    return holdingLock(resolved, conn, async (waitedForLockMs) =>
      judge(await readRunState(conn, sql), waitedForLockMs),
    );
  }
  const read = await readLocked(resolved, conn, combined);
  return judge(read.rows === undefined ? undefined : stateOfRows(read.rows), read.waitedForLockMs);
}

/**
 * `read` made under the migration lock: in one round trip where the dialect batches the lock,
 * the read and the unlock and the lock is free; else waited for as upgrade waits. No rows when
 * the read failed: the full run reports why.
 */
async function readLocked(resolved: SessionOptions, conn: Connection, read: string): Promise<LockedRead> {
  return (await readUnderFreeLock(resolved, conn, read)) ?? readWaitingForLock(resolved, conn, read);
}

/** What a read under the migration lock found: no rows when the read failed (the full run reports why). */
interface LockedRead {
  readonly rows: readonly Record<string, unknown>[] | undefined;
  readonly waitedForLockMs: number;
}

/**
 * {@link readLocked}'s one round trip — lock, `read`, unlock in one batch — or undefined when the
 * lock is busy or the dialect has no such batch.
 */
async function readUnderFreeLock(
  resolved: SessionOptions,
  conn: Connection,
  read: string,
): Promise<LockedRead | undefined> {
  if (resolved.dialect.readUnderLock === undefined) return undefined;
  const batched = await resolved.dialect.readUnderLock(conn, lockKeyOf(resolved.versionTable), read).then(
    (rows) => (rows === undefined ? undefined : { rows }),
    () => ({ rows: undefined }),
  );
  if (batched === undefined) return undefined;
  safeProgress(resolved, { type: "lock-acquired", waitedMs: 0 });
  return { rows: batched.rows, waitedForLockMs: 0 };
}

async function readWaitingForLock(
  resolved: SessionOptions,
  conn: Connection,
  read: string,
): Promise<LockedRead> {
  return holdingLock(resolved, conn, async (waitedForLockMs) => ({
    rows: await conn.query<Record<string, unknown>>(read).then(
      (result) => result.rows,
      () => undefined,
    ),
    waitedForLockMs,
  }));
}

/** The rows of `BookkeepingSql.selectNoopDigest`. */
function digestStateOfRows(rows: readonly Record<string, unknown>[]): {
  readonly heads: readonly string[];
  readonly digest: string | undefined;
  readonly partial: boolean;
} {
  const heads: string[] = [];
  let digest: string | undefined;
  let partial = false;
  for (const row of rows) {
    const part = Number(row.part);
    if (part === 1) heads.push(String(row.value));
    else if (part === 3) {
      digest = row.value == null ? undefined : String(row.value);
      partial = Number(row.partial) !== 0;
    }
  }
  return { heads: heads.sort(), digest, partial };
}

function sameHeads(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

function isStrings(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}
