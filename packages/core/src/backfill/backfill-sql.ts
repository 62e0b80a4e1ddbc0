import type { QualifiedName } from "../ops/definitions.js";

/** A statement with its bind parameters, in the dialect's placeholder style. */
export interface BackfillQuery {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/** One column of the backfilled table as the batches need it. */
export interface BackfillColumn {
  readonly name: string;
  /** The column's full SQL type (`bigint`, `character varying(20)`), for casts of bound values. */
  readonly type: string;
}

/**
 * What a batch works on: the table, its primary key (in key order) and the idempotency filter.
 * Key values travel as text (the cursor), cast back to the key's type where bound.
 */
export interface BackfillTarget {
  readonly table: QualifiedName;
  readonly key: readonly BackfillColumn[];
  readonly where: string | undefined;
  readonly batchSize: number;
  /**
   * Columns the server sets by itself whenever a row is updated (MySQL/MariaDB `ON UPDATE
   * CURRENT_TIMESTAMP`), read by `describeTable`'s `on_update`: a batch's UPDATE assigns each one
   * it does not write to itself, so a backfill leaves every row's last-modified time as it was.
   * Absent: none.
   */
  readonly keepOnUpdate?: readonly string[];
}

/** Last key of a batch as text, one entry per key column; `null` before the first batch. */
export type BackfillCursor = readonly string[] | null;

/**
 * Alias of the i-th key column in batch results: every batch query returns the batch's key
 * values as text under these names, so the engine can move the cursor without knowing types.
 */
export function keyAlias(index: number): string {
  return `athanor_k${index}`;
}

/**
 * The dialect-specific SQL of batched backfills. Implemented by `@athanor/postgres` (PostgreSQL
 * and PGlite) and `@athanor/mysql`; the engine (`runBackfill`) only sequences these statements,
 * wraps each batch in its own transaction and keeps the cursor.
 *
 * @example
 * ```ts
 * const dialect: Dialect = { ...base, backfillSql: postgresBackfillSql };
 * ```
 */
export interface BackfillSql {
  /**
   * Rows `{ name, type, key_position, on_update? }` for every column; `key_position` (1-based) is
   * null outside the primary key; `on_update` true (or 1) where the server changes the column by
   * itself on every update of the row ({@link BackfillTarget.keepOnUpdate}).
   */
  describeTable(table: QualifiedName): BackfillQuery;
  /** One row `{ estimate }`: a cheap row-count estimate of the table (catalog statistics); negative or null = unknown. */
  estimateRows(table: QualifiedName): BackfillQuery;
  /** One row `{ n }`: the exact number of rows matching `where` (only used when the table is small or unanalysed). */
  countRows(table: QualifiedName, where: string | undefined): BackfillQuery;
  /**
   * Optional one-statement batch for `set` backfills: picks the next `batchSize` keys after the
   * cursor that match `where`, updates them, and returns one row `{ selected, updated,
   * athanor_k0.. }` with the last key as text — or no row when nothing is left.
   */
  updateBatch?(
    target: BackfillTarget,
    set: Readonly<Record<string, string>>,
    cursor: BackfillCursor,
  ): BackfillQuery;
  /**
   * The next batch's rows after the cursor, in key order, locked for update: the columns asked for
   * (all when undefined) plus each key column as text under {@link keyAlias}.
   */
  selectBatch(
    target: BackfillTarget,
    cursor: BackfillCursor,
    columns: readonly string[] | "keys" | undefined,
  ): BackfillQuery;
  /** Updates every row with a key in `(cursor, last]` that still matches `where` (two-step `set` backfills). */
  updateRange(
    target: BackfillTarget,
    set: Readonly<Record<string, string>>,
    cursor: BackfillCursor,
    last: readonly string[],
  ): BackfillQuery;
  /**
   * Writes computed values: one entry per row, the key values then the `columns` values, in order.
   */
  updateRows(
    target: BackfillTarget,
    columns: readonly BackfillColumn[],
    rows: readonly (readonly unknown[])[],
  ): BackfillQuery;
  /** The most bind parameters one statement may carry (the engine splits larger updates). */
  readonly maxParams: number;
  /**
   * Optional: what ends a batch's transaction after it wrote `written` columns of `table`
   * (undefined = columns only the batch's code knows), in place of `Dialect.commitTransaction` —
   * for a dialect whose COMMIT runs checks (SQLite's foreign key check) that a batch can limit to
   * the tables it may have broken.
   */
  commitBatch?(table: QualifiedName, written: readonly string[] | undefined): string;
}
