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
      return `backfill ${event.table}: ${n(event.rowsDone)}${of}, ${n(event.rowsPerSecond)} rows/s${eta}`;
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
  return `${n(s.rows)} rows in ${n(s.batches)} batch${s.batches === 1 ? "" : "es"}, ${formatDuration(s.durationMs)}, longest batch ${Math.round(s.longestBatchMs)} ms${s.resumed ? " (resumed)" : ""}`;
}

function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}
