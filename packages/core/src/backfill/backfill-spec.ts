import { AthanorError } from "../errors.js";
import type { NameInput, QualifiedName } from "../ops/definitions.js";
import { qualifiedName } from "../ops/normalize.js";

/** Options every backfill takes. */
interface BackfillCommon {
  /** The table to fill; it must have a primary key (single or composite), the batches walk it. */
  readonly table: NameInput;
  /**
   * SQL condition selecting rows that still need the backfill, e.g. `"email_lower IS NULL"`.
   * It makes the backfill idempotent: a re-run skips rows already done.
   */
  readonly where?: string | undefined;
  /** Rows per batch (one short transaction each). Default 1000. */
  readonly batchSize?: number | undefined;
  /** Pause between batches, to leave room for production traffic. Default 0. */
  readonly sleepMs?: number | undefined;
}

/** A backfill whose new values are SQL expressions evaluated by the database. */
export interface SetBackfillSpec extends BackfillCommon {
  /** Column → SQL expression over the row, e.g. `{ email_lower: "lower(email)" }`. */
  readonly set: Readonly<Record<string, string>>;
  readonly compute?: undefined;
}

/** One row of a compute batch: the primary-key columns plus the columns asked for. */
export type BackfillRow = Readonly<Record<string, unknown>>;

/**
 * A backfill whose new values are computed in JavaScript. `compute` gets the batch's rows and
 * returns one update per row to change: the primary-key values plus the columns to set.
 */
export interface ComputeBackfillSpec extends BackfillCommon {
  /** Columns `compute` reads (the primary key is always included). Default: every column. */
  readonly columns?: readonly string[] | undefined;
  readonly compute: (
    rows: readonly BackfillRow[],
  ) => readonly BackfillRow[] | Promise<readonly BackfillRow[]>;
  readonly set?: undefined;
}

/**
 * What `op.backfill` accepts: a `set` of SQL expressions, or a `compute` callback.
 *
 * @example
 * ```ts
 * await op.backfill({ table: "users", set: { email_lower: "lower(email)" }, where: "email_lower IS NULL" });
 * await op.backfill({ table: "users", compute: async (rows) => rows.map((r) => ({ id: r.id, slug: slugify(r.name) })) });
 * ```
 */
export type BackfillSpec = SetBackfillSpec | ComputeBackfillSpec;

/** A validated backfill with defaults filled in. */
export type NormalizedBackfill = {
  readonly table: QualifiedName;
  readonly where: string | undefined;
  readonly batchSize: number;
  readonly sleepMs: number;
} & (
  | { readonly mode: "set"; readonly set: Readonly<Record<string, string>> }
  | {
      readonly mode: "compute";
      readonly columns: readonly string[] | undefined;
      readonly compute: ComputeBackfillSpec["compute"];
    }
);

/** Defaults of a backfill. */
export const BACKFILL_DEFAULTS = { batchSize: 1000, sleepMs: 0 } as const;

/**
 * Validates a backfill spec; throws ATHANOR_INVALID_OPERATION naming the bad field.
 *
 * @example
 * ```ts
 * normalizeBackfill({ table: "users", set: { a: "1" } }).batchSize; // 1000
 * ```
 */
export function normalizeBackfill(spec: BackfillSpec): NormalizedBackfill {
  if (typeof spec !== "object" || spec === null) throw invalid("the spec must be an object", {});
  const table = qualifiedName("backfill", "table", spec.table);
  const batchSize = spec.batchSize ?? BACKFILL_DEFAULTS.batchSize;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw invalid("batchSize must be a positive integer", { batchSize });
  const sleepMs = spec.sleepMs ?? BACKFILL_DEFAULTS.sleepMs;
  if (!Number.isFinite(sleepMs) || sleepMs < 0) throw invalid("sleepMs must be a number >= 0", { sleepMs });
  if (spec.where !== undefined && (typeof spec.where !== "string" || spec.where.trim() === "")) {
    throw invalid("where must be a non-empty SQL condition", {});
  }
  const common = { table, where: spec.where, batchSize, sleepMs };
  const hasSet = spec.set !== undefined;
  const hasCompute = spec.compute !== undefined;
  if (hasSet === hasCompute)
    throw invalid("give exactly one of `set` (SQL expressions) or `compute` (a callback)", {});
  if (hasSet) {
    const entries = Object.entries(spec.set ?? {});
    if (entries.length === 0) throw invalid("`set` names no column", {});
    for (const [column, expression] of entries) {
      if (column === "" || typeof expression !== "string" || expression.trim() === "") {
        throw invalid(`set.${column || "<empty>"} must be a non-empty SQL expression`, { column });
      }
    }
    return Object.freeze({ ...common, mode: "set", set: Object.freeze({ ...spec.set }) });
  }
  if (typeof spec.compute !== "function") throw invalid("compute must be a function", {});
  if (
    spec.columns !== undefined &&
    (!Array.isArray(spec.columns) || spec.columns.some((c) => typeof c !== "string" || c === ""))
  ) {
    throw invalid("columns must be a list of column names", {});
  }
  return Object.freeze({ ...common, mode: "compute", columns: spec.columns, compute: spec.compute });
}

function invalid(problem: string, meta: Record<string, unknown>): AthanorError {
  return new AthanorError(
    "ATHANOR_INVALID_OPERATION",
    `Cannot build a backfill: ${problem}. Fix the op.backfill({...}) call in the revision file.`,
    { kind: "backfill", ...meta },
  );
}

export { tableLabel } from "../ops/table-label.js";
