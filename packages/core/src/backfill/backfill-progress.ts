/**
 * What a finished (or resumed-and-finished) backfill did; also written to the history row's note.
 *
 * @example
 * ```ts
 * const summary = await op.backfill({ table: "users", set: { a: "1" } });
 * console.log(summary.rows, summary.longestBatchMs);
 * ```
 */
export interface BackfillSummary {
  readonly table: string;
  /** Rows the batches selected, over every run of this backfill (a resumed one counts earlier runs). */
  readonly rows: number;
  readonly batches: number;
  /** Time spent in batches, over every run. */
  readonly durationMs: number;
  /** The longest single batch transaction: the longest any batch held its row locks. */
  readonly longestBatchMs: number;
  /** True when this run continued from a cursor saved by an interrupted run. */
  readonly resumed: boolean;
  /** With `maxReplicaLag`: the highest replica lag seen and the time the batches waited for replicas (this run). */
  readonly replicaLag?: ReplicaLagSummary | undefined;
}

/**
 * What the replica-lag throttle saw during one backfill run.
 *
 * @example
 * ```ts
 * const seen: ReplicaLagSummary = { maxLagMs: 1800, maxLagBytes: 2_400_000, pausedMs: 3100, pauses: 2 };
 * ```
 */
export interface ReplicaLagSummary {
  /** Highest time lag reported (null: the server never reported one). */
  readonly maxLagMs: number | null;
  /** Highest unreplayed WAL in bytes (null: never reported). */
  readonly maxLagBytes: number | null;
  /** Galera: the longest receive queue seen on a node (write-sets); absent elsewhere. */
  readonly maxQueue?: number | undefined;
  /** Galera: the highest share of time (0 to 1) flow control paused the cluster between two checks; absent elsewhere. */
  readonly maxFlowControlPaused?: number | undefined;
  /** Time spent waiting for replicas between batches. */
  readonly pausedMs: number;
  /** How many times the backfill paused. */
  readonly pauses: number;
}

/** Progress of one backfill, reported through the runner's `onProgress`. */
export type BackfillEvent =
  | {
      readonly type: "backfill-start";
      readonly revision: string;
      readonly table: string;
      /** Rows done by earlier, interrupted runs (0 on a fresh start). */
      readonly resumedAtRows: number;
      readonly estimatedTotal?: number | undefined;
    }
  | {
      readonly type: "backfill-progress";
      readonly revision: string;
      readonly table: string;
      readonly rowsDone: number;
      readonly batches: number;
      /** Throughput of this run so far. */
      readonly rowsPerSecond: number;
      /** A cheap estimate (catalog statistics or an exact count on small tables); may be off. */
      readonly estimatedTotal?: number | undefined;
      /** Time left at the current rate, when the total is known. */
      readonly etaMs?: number | undefined;
      readonly lastBatchMs: number;
      /** With `maxReplicaLag`: the highest lag seen and the time paused so far. */
      readonly replicaLag?: ReplicaLagSummary | undefined;
    }
  | {
      /** A replica lags past `maxReplicaLag`: the next batch waits (repeated every check while it does). */
      readonly type: "backfill-throttle";
      readonly revision: string;
      readonly table: string;
      /** The replica over the limit, as the server names it. */
      readonly replica: string;
      readonly lagMs: number | null;
      readonly lagBytes: number | null;
      /** Galera: the node's receive queue (write-sets not applied yet). */
      readonly queue?: number | null | undefined;
      /** Galera: the share of time (0 to 1) flow control paused the node since the previous check (null on the first). */
      readonly flowControlPaused?: number | null | undefined;
      /** Time paused for replicas so far in this backfill run. */
      readonly pausedMs: number;
    }
  | { readonly type: "backfill-end"; readonly revision: string; readonly summary: BackfillSummary };

/**
 * A one-line rendering of a backfill event, for plain (non-TTY) output.
 *
 * @example
 * ```ts
 * formatBackfillEvent({ type: "backfill-progress", revision: "b2", table: "users", rowsDone: 5000,
 *   batches: 5, rowsPerSecond: 25000, estimatedTotal: 10000, etaMs: 200, lastBatchMs: 40 });
 * // "backfill users: 5,000 / ~10,000 rows (50%), 25,000 rows/s, ETA 0.2 s"
 * ```
 */
export function formatBackfillEvent(event: BackfillEvent): string {
  const n = (v: number) => Math.round(v).toLocaleString("en-US");
  switch (event.type) {
    case "backfill-start":
      return `backfill ${event.table}: ${event.resumedAtRows > 0 ? `resuming after ${n(event.resumedAtRows)} rows` : "starting"}${event.estimatedTotal !== undefined ? `, ~${n(event.estimatedTotal)} rows` : ""}`;
    case "backfill-progress": {
      const total = event.estimatedTotal;
      const of =
        total !== undefined && total > 0
          ? ` / ~${n(total)} rows (${Math.min(100, Math.floor((event.rowsDone / total) * 100))}%)`
          : " rows";
      const eta = event.etaMs !== undefined ? `, ETA ${formatDuration(event.etaMs)}` : "";
      const waited =
        event.replicaLag !== undefined && event.replicaLag.pausedMs > 0
          ? `, paused ${formatDuration(event.replicaLag.pausedMs)} for replicas`
          : "";
      return `backfill ${event.table}: ${n(event.rowsDone)}${of}, ${n(event.rowsPerSecond)} rows/s${eta}${waited}`;
    }
    case "backfill-throttle": {
      const lag = [
        event.lagBytes === null ? undefined : formatBytes(event.lagBytes),
        event.lagMs === null ? undefined : formatDuration(event.lagMs),
      ].filter((part) => part !== undefined);
      const seen = [
        lag.length === 0 ? undefined : `${lag.join(", ")} behind`,
        typeof event.queue === "number" ? formatQueue(event.queue) : undefined,
        typeof event.flowControlPaused === "number" ? formatFlowControl(event.flowControlPaused) : undefined,
      ].filter((part) => part !== undefined);
      return `backfill ${event.table}: waiting for replica ${event.replica} (${seen.length === 0 ? "lag unknown" : seen.join(", ")}), paused ${formatDuration(event.pausedMs)} so far`;
    }
    case "backfill-end":
      return `backfill ${event.summary.table}: done, ${describeSummary(event.summary)}`;
  }
}

/**
 * The summary in words, as the history row's note keeps it.
 *
 * @example
 * ```ts
 * describeSummary({ table: "users", rows: 1000, batches: 1, durationMs: 50, longestBatchMs: 50, resumed: false });
 * // "1,000 rows in 1 batch, 0.1 s, longest batch 50 ms"
 * ```
 */
export function describeSummary(s: BackfillSummary): string {
  const n = (v: number) => Math.round(v).toLocaleString("en-US");
  return `${n(s.rows)} rows in ${n(s.batches)} batch${s.batches === 1 ? "" : "es"}, ${formatDuration(s.durationMs)}, longest batch ${Math.round(s.longestBatchMs)} ms${s.resumed ? " (resumed)" : ""}${s.replicaLag === undefined ? "" : `, ${describeReplicaLag(s.replicaLag)}`}`;
}

function describeReplicaLag(lag: ReplicaLagSummary): string {
  const most = [
    lag.maxLagBytes === null ? undefined : formatBytes(lag.maxLagBytes),
    lag.maxLagMs === null ? undefined : formatDuration(lag.maxLagMs),
    lag.maxQueue === undefined ? undefined : formatQueue(lag.maxQueue),
    lag.maxFlowControlPaused === undefined ? undefined : formatFlowControl(lag.maxFlowControlPaused),
  ].filter((part) => part !== undefined);
  const paused =
    lag.pauses === 0 ? "never paused" : `paused ${lag.pauses}× for ${formatDuration(lag.pausedMs)}`;
  return `replica lag at most ${most.length === 0 ? "unreported" : most.join(" / ")}, ${paused}`;
}

function formatQueue(writeSets: number): string {
  return `${Math.round(writeSets).toLocaleString("en-US")} write-set${writeSets === 1 ? "" : "s"} queued`;
}

function formatFlowControl(share: number): string {
  return `flow control ${Math.round(share * 100)}% paused`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}
