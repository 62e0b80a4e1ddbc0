import type { Connection } from "../dialect/connection.js";
import type { Dialect, LockOptions } from "../dialect/dialect.js";
import { AthanorError, isAthanorError } from "../errors.js";
import { type PreparedRun, retargetRun } from "../runner/prepare-run.js";
import { RUNNER_DEFAULTS } from "../runner/runner-options.js";
import type { FleetTargetRecord, FleetTargetStatus, TargetOutcome } from "./fleet-record.js";
import { errorOfThrown } from "./fleet-record.js";
import { checkTargets, type FleetTarget } from "./fleet-target.js";
import { badOption, planWaves, type WaveSize } from "./fleet-waves.js";
import { checkHaltRules, type HaltRules, haltReason } from "./halt-rules.js";
import { headsAfterRefusal } from "./heads-after-refusal.js";
import { forgetFailure, rememberFailure } from "./last-failure.js";
import { type LeasedSession, SessionPool } from "./session-pool.js";
import { type CancelReport, cancelUntilDone, statementGone } from "./statement-cancel.js";
import { inFleetTarget } from "./target-scope.js";
import { timeoutError } from "./timeout-error.js";

/** How a fleet runs: parallelism, canary and waves, halt rules, timeouts. */
export interface FleetRunOptions extends HaltRules {
  readonly targets: readonly FleetTarget[];
  /** Targets run at once, and the most sessions opened per server. Default 4. */
  readonly concurrency?: number | undefined;
  /** The first K targets run first, alone; if any of them fails nothing else is launched. */
  readonly canary?: number | undefined;
  /** After the canary, targets run in waves of this many (or this percentage); each wave finishes before the next. */
  readonly wave?: WaveSize | undefined;
  /** A target's run is stopped (at a safe point, its transaction rolled back) after this long: ATHANOR_FLEET_TIMEOUT. */
  readonly timeoutMs?: number | undefined;
  /**
   * A target whose lock another runner holds is tried again later (try-lock, never a blocking
   * wait, so two fleets never deadlock); after this long in total it fails with ATHANOR_LOCK_TIMEOUT.
   * Default 60 000 ms.
   */
  readonly lockTimeoutMs?: number | undefined;
  /** Wait before trying a busy target again. Default 250 ms. */
  readonly lockPollMs?: number | undefined;
  /** Called as each target's record is final (skipped targets too, when the fleet halts). */
  readonly onTarget?: ((record: FleetTargetRecord) => void) | undefined;
  /** Called as each target starts (progress printers). */
  readonly onStart?: ((target: FleetTarget, wave: number) => void) | undefined;
  /** Stops launching targets and stops the running ones at their next safe point. */
  readonly signal?: AbortSignal | undefined;
}

/** The records, counts and, when the fleet stopped launching, why. */
export interface FleetResult {
  readonly records: readonly FleetTargetRecord[];
  readonly counts: Readonly<Record<FleetTargetStatus, number>>;
  /** ATHANOR_FLEET_HALTED: set when targets were left unlaunched. */
  readonly halted?: AthanorError<"ATHANOR_FLEET_HALTED"> | undefined;
}

/** One target's run, given its retargeted context, its stop signal and the target itself. */
export type TargetAction = (
  run: PreparedRun,
  signal: AbortSignal,
  target: FleetTarget,
) => Promise<TargetOutcome>;

/** Time after a timeout's graceful stop before the session is ended under the run. */
const TIMEOUT_GRACE_MS = 2_000;
/** The same when the statement was cancelled on the server: the run rolls back and records first. */
const CANCEL_GRACE_MS = 10_000;

interface Pending {
  readonly target: FleetTarget;
  readonly index: number;
  readonly wave: number;
  waitedForLockMs: number;
  notBefore: number;
}

/**
 * Runs `action` on every target of a fleet: canary first, then waves, at most `concurrency` at
 * once, each target on a pooled session switched to its schema and under its own migration lock
 * (try-lock: a busy target is retried later). Failures are recorded, never thrown; the fleet stops
 * launching when the canary fails, a halt rule trips, or `signal` aborts.
 */
export async function runFleet(
  prepared: PreparedRun,
  options: FleetRunOptions,
  action: TargetAction,
  settings: {
    readonly locks: boolean;
    /**
     * Targets already known to be where the command asks (a bulk read of heads): recorded
     * `unchanged` at once, without a session, a lock, a stop signal or a retargeted run — at 500
     * tenants those per-target set-ups were ~0.4 s of a no-op run.
     */
    readonly settled?: ReadonlyMap<FleetTarget, readonly string[]> | undefined;
    /** An upgrade's first stage only: a target stopped part-way resumes with it, not past it. */
    readonly expandOnly?: boolean | undefined;
  } = { locks: true },
): Promise<FleetResult> {
  const { targets } = options;
  checkFleetOptions(options);
  const concurrency = options.concurrency ?? 4;
  // an embedded engine (PGlite) has one session: its fleet runs one target at a time
  const parallel = targets.every((t) => t.dialect.capabilities.concurrentConnections) ? concurrency : 1;
  const waves = planWaves(
    targets.map((target, index) => ({ target, index })),
    options,
  );
  const pools = new Map<Dialect, { pool: SessionPool; left: number }>();
  for (const { dialect } of targets) {
    const entry = pools.get(dialect) ?? {
      pool: new SessionPool(dialect, parallel, options.timeoutMs !== undefined),
      left: 0,
    };
    entry.left += 1;
    pools.set(dialect, entry);
  }
  const records: (FleetTargetRecord | undefined)[] = new Array(targets.length);
  const counts: Record<FleetTargetStatus, number> = { changed: 0, unchanged: 0, failed: 0, skipped: 0 };
  const lockTimeoutMs = options.lockTimeoutMs ?? RUNNER_DEFAULTS.lockTimeoutMs;
  const lockPollMs = Math.max(1, options.lockPollMs ?? RUNNER_DEFAULTS.lockPollMs);
  const hasCanary = (options.canary ?? 0) > 0 && targets.length > 0;

  const finish = async (record: FleetTargetRecord, index: number) => {
    records[index] = record;
    counts[record.status] += 1;
    const entry = pools.get(targets[index]?.dialect as Dialect);
    if (entry !== undefined) {
      entry.left -= 1;
      if (entry.left === 0) await entry.pool.close(); // its last target is done: end its sessions
    }
    try {
      options.onTarget?.(record);
    } catch {
      // a broken progress printer never stops the fleet
    }
  };
  let haltedBy: HaltReason | undefined;
  const halt = (reason: HaltReason) => {
    haltedBy ??= reason;
  };
  const onAbort = () => halt("aborted");
  options.signal?.addEventListener("abort", onAbort, { once: true });
  if (options.signal?.aborted === true) halt("aborted");

  // everything a target's run says (its errors' next steps) is said inside its scope
  const runOne = (item: Pending): Promise<"done" | "busy"> =>
    inFleetTarget(item.target.name, () => runOneInScope(item));
  const runOneInScope = async (item: Pending): Promise<"done" | "busy"> => {
    const { target } = item;
    const settledHeads = settings.settled?.get(target);
    if (settledHeads !== undefined) {
      await finish(
        {
          target: target.name,
          ...(target.schema === undefined ? {} : { schema: target.schema }),
          wave: item.wave,
          canary: hasCanary && item.wave === 0,
          status: "unchanged",
          before: settledHeads,
          after: settledHeads,
          revisions: [],
          durationMs: 0,
          waitedForLockMs: 0,
        },
        item.index,
      );
      return "done";
    }
    const pool = pools.get(target.dialect)?.pool as SessionPool;
    let lease: LeasedSession | undefined;
    const base = target.dialect;
    // the runner gets the lease; calls that look the connection up (PGlite's lock) get the driver's
    const inner = (conn: Connection) => (conn === lease ? lease.inner : conn);
    const leased: Dialect = Object.create(base, {
      connect: {
        value: async (): Promise<Connection> => {
          lease = await pool.lease(target.schema);
          return lease;
        },
      },
      acquireLock: {
        value: (conn: Connection, ...rest: [string, LockOptions]) => base.acquireLock(inner(conn), ...rest),
      },
      releaseLock: {
        // A session whose release failed may still hold this tenant's lock: end it, never lend it on.
        value: async (conn: Connection, key: string) => {
          try {
            await base.releaseLock(inner(conn), key);
          } catch (error) {
            if (conn === lease) await lease.destroy();
            throw error;
          }
        },
      },
      ...(base.lockFence === undefined
        ? {}
        : { lockFence: { value: (conn: Connection) => base.lockFence?.(inner(conn)) } }),
      ...(base.lockHolder === undefined
        ? {}
        : { lockHolder: { value: (conn: Connection, key: string) => base.lockHolder?.(inner(conn), key) } }),
      ...(base.reflect === undefined
        ? {}
        : { reflect: { value: (conn: Connection) => base.reflect?.(inner(conn)) } }),
    });
    const run = retargetRun(prepared, {
      dialect: leased,
      versionTable: target.schema === undefined ? undefined : { schema: target.schema },
    });
    // try the lock once: a busy target goes back in the queue instead of blocking a worker
    const once: PreparedRun = {
      ...run,
      options: { ...run.options, lock: { timeoutMs: 0, pollMs: lockPollMs } },
    };
    const stop = new AbortController();
    const signals = options.signal === undefined ? [stop.signal] : [stop.signal, options.signal];
    let timedOut = false;
    let grace: NodeJS.Timeout | undefined;
    let cancelling: Promise<CancelReport> | undefined;
    let cancelledSession: string | undefined;
    let actionDone: () => void = () => undefined;
    const actionSettled = new Promise<void>((resolve) => {
      actionDone = resolve;
    });
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            stop.abort("timeout");
            // cut the running statement short on the server; ending the session is the fallback
            cancelledSession = lease?.sessionId;
            cancelling = cancelUntilDone(base, cancelledSession, actionSettled);
            const graceMs = base.statementCancel === undefined ? TIMEOUT_GRACE_MS : CANCEL_GRACE_MS;
            grace = setTimeout(() => void lease?.destroy(), graceMs);
          }, options.timeoutMs);
    const started = performance.now();
    let outcome: TargetOutcome;
    try {
      outcome = await action(settings.locks ? once : run, AbortSignal.any(signals), target);
    } catch (error) {
      if (isAthanorError(error) && error.code === "ATHANOR_LOCK_TIMEOUT" && settings.locks) {
        const now = performance.now();
        item.waitedForLockMs += now - started + lockPollMs;
        if (item.waitedForLockMs < lockTimeoutMs) {
          item.notBefore = now + lockPollMs;
          return "busy";
        }
      }
      // where the target is, unless a run may still hold it (a timeout, another run's lock)
      const lockTimeout = isAthanorError(error) && error.code === "ATHANOR_LOCK_TIMEOUT";
      const heads = timedOut || lockTimeout ? [] : await headsAfterRefusal(run);
      outcome = { before: heads, after: heads, revisions: [], error: errorOfThrown(error) };
    } finally {
      actionDone();
      clearTimeout(timer);
      clearTimeout(grace);
    }
    if (timedOut && outcome.error !== undefined) {
      const cancel = (await cancelling) ?? { sent: false };
      const gone = await statementGone(base, cancelledSession);
      outcome = {
        ...outcome,
        error: timeoutError(
          target.name,
          options.timeoutMs as number,
          outcome,
          cancel,
          gone,
          settings.expandOnly,
        ),
      };
    }
    const status: FleetTargetStatus =
      outcome.error !== undefined ? "failed" : outcome.revisions.length > 0 ? "changed" : "unchanged";
    // a changing command leaves its verdict in the target, for `status --fleet` in a later process
    if (settings.locks && outcome.untouched !== true) {
      if (outcome.error !== undefined) await rememberFailure(run, outcome.error);
      else await forgetFailure(run);
    }
    await finish(
      {
        target: target.name,
        ...(target.schema === undefined ? {} : { schema: target.schema }),
        wave: item.wave,
        canary: hasCanary && item.wave === 0,
        status,
        before: outcome.before,
        after: outcome.after,
        revisions: outcome.revisions,
        ...(outcome.heldBack === undefined ? {} : { heldBack: outcome.heldBack }),
        durationMs: Math.round(performance.now() - started),
        waitedForLockMs: Math.round(item.waitedForLockMs),
        ...(outcome.error === undefined ? {} : { error: outcome.error }),
        ...(outcome.state === undefined ? {} : { state: outcome.state }),
        ...(outcome.warnings === undefined ? {} : { warnings: outcome.warnings }),
      },
      item.index,
    );
    if (status === "failed") {
      const reason = haltReason(options, {
        failed: counts.failed,
        finished: counts.changed + counts.unchanged + counts.failed,
        total: targets.length,
      });
      if (reason !== undefined) halt(reason);
    }
    return "done";
  };

  const runWave = async (queue: Pending[]) => {
    const worker = async () => {
      for (;;) {
        if (haltedBy !== undefined || queue.length === 0) return;
        const now = performance.now();
        const ready = queue.findIndex((p) => p.notBefore <= now);
        if (ready < 0) {
          const soonest = Math.min(...queue.map((p) => p.notBefore));
          await new Promise((resolve) => setTimeout(resolve, Math.max(1, soonest - now)));
          continue;
        }
        const [item] = queue.splice(ready, 1) as [Pending];
        try {
          options.onStart?.(item.target, item.wave);
        } catch {
          // progress only
        }
        if ((await runOne(item)) === "busy") queue.push(item);
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, queue.length) }, worker));
  };

  const previousMax = process.getMaxListeners();
  // reads and stamps listen for SIGINT per session; a wide fleet would trip Node's leak warning
  process.setMaxListeners(Math.max(previousMax, previousMax + parallel));
  try {
    for (const [wave, members] of waves.entries()) {
      if (haltedBy !== undefined) break;
      await runWave(
        members.map(({ target, index }) => ({ target, index, wave, waitedForLockMs: 0, notBefore: 0 })),
      );
      if (hasCanary && wave === 0 && counts.failed > 0) halt("canary");
    }
  } finally {
    process.setMaxListeners(previousMax);
    options.signal?.removeEventListener("abort", onAbort);
    for (const [wave, members] of waves.entries())
      for (const { target, index } of members)
        if (records[index] === undefined)
          await finish(
            {
              target: target.name,
              ...(target.schema === undefined ? {} : { schema: target.schema }),
              wave,
              canary: hasCanary && wave === 0,
              status: "skipped",
              before: [],
              after: [],
              revisions: [],
              durationMs: 0,
              waitedForLockMs: 0,
            },
            index,
          );
    await Promise.all([...pools.values()].map(({ pool }) => pool.close()));
  }
  const halted =
    haltedBy === undefined || counts.skipped === 0 ? undefined : haltedError(haltedBy, counts, options);
  return { records: records as FleetTargetRecord[], counts, ...(halted === undefined ? {} : { halted }) };
}

/**
 * Refuses bad targets (ATHANOR_FLEET_TARGET_INVALID) and out-of-range options (ATHANOR_USAGE)
 * before anything connects.
 */
export function checkFleetOptions(options: FleetRunOptions): void {
  checkTargets(options.targets);
  checkHaltRules(options);
  const concurrency = options.concurrency ?? 4;
  if (!(Number.isInteger(concurrency) && concurrency >= 1))
    throw badOption("concurrency", String(concurrency), "a whole number ≥ 1");
  if (options.timeoutMs !== undefined && !(options.timeoutMs > 0))
    throw badOption("timeoutMs", String(options.timeoutMs), "a positive number of milliseconds");
  planWaves(options.targets, options);
}

type HaltReason = "canary" | "halt-after" | "halt-rate" | "aborted";

function haltedError(
  reason: HaltReason,
  counts: Readonly<Record<FleetTargetStatus, number>>,
  rules: HaltRules,
): AthanorError<"ATHANOR_FLEET_HALTED"> {
  const finished = counts.changed + counts.unchanged + counts.failed;
  const why = {
    canary: "the canary failed",
    "halt-after": `${counts.failed} target(s) failed (halt after ${rules.haltAfter})`,
    "halt-rate": `${counts.failed} of ${finished} targets failed (halt at a rate of ${rules.haltRate})`,
    aborted: "it was interrupted",
  }[reason];
  return new AthanorError(
    "ATHANOR_FLEET_HALTED",
    `The fleet stopped launching targets because ${why}; ${counts.skipped} target(s) were not started. ` +
      "Fix the failures and run it again: targets already done are left alone.",
    { reason, failed: counts.failed, finished, skipped: counts.skipped },
  );
}
