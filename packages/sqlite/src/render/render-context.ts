import type { Connection, RenderContext, TableModel } from "@athanor/core";
import { readSqliteSchema, type StoredTableFacts } from "../introspector.js";

/** A view, trigger or index as SQLite stores it: recreated verbatim after a rebuild. */
export interface StoredObject {
  readonly type: "index" | "trigger" | "view";
  readonly name: string;
  readonly table: string;
  readonly sql: string;
}

/**
 * SQLite's render context: the reflected model plus the stored SQL of every index, trigger and
 * view in creation order (a rebuild drops them with the table and must recreate them exactly).
 */
export interface SqliteRenderContext extends RenderContext {
  objects: StoredObject[];
  /**
   * Per table, what its stored CREATE TABLE says that the model does not hold: options a rebuild
   * writes back (`STRICT`, `WITHOUT ROWID`) and clauses it cannot (a rebuild of it refuses).
   * Absent for tables that have neither, and for tables created in the revision being rendered.
   */
  stored?: ReadonlyMap<string, StoredTableFacts> | undefined;
  /**
   * Set where foreign keys cannot be switched off for the migration session (Cloudflare D1):
   * a rebuild then defers them, keeps the rows of the tables a DROP of the old table would cascade
   * into and puts them back, and is one statement list the session sends as one batch
   * (render/enforced-rebuild.ts).
   */
  foreignKeysEnforced?: true | undefined;
  /**
   * Set while a run of operations on one table is rendered as one rebuild (render/rebuild-batch.ts):
   * each operation's rebuild is recorded here, and the model advanced, instead of being written.
   */
  collecting?: RebuildStep[] | undefined;
  /**
   * Offline (render/offline-replay.ts): why the replayed definition of `table` cannot be trusted —
   * the revision whose SQL naming it could not be replayed — or undefined when it can.
   */
  replayGap?: ((table: string) => ReplayGap | undefined) | undefined;
}

/** A revision the offline replay could not follow, and why. */
export interface ReplayGap {
  readonly revision: string;
  readonly reason: string;
}

/** One operation's move-and-copy, as a batch collects it: the table before and after, and the copy. */
export interface RebuildStep {
  readonly prior: TableModel;
  readonly next: TableModel;
  /** Per new column, the expression over the old row (absent: its default, or computed). */
  readonly copy: ReadonlyMap<string, string>;
  readonly dropped: ReadonlySet<string>;
  /** What the operation does without a rebuild (a DROP COLUMN of an unconstrained column). */
  readonly direct?: readonly string[] | undefined;
}

/**
 * Reads the schema a revision starts from (the runner calls it through `Dialect.reflect`).
 *
 * @example
 * ```ts
 * const context = await reflectSqlite(conn);
 * ```
 */
export async function reflectSqlite(conn: Connection): Promise<SqliteRenderContext> {
  const { model, stored } = await readSqliteSchema(conn);
  const rows = await conn.query<{ type: StoredObject["type"]; name: string; tbl_name: string; sql: string }>(
    "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE type IN ('index', 'trigger', 'view') AND sql IS NOT NULL ORDER BY rowid",
  );
  return {
    model,
    stored,
    objects: rows.rows.map((r) => ({ type: r.type, name: r.name, table: r.tbl_name, sql: r.sql })),
  };
}
