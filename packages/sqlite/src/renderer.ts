import type { JsonValue, Operation, OperationKind, OperationOf, RenderContext } from "@athanor/core";
import { inertStatements } from "@athanor/core/text";
import { isBareName, quoteIdent, quoteLiteral, quoteQualified, SQLITE_RAW_CONTROLS } from "./quote.js";
import { advanceContext } from "./render/advance-context.js";
import {
  rebuildAddConstraint,
  rebuildAlterColumn,
  rebuildDropConstraint,
  renderAddColumn,
  renderDropColumn,
} from "./render/rebuild-ops.js";
import { renderRenameIndex } from "./render/rename-index.js";
import { renderRenameTable } from "./render/rename-table.js";
import type { SqliteRenderContext } from "./render/render-context.js";
import { renderColumn, renderCreateIndex, renderCreateTable } from "./render/table.js";
import { unsupported } from "./render/unsupported.js";

/**
 * One renderer per operation kind; the mapped type makes a kind added to core without a SQLite
 * renderer a compile error here.
 */
export type SqliteRenderers = {
  readonly [K in OperationKind]: (
    op: OperationOf<K>,
    ctx: SqliteRenderContext | undefined,
  ) => readonly string[];
};
const never = (kind: string, what: string, instead: string) => (): never => {
  throw unsupported(kind, what, instead);
};
const ENUMS = "Use a text column with CHECK (col IN ('a', 'b'))";
const SEQUENCES = "Use an integer primary key (a rowid alias numbers itself)";
const RLS = "Enforce access in the application";
const NOT_NULL =
  "Use op.alterColumn(table, column, { nullable: false, existingNullable: true, existingType }) (a table rebuild)";
const SYNC = "triggers that assign to NEW (BEFORE triggers cannot change the row)";
const SYNC_INSTEAD =
  "Rename or retype the column in one revision: SQLite has one writer, so old and new code never overlap on a column";

function literal(value: JsonValue): string {
  if (value === null) return "NULL";
  if (typeof value === "boolean") return value ? "1" : "0";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : quoteLiteral(String(value));
  if (typeof value === "string") return quoteLiteral(value);
  return quoteLiteral(JSON.stringify(value)); // JSON columns store text
}

/**
 * The SQLite renderers, as a table keyed by kind. What `ALTER TABLE` does directly (add, rename
 * and drop column, rename table) is rendered directly; changing a column and adding or dropping a
 * constraint rebuild the table from its reflected definition (docs/sqlite.md, "Rebuild rules");
 * what SQLite has no notion of (enums, sequences, schemas, comments, policies) is refused.
 *
 * @example
 * ```ts
 * sqliteRenderers.renameColumn(operations.renameColumn("users", "mail", "email"));
 * // ['ALTER TABLE "users" RENAME COLUMN "mail" TO email'] (a plain name bare: see isBareName)
 * ```
 */
/** `replaces` is MySQL's one-statement swap; here the revision's transaction already makes a drop and a create one step. */
function noReplaces(op: OperationOf<"createIndex" | "addUnique">): void {
  if (op.replaces !== undefined)
    throw unsupported(
      op.kind,
      "one-statement index replacement (replaces)",
      "Write the dropIndex/dropConstraint and then the create: the revision's transaction swaps them at once",
    );
}

export const sqliteRenderers: SqliteRenderers = {
  createTable: renderCreateTable,
  dropTable: (op) => [`DROP TABLE ${quoteQualified(op.table)}`],
  // legacy_alter_table is off by default: references in other tables, triggers and views follow.
  renameTable: renderRenameTable,
  addColumn: (op, ctx) =>
    renderAddColumn(op, ctx, [
      `ALTER TABLE ${quoteQualified(op.table)} ADD COLUMN ${renderColumn(op.column, op.kind)}`,
    ]),
  dropColumn: renderDropColumn,
  alterColumn: rebuildAlterColumn,
  renameColumn: (op) => [
    `ALTER TABLE ${quoteQualified(op.table)} RENAME COLUMN ${quoteIdent(op.from)} TO ${isBareName(op.to) ? op.to : quoteIdent(op.to)}`,
  ],
  createIndex: (op) => {
    noReplaces(op);
    return [renderCreateIndex(op)];
  },
  dropIndex: (op) => {
    if (op.concurrently === true)
      throw unsupported(op.kind, "DROP INDEX CONCURRENTLY", "Leave `concurrently` out");
    return [
      `DROP INDEX ${quoteQualified({ ...(op.table.schema === undefined ? {} : { schema: op.table.schema }), name: op.name })}`,
    ];
  },
  renameIndex: renderRenameIndex,
  addPrimaryKey: rebuildAddConstraint,
  addUnique: (op, ctx) => {
    noReplaces(op);
    return rebuildAddConstraint(op, ctx);
  },
  addForeignKey: rebuildAddConstraint,
  addCheck: rebuildAddConstraint,
  addNotNull: never("addNotNull", "named NOT NULL constraints", NOT_NULL),
  dropConstraint: (op, ctx) => {
    if (op.existing?.type === "notNull") throw unsupported(op.kind, "named NOT NULL constraints", NOT_NULL);
    return rebuildDropConstraint(op, ctx);
  },
  renameConstraint: never(
    "renameConstraint",
    "renaming a constraint in place",
    "Drop the constraint and add it under the new name (a table rebuild), or keep its name",
  ),
  // Every SQLite constraint is checked when the table is built: nothing is left to validate.
  validateConstraint: () => [],
  createEnum: never("createEnum", "named enum types", ENUMS),
  dropEnum: never("dropEnum", "named enum types", ENUMS),
  addEnumValue: never("addEnumValue", "named enum types", ENUMS),
  renameEnumValue: never("renameEnumValue", "named enum types", ENUMS),
  renameEnum: never("renameEnum", "named enum types", ENUMS),
  rebuildEnum: never("rebuildEnum", "named enum types", ENUMS),
  alterIndexStorage: never(
    "alterIndexStorage",
    "index storage parameters",
    "Leave them out: SQLite indexes have none",
  ),
  alterColumnIdentity: never("alterColumnIdentity", "identity columns", SEQUENCES),
  alterColumnCollation: never(
    "alterColumnCollation",
    "a statement that changes a column's collation",
    "Declare the collation in the column's type when the table is created",
  ),
  createSchema: never(
    "createSchema",
    "schemas (a schema is an ATTACHed file)",
    "Keep the tables in the main database",
  ),
  dropSchema: never(
    "dropSchema",
    "schemas (a schema is an ATTACHed file)",
    "Keep the tables in the main database",
  ),
  createSequence: never("createSequence", "sequences", SEQUENCES),
  dropSequence: never("dropSequence", "sequences", SEQUENCES),
  alterSequence: never("alterSequence", "sequences", SEQUENCES),
  renameSequence: never("renameSequence", "sequences", SEQUENCES),
  setTableComment: never(
    "setTableComment",
    "table comments",
    "Keep the comment in the Drizzle schema's source",
  ),
  createView: (op) => {
    if (op.materialized === true)
      throw unsupported(op.kind, "materialized views", "Use a table filled by the migration");
    // `columns` is the view's column list as introspection reads it back (introspector.ts)
    const { columns, ...others } = op.with ?? {};
    if (Object.keys(others).length > 0) throw unsupported(op.kind, "view options", "Leave `with` out");
    const list = columns === undefined ? "" : `(${columns})`;
    return [`CREATE VIEW ${quoteQualified(op.name)}${list} AS ${op.definition}`];
  },
  dropView: (op) => {
    if (op.materialized === true) throw unsupported(op.kind, "materialized views", "Drop the table instead");
    return [`DROP VIEW ${quoteQualified(op.name)}`];
  },
  createPolicy: never("createPolicy", "row-level security policies", RLS),
  dropPolicy: never("dropPolicy", "row-level security policies", RLS),
  enableRowLevelSecurity: never("enableRowLevelSecurity", "row-level security", RLS),
  disableRowLevelSecurity: never("disableRowLevelSecurity", "row-level security", RLS),
  createSyncTrigger: never("createSyncTrigger", SYNC, SYNC_INSTEAD),
  dropSyncTrigger: never("dropSyncTrigger", SYNC, SYNC_INSTEAD),
  // No check (docs/sqlite.md, "Objects outside the models"): DROP COLUMN fails while a view names
  // the column, RENAME COLUMN rewrites views and triggers, but a trigger body naming a dropped
  // column and a view over a dropped table are left to break.
  requireNoDependents: () => [],
  // SQLite stores any value in any column (a declared length is not enforced): nothing narrows
  requireValuesFit: () => [],
  execute: (op) => [op.sql],
  bulkInsert: (op) => {
    if (op.rows.length === 0) return [];
    const columns = [...new Set(op.rows.flatMap((r) => Object.keys(r)))];
    // A key absent from a row takes the column default, as core documents: one INSERT per row shape.
    return op.rows.map((row) => {
      const present = columns.filter((c) => c in row);
      if (present.length === 0) return `INSERT INTO ${quoteQualified(op.table)} DEFAULT VALUES`;
      return `INSERT INTO ${quoteQualified(op.table)} (${present.map(quoteIdent).join(", ")}) VALUES (${present.map((c) => literal(row[c] as JsonValue)).join(", ")})`;
    });
  },
};

/**
 * One operation → SQLite statements. With a context (online runs: `Dialect.reflect`), a rebuild
 * reads the table's prior definition there, and the context is advanced past the operation.
 *
 * @example
 * ```ts
 * renderSqlite(operations.addColumn("users", { name: "bio", type: "text" }));
 * // ['ALTER TABLE "users" ADD COLUMN "bio" text']
 * ```
 */
export function renderSqlite(op: Operation, context?: RenderContext): readonly string[] {
  const ctx = context as SqliteRenderContext | undefined;
  const render = sqliteRenderers[op.kind] as (
    op: Operation,
    ctx: SqliteRenderContext | undefined,
  ) => readonly string[];
  const statements = inertStatements(render(op, ctx), op.kind, SQLITE_RAW_CONTROLS);
  if (ctx !== undefined) advanceContext(op, statements, ctx);
  return statements;
}
