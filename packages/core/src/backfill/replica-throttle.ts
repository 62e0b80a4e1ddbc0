import type { Connection } from "../dialect/connection.js";
import type { Dialect, ReplicaLag } from "../dialect/dialect.js";
import { AthanorError } from "../errors.js";
import { sleep } from "../runner/lock-retry.js";
import type { BackfillEvent, ReplicaLagSummary } from "./backfill-progress.js";
import { assertMaxReplicaLag, DEFAULT_CHECK_MS, type MaxReplicaLag } from "./max-replica-lag.js";

/**
 * The lag throttle one backfill run calls before each batch: asks the dialect's probe, pauses while
 * a replica lags past the limit, and keeps the highest lag seen and the time paused for the
 * summary and progress events.
 *
 * @example
 * ```ts
 * const throttle = new ReplicaThrottle(conn, dialect, { bytes: 1 << 20 }, onEvent);
 * await throttle.waitBeforeBatch({ revision: "b2", table: "users" }, signal);
 * ```
 */
export class ReplicaThrottle {
  #maxLagMs: number | null = null;
  #maxLagBytes: number | null = null;
  #pausedMs = 0;
  #pauses = 0;
  readonly #probe: (conn: Connection) => Promise<readonly ReplicaLag[]>;

  constructor(
    readonly conn: Connection,
    dialect: Dialect,
    readonly limit: MaxReplicaLag,
    readonly onEvent: ((event: BackfillEvent) => void) | undefined,
  ) {
    assertMaxReplicaLag(limit);
    const probe = dialect.replicaLag;
    if (probe === undefined) {
      throw new AthanorError(
        "ATHANOR_UNSUPPORTED",
        `maxReplicaLag is set, but the ${dialect.name} dialect cannot see its replicas' lag (it has no replicaLag probe). Remove maxReplicaLag, or throttle with the backfill's sleepMs.`,
        { dialect: dialect.name, feature: "maxReplicaLag" },
      );
    }
    this.#probe = (c) => probe.call(dialect, c);
  }

  /** Waits until every replica is within the limit; true when `signal` aborted the wait (the caller stops). */
  async waitBeforeBatch(where: { revision: string; table: string }, signal?: AbortSignal): Promise<boolean> {
    let pausedSince: number | undefined;
    for (;;) {
      const worst = this.#observe(await this.#probe(this.conn));
      if (worst === undefined || signal?.aborted === true) break;
      const now = performance.now();
      if (pausedSince === undefined) {
        pausedSince = now;
        this.#pauses += 1;
      }
      this.onEvent?.({
        type: "backfill-throttle",
        revision: where.revision,
        table: where.table,
        replica: worst.name,
        lagMs: worst.lagMs,
        lagBytes: worst.lagBytes,
        pausedMs: this.#pausedMs + (now - pausedSince),
      });
      await sleep(this.limit.checkEveryMs ?? DEFAULT_CHECK_MS);
    }
    if (pausedSince !== undefined) this.#pausedMs += performance.now() - pausedSince;
    return signal?.aborted === true;
  }

  /** The highest lag seen and the time paused so far. */
  summary(): ReplicaLagSummary {
    return {
      maxLagMs: this.#maxLagMs,
      maxLagBytes: this.#maxLagBytes,
      pausedMs: Math.round(this.#pausedMs),
      pauses: this.#pauses,
    };
  }

  // Records the highest lag and returns the first replica over a limit, if any.
  #observe(replicas: readonly ReplicaLag[]): ReplicaLag | undefined {
    let over: ReplicaLag | undefined;
    for (const r of replicas) {
      if (r.lagMs !== null) this.#maxLagMs = Math.max(this.#maxLagMs ?? 0, r.lagMs);
      if (r.lagBytes !== null) this.#maxLagBytes = Math.max(this.#maxLagBytes ?? 0, r.lagBytes);
      const late =
        (this.limit.seconds !== undefined && r.lagMs !== null && r.lagMs > this.limit.seconds * 1000) ||
        (this.limit.bytes !== undefined && r.lagBytes !== null && r.lagBytes > this.limit.bytes);
      if (late && over === undefined) over = r;
    }
    return over;
  }
}
