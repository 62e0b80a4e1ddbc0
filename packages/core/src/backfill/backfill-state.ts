import type { Connection } from "../dialect/connection.js";
import type { Dialect, VersionTableLocation } from "../dialect/dialect.js";
import { VERSION_TABLE_SUFFIXES } from "../dialect/version-table-names.js";

/** Where a backfill stands, as kept between runs. */
export interface BackfillProgressState {
  /** Last key of the last committed batch, as text; null before the first batch. */
  readonly cursor: readonly string[] | null;
  readonly rowsDone: number;
  readonly batches: number;
  /** Time spent in batches so far, over every run. */
  readonly elapsedMs: number;
  readonly longestBatchMs: number;
}

/** Identifies one backfill: the revision, the direction, and its ordinal/table inside the revision. */
export interface BackfillIdentity {
  readonly revision: string;
  readonly direction: string;
  readonly backfill: string;
}

/**
 * The small `<version table>_backfill` table that makes backfills resumable: one row per backfill
 * in progress, updated in the same transaction as each batch (so the cursor never runs ahead of
 * or behind the data), deleted when the backfill completes. Plain portable SQL with quoted
 * literals, like the version table's.
 *
 * @example
 * ```ts
 * const state = new BackfillStateTable(dialect, { name: "athanor_version" });
 * await conn.executeScript([state.create()]);
 * ```
 */
export class BackfillStateTable {
  readonly table: string;
  /** The table's name, unquoted: `<version table>_backfill`. */
  readonly #name: string;

  constructor(
    private readonly dialect: Dialect,
    private readonly location: VersionTableLocation,
  ) {
    this.#name = `${location.name}${VERSION_TABLE_SUFFIXES.backfill}`;
    const q = dialect.quoteIdent(this.#name);
    this.table = location.schema === undefined ? q : `${dialect.quoteIdent(location.schema)}.${q}`;
  }

  /** A read returning one row when the table exists (it is created by the first backfill). */
  exists(): string {
    const catalog = this.dialect.bookkeepingSql.catalog;
    if (catalog !== undefined) return catalog.tableExists(this.location.schema, this.#name);
    const schema =
      this.location.schema === undefined
        ? this.dialect.bookkeepingSql.currentSchema
        : this.dialect.quoteLiteral(this.location.schema);
    return (
      `SELECT 1 AS present FROM information_schema.tables WHERE table_schema = ${schema} ` +
      `AND table_name = ${this.dialect.quoteLiteral(this.#name)}`
    );
  }

  /**
   * Deletes the cursors of a revision (of one direction, or all): cursors left by an earlier
   * attempt must never steer a run that starts the revision's work afresh.
   */
  discard(revision: string, direction?: string): string {
    const l = (v: string) => this.dialect.quoteLiteral(v);
    const dir = direction === undefined ? "" : ` AND ${this.q("direction")} = ${l(direction)}`;
    return `DELETE FROM ${this.table} WHERE ${this.q("revision")} = ${l(revision)}${dir}`;
  }

  private q(name: string): string {
    return this.dialect.quoteIdent(name);
  }

  private match(id: BackfillIdentity): string {
    const l = (v: string) => this.dialect.quoteLiteral(v);
    return `${this.q("revision")} = ${l(id.revision)} AND ${this.q("direction")} = ${l(id.direction)} AND ${this.q("backfill_id")} = ${l(id.backfill)}`;
  }

  create(): string {
    const q = (n: string) => this.q(n);
    return (
      `CREATE TABLE IF NOT EXISTS ${this.table} (${q("revision")} varchar(64) NOT NULL, ${q("direction")} varchar(16) NOT NULL, ` +
      `${q("backfill_id")} varchar(255) NOT NULL, ${q("cursor_key")} text NULL, ${q("rows_done")} bigint NOT NULL, ` +
      `${q("batches")} bigint NOT NULL, ${q("elapsed_ms")} bigint NOT NULL, ${q("longest_batch_ms")} bigint NOT NULL, ` +
      `PRIMARY KEY (${q("revision")}, ${q("direction")}, ${q("backfill_id")}))`
    );
  }

  insert(id: BackfillIdentity): string {
    const l = (v: string) => this.dialect.quoteLiteral(v);
    return (
      `INSERT INTO ${this.table} (${["revision", "direction", "backfill_id", "rows_done", "batches", "elapsed_ms", "longest_batch_ms"].map((n) => this.q(n)).join(", ")}) ` +
      `VALUES (${l(id.revision)}, ${l(id.direction)}, ${l(id.backfill)}, 0, 0, 0, 0)`
    );
  }

  update(id: BackfillIdentity, state: BackfillProgressState): string {
    const cursor = state.cursor === null ? "NULL" : this.dialect.quoteLiteral(JSON.stringify(state.cursor));
    const n = (v: number) => String(Math.round(v));
    return (
      `UPDATE ${this.table} SET ${this.q("cursor_key")} = ${cursor}, ${this.q("rows_done")} = ${n(state.rowsDone)}, ` +
      `${this.q("batches")} = ${n(state.batches)}, ${this.q("elapsed_ms")} = ${n(state.elapsedMs)}, ` +
      `${this.q("longest_batch_ms")} = ${n(state.longestBatchMs)} WHERE ${this.match(id)}`
    );
  }

  delete(id: BackfillIdentity): string {
    return `DELETE FROM ${this.table} WHERE ${this.match(id)}`;
  }

  /**
   * Creates the table if needed and returns the saved state of `id`, inserting a fresh row when
   * there is none (autocommit: called between batches, outside any transaction).
   */
  async open(
    conn: Connection,
    id: BackfillIdentity,
    options: { readonly rewalk?: boolean } = {},
  ): Promise<{ state: BackfillProgressState; resumed: boolean }> {
    await conn.executeScript([this.create()]);
    const cols = ["cursor_key", "rows_done", "batches", "elapsed_ms", "longest_batch_ms"]
      .map((n) => this.q(n))
      .join(", ");
    const rows = (
      await conn.query<Record<string, unknown>>(`SELECT ${cols} FROM ${this.table} WHERE ${this.match(id)}`)
    ).rows;
    const row = rows[0];
    if (row === undefined) {
      await conn.executeScript([this.insert(id)]);
      return {
        state: { cursor: null, rowsDone: 0, batches: 0, elapsedMs: 0, longestBatchMs: 0 },
        resumed: false,
      };
    }
    // With a `where` clause a resumed backfill walks from the first key again: rows already done
    // no longer match, so the walk itself verifies them, at the cost of reading their keys.
    const cursor =
      row.cursor_key == null || options.rewalk === true
        ? null
        : (JSON.parse(String(row.cursor_key)) as string[]);
    return {
      state: {
        cursor,
        rowsDone: Number(row.rows_done),
        batches: Number(row.batches),
        elapsedMs: Number(row.elapsed_ms),
        longestBatchMs: Number(row.longest_batch_ms),
      },
      resumed: Number(row.batches) > 0,
    };
  }
}
