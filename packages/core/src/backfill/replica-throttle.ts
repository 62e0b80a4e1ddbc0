import type { Connection } from "../dialect/connection.js";
import type { Dialect, ReplicaLag, ReplicaLagLimit } from "../dialect/dialect.js";
import { AthanorError } from "../errors.js";
import { sleep } from "../runner/lock-retry.js";
import type { BackfillEvent, ReplicaLagSummary } from "./backfill-progress.js";
import {
  assertMaxReplicaLag,
  DEFAULT_CHECK_MS,
  type MaxReplicaLag,
  REPLICA_LAG_LIMITS,
} from "./max-replica-lag.js";

// What a replica's figures can judge when the probe does not say: a streaming replica's lag.
const STREAMING_MEASURES: readonly ReplicaLagLimit[] = ["seconds", "bytes"];
const measuresOf = (r: ReplicaLag) => r.measures ?? STREAMING_MEASURES;

/** One check's reading of a replica, with the flow-control share computed from the previous check. */
interface Reading {
  readonly replica: ReplicaLag;
  readonly flowControlPaused: number | null;
}

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
  #maxQueue: number | null = null;
  #maxFlowControlPaused: number | null = null;
  #pausedMs = 0;
  #pauses = 0;
  #checkedLimits = false;
  readonly #dialectName: string;
  // Per replica: its cumulative flow-control pause and when it was read, for the next delta.
  readonly #previousPause = new Map<string, { ns: number; at: number }>();
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
    this.#probe = (c) => probe.call(dialect, c, limit);
    this.#dialectName = dialect.name;
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
        replica: worst.replica.name,
        lagMs: worst.replica.lagMs,
        lagBytes: worst.replica.lagBytes,
        ...(worst.replica.queue === undefined ? {} : { queue: worst.replica.queue }),
        ...(worst.replica.flowControlPausedNs === undefined
          ? {}
          : { flowControlPaused: worst.flowControlPaused }),
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
      ...(this.#maxQueue === null ? {} : { maxQueue: this.#maxQueue }),
      ...(this.#maxFlowControlPaused === null ? {} : { maxFlowControlPaused: this.#maxFlowControlPaused }),
      pausedMs: Math.round(this.#pausedMs),
      pauses: this.#pauses,
    };
  }

  // Records the highest lag and returns the first replica over a limit, if any.
  #observe(replicas: readonly ReplicaLag[]): Reading | undefined {
    this.#refuseUnmeasurable(replicas);
    const limit = this.limit;
    let over: Reading | undefined;
    for (const r of replicas) {
      const reading: Reading = { replica: r, flowControlPaused: this.#flowControlShare(r) };
      if (r.lagMs !== null) this.#maxLagMs = Math.max(this.#maxLagMs ?? 0, r.lagMs);
      if (r.lagBytes !== null) this.#maxLagBytes = Math.max(this.#maxLagBytes ?? 0, r.lagBytes);
      if (typeof r.queue === "number") this.#maxQueue = Math.max(this.#maxQueue ?? 0, r.queue);
      if (reading.flowControlPaused !== null)
        this.#maxFlowControlPaused = Math.max(this.#maxFlowControlPaused ?? 0, reading.flowControlPaused);
      const late =
        (limit.seconds !== undefined && r.lagMs !== null && r.lagMs > limit.seconds * 1000) ||
        (limit.bytes !== undefined && r.lagBytes !== null && r.lagBytes > limit.bytes) ||
        (limit.queue !== undefined && typeof r.queue === "number" && r.queue > limit.queue) ||
        (limit.flowControlPaused !== undefined &&
          reading.flowControlPaused !== null &&
          reading.flowControlPaused > limit.flowControlPaused);
      if (late && over === undefined) over = reading;
    }
    return over;
  }

  // The share of the time since this replica's previous reading that flow control paused it
  // (null on its first reading: a cumulative counter says nothing about now).
  #flowControlShare(r: ReplicaLag): number | null {
    if (typeof r.flowControlPausedNs !== "number") return null;
    const now = performance.now();
    const previous = this.#previousPause.get(r.name);
    this.#previousPause.set(r.name, { ns: r.flowControlPausedNs, at: now });
    if (previous === undefined || now <= previous.at) return null;
    const pausedMs = Math.max(0, r.flowControlPausedNs - previous.ns) / 1e6;
    return Math.min(1, pausedMs / (now - previous.at));
  }

  // A limit no replica's figures can judge (a time limit on Galera, a queue limit on PostgreSQL)
  // would never fire: refused at the first answer that names replicas, rather than left inert.
  #refuseUnmeasurable(replicas: readonly ReplicaLag[]): void {
    if (this.#checkedLimits || replicas.length === 0) return;
    this.#checkedLimits = true;
    for (const field of REPLICA_LAG_LIMITS) {
      if (this.limit[field] === undefined) continue;
      if (replicas.some((r) => measuresOf(r).includes(field))) continue;
      throw new AthanorError(
        "ATHANOR_UNSUPPORTED",
        `maxReplicaLag.${field} cannot be measured here: the ${this.#dialectName} server's replicas (${replicas.map((r) => r.name).join(", ")}) report ${measuredLimits(replicas).join(" and ") || "no limit athanor knows"}. Set one of those instead.`,
        {
          dialect: this.#dialectName,
          feature: `maxReplicaLag.${field}`,
          measurable: measuredLimits(replicas),
        },
      );
    }
  }
}

function measuredLimits(replicas: readonly ReplicaLag[]): string[] {
  return REPLICA_LAG_LIMITS.filter((field) => replicas.some((r) => measuresOf(r).includes(field)));
}
