import { type BackfillEvent, formatBackfillEvent } from "@athanor/core/preflight";
import { inertText } from "@athanor/core/text";

type ProgressEvent = Extract<BackfillEvent, { type: "backfill-progress" }>;

const BAR_WIDTH = 24;

/**
 * A text bar for a fraction in [0, 1]: `██████░░░░░░` (clamped; the total is an estimate, so the
 * rows done may pass it).
 *
 * @example
 * ```ts
 * progressBar(0.5, 4); // "██░░"
 * ```
 */
export function progressBar(fraction: number, width = BAR_WIDTH): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
}

/**
 * The live line of a running backfill on a terminal: a bar when the total is known, then rows,
 * rows/s and the time left, e.g. `backfill users ████████░░░░ 50% 5,000 / ~10,000 rows, 25,000
 * rows/s, ETA 0.2 s`. Without a total estimate: the rows and rate only.
 *
 * @example
 * ```ts
 * backfillLiveLine({ type: "backfill-progress", revision: "b2", table: "users", rowsDone: 5000, batches: 5,
 *   rowsPerSecond: 25000, estimatedTotal: 10000, etaMs: 200, lastBatchMs: 40 });
 * ```
 */
export function backfillLiveLine(event: ProgressEvent): string {
  const total = event.estimatedTotal;
  const plain = formatBackfillEvent({ ...event, table: inertText(event.table) });
  if (total === undefined || total <= 0) return plain;
  const fraction = event.rowsDone / total;
  const head = `backfill ${inertText(event.table)}: `;
  return `backfill ${inertText(event.table)} ${progressBar(fraction)} ${plain.slice(head.length)}`;
}
