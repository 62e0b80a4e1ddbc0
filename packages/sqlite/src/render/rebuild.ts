import type { ColumnModel, ForeignKeyModel, TableModel } from "@athanor/core";
import { isWord, sqlTokens } from "../introspect/sql-tokens.js";
import { quoteIdent, quoteLiteral } from "../quote.js";
import { keepDependents } from "./enforced-rebuild.js";
import type { SqliteRenderContext } from "./render-context.js";
import { autoIncrementColumn } from "./table.js";
import { cannotRebuildFaithfully, needsRebuild, replayGapRebuild } from "./unsupported.js";

/** The prefix of the table a rebuild fills before it takes the old one's name. */
export const REBUILD_PREFIX = "__athanor_new_";

/** How a rebuild fills the new table: per new column, the expression over the old row (absent: the default). */
export type CopyPlan = ReadonlyMap<string, string>;

/**
 * The table's definition before the operation, from the reflected context (offline, the replayed
 * one); ATHANOR_UNSUPPORTED when there is none, or when the offline replay could not follow a
 * revision's SQL naming the table.
 */
export function priorTable(kind: string, name: string, ctx: SqliteRenderContext | undefined): TableModel {
  const gap = ctx?.replayGap?.(name);
  if (gap !== undefined) throw replayGapRebuild(kind, name, gap);
  const table = ctx?.model?.tables.find((t) => t.name === name);
  if (table === undefined) throw needsRebuild(kind, name, ctx?.model === undefined ? "noContext" : "noTable");
  return table;
}

function renderColumnModel(c: ColumnModel, primaryKeyClause: string | undefined): string {
  const parts = [quoteIdent(c.name), c.type];
  if (primaryKeyClause !== undefined) parts.push(primaryKeyClause);
  if (c.collation !== null) parts.push(`COLLATE ${quoteIdent(c.collation)}`);
  if (!c.nullable) parts.push("NOT NULL");
  if (c.default !== null) parts.push(`DEFAULT (${c.default})`);
  if (c.generated !== null)
    parts.push(
      `GENERATED ALWAYS AS (${c.generated.expression}) ${c.generated.storage === "virtual" ? "VIRTUAL" : "STORED"}`,
    );
  return parts.join(" ");
}

function renderForeignKeyModel(fk: ForeignKeyModel): string {
  const cols = (names: readonly string[]) => names.map(quoteIdent).join(", ");
  const refs = fk.referencedColumns.every((c) => c !== "") ? ` (${cols(fk.referencedColumns)})` : "";
  let sql = `FOREIGN KEY (${cols(fk.columns)}) REFERENCES ${quoteIdent(fk.referencedTable)}${refs}`;
  // Every action is written out, NO ACTION included: a rebuilt table keeps exactly what it had.
  sql += ` ON DELETE ${fk.onDelete.toUpperCase()} ON UPDATE ${fk.onUpdate.toUpperCase()}`;
  if (fk.deferrable) sql += ` DEFERRABLE INITIALLY ${fk.initiallyDeferred ? "DEFERRED" : "IMMEDIATE"}`;
  return sql;
}

/**
 * CREATE TABLE for a table model: every column and constraint of it, constraint names kept.
 *
 * @example
 * ```ts
 * createTableSql(table, "__athanor_new_users");
 * ```
 */
export function createTableSql(table: TableModel, name: string, options: readonly string[] = []): string {
  const named = (n: string, body: string) => (n === "" ? body : `CONSTRAINT ${quoteIdent(n)} ${body}`);
  const cols = (names: readonly string[]) => names.map(quoteIdent).join(", ");
  const auto = autoIncrementColumn(table.columns, table.primaryKey?.columns ?? []);
  const parts = [
    ...table.columns.map((c) =>
      renderColumnModel(
        c,
        c === auto ? named(table.primaryKey?.name ?? "", "PRIMARY KEY AUTOINCREMENT") : undefined,
      ),
    ),
    ...(table.primaryKey === null || auto !== undefined
      ? []
      : [named(table.primaryKey.name, `PRIMARY KEY (${cols(table.primaryKey.columns)})`)]),
    ...table.uniques.map((u) =>
      named(u.name.startsWith("sqlite_autoindex_") ? "" : u.name, `UNIQUE (${cols(u.columns)})`),
    ),
    ...table.checks.map((c) => named(c.name, `CHECK (${c.expression})`)),
    ...table.foreignKeys.map((f) => named(f.name, renderForeignKeyModel(f))),
  ];
  const after = options.length === 0 ? "" : ` ${options.join(", ")}`;
  return `CREATE TABLE ${quoteIdent(name)} (${parts.join(", ")})${after}`;
}

/** The text the foreign key check aborts with; the drivers add the offending rows to it (drivers/fk-violation.ts). */
export const FOREIGN_KEY_VIOLATION = "foreign key violation";

/** The statement that feeds the check's TEMP table; what follows it is the query of the offending rows. */
export const FOREIGN_KEY_CHECK_INSERT = 'INSERT INTO temp."athanor_fk_violation" ';

/** The check's TEMP table and its trigger: idempotent, and once committed they last as long as the session. */
export const FOREIGN_KEY_CHECK_SETUP: readonly string[] = [
  'CREATE TEMP TABLE IF NOT EXISTS "athanor_fk_violation" ("table" text, "row" integer, "parent" text)',
  'CREATE TEMP TRIGGER IF NOT EXISTS "athanor_fk_violation_abort" BEFORE INSERT ON "athanor_fk_violation" BEGIN ' +
    `SELECT RAISE(ABORT, '${FOREIGN_KEY_VIOLATION} (PRAGMA foreign_key_check)'); END`,
];

/**
 * The statements that abort the transaction when any foreign key is violated: `PRAGMA
 * foreign_key_check` rows are inserted into a TEMP table whose trigger RAISEs. Plain SQL, so
 * `--sql` scripts carry the same check. The message is a constant (SQLite before 3.47, libSQL's
 * engine among them, takes only a literal in RAISE); the session adds the rows it names.
 */
export const FOREIGN_KEY_CHECK = foreignKeyCheck(
  'SELECT "table", rowid, parent FROM pragma_foreign_key_check',
);

/** {@link FOREIGN_KEY_CHECK} over the rows `violations` selects (`table`, rowid, `parent`). */
export function foreignKeyCheck(violations: string): string[] {
  return [...FOREIGN_KEY_CHECK_SETUP, `${FOREIGN_KEY_CHECK_INSERT}${violations}`];
}

/**
 * The statements that abort the transaction when the session has foreign keys on: a rebuild's
 * DROP TABLE would then delete the old rows and fire every ON DELETE CASCADE (drizzle-kit's data
 * loss). athanor's sessions have them off (rule 1); this guards a `--sql` script run through
 * a session that does not (better-sqlite3 turns them on by default). A constant RAISE, as above.
 */
export const FOREIGN_KEYS_OFF_GUARD = [
  'CREATE TEMP TABLE IF NOT EXISTS "athanor_fk_on" ("on" integer)',
  'CREATE TEMP TRIGGER IF NOT EXISTS "athanor_fk_on_abort" BEFORE INSERT ON "athanor_fk_on" BEGIN ' +
    "SELECT RAISE(ABORT, 'foreign keys are on: a table rebuild would fire ON DELETE CASCADE; run PRAGMA foreign_keys = OFF before the script'); END",
  'INSERT INTO temp."athanor_fk_on" SELECT foreign_keys FROM pragma_foreign_keys WHERE foreign_keys = 1',
];

/**
 * The move-and-copy of one table, inside the revision's transaction (the session runs with
 * foreign keys off, so DROP TABLE deletes no row of any child and no cascade fires):
 * views and triggers dropped; the new table created under a temporary name and filled; the old one
 * dropped and the new one renamed into its place; the table's indexes, then every trigger and
 * view, recreated from their stored SQL; foreign keys checked.
 *
 * @example
 * ```ts
 * rebuildTable(ctx, prior, next, new Map([["id", '"id"'], ["name", '"name"']]), new Set());
 * ```
 */
export function rebuildTable(
  ctx: SqliteRenderContext,
  prior: TableModel,
  next: TableModel,
  copy: CopyPlan,
  droppedColumns: ReadonlySet<string>,
): string[] {
  const stored = ctx.stored?.get(prior.name);
  if (stored !== undefined && stored.unkept.length > 0)
    throw cannotRebuildFaithfully(prior.name, stored.unkept);
  const temp = `${REBUILD_PREFIX}${prior.name}`;
  const views = ctx.objects.filter((o) => o.type === "view");
  const triggers = ctx.objects.filter((o) => o.type === "trigger");
  // An index on a dropped column goes with it, as DROP COLUMN does on PostgreSQL.
  const indexes = ctx.objects.filter(
    (o) =>
      o.type === "index" &&
      o.table === prior.name &&
      ![...droppedColumns].some((c) => mentions(indexKeysAndWhere(o.sql), c)),
  );
  ctx.objects = ctx.objects.filter(
    (o) => !(o.type === "index" && o.table === prior.name && !indexes.includes(o)),
  );
  // Foreign keys on (D1): the DROP below deletes the old table's rows and fires their cascades,
  // so the rows it would touch are kept aside first and put back after (enforced-rebuild.ts).
  const keep = ctx.foreignKeysEnforced === undefined ? undefined : keepDependents(ctx, prior, next, temp);
  const statements = [
    ...(keep === undefined ? FOREIGN_KEYS_OFF_GUARD : keep.before),
    ...[...triggers].reverse().map((t) => `DROP TRIGGER ${quoteIdent(t.name)}`),
    ...[...views].reverse().map((v) => `DROP VIEW ${quoteIdent(v.name)}`),
    ...(keep?.save ?? []),
    // STRICT and WITHOUT ROWID are the table's, not the operation's: the new table keeps them
    createTableSql(keep?.next ?? next, temp, stored?.options),
    copyRows(prior, next, temp, copy, stored?.options.includes("WITHOUT ROWID") ?? false),
    ...keepAutoIncrementCounter(prior.name, temp, next),
    ...(keep?.beforeDrop ?? []),
    `DROP TABLE ${quoteIdent(prior.name)}`,
    `ALTER TABLE ${quoteIdent(temp)} RENAME TO ${quoteIdent(prior.name)}`,
    // the indexes before the kept rows: a child's key on a column only a unique index makes a key
    // (drizzle's .unique()) finds no parent key without it ("foreign key mismatch" on D1)
    ...indexes.map((i) => i.sql),
    ...(keep?.restore ?? []),
    ...triggers.map((t) => t.sql),
    ...views.map((v) => v.sql),
  ];
  // D1: one statement list, sent as one batch (its only transaction); deferred keys are checked
  // when it ends. Elsewhere the revision's transaction holds it and the check runs before COMMIT.
  return keep === undefined ? [...statements, ...FOREIGN_KEY_CHECK] : [statements.join(";\n")];
}

/**
 * A CREATE INDEX statement from its key list on: the index's and the table's names are not
 * looked at (an index `status_created` on `status (created_at)` does not name a column `status`).
 */
function indexKeysAndWhere(sql: string): string {
  const { tokens } = sqlTokens(sql);
  const on = tokens.findIndex((t) => isWord(t, "ON"));
  const keys = tokens.findIndex((t, i) => i > on && t.kind === "group");
  return keys === -1 ? sql : sql.slice((tokens[keys] as { start: number }).start);
}

/**
 * INSERT … SELECT of every stored column into the new table. A rowid table whose key is not an
 * alias of the rowid (no INTEGER PRIMARY KEY) keeps its rowids too: they would be renumbered
 * from 1, and what points at them — an external-content FTS index (`content_rowid`), an app that
 * stored them — would silently point at other rows.
 */
function copyRows(
  prior: TableModel,
  next: TableModel,
  temp: string,
  copy: CopyPlan,
  withoutRowid: boolean,
): string {
  const targets = [...copy.keys()];
  const sources = targets.map((t) => copy.get(t));
  const names = new Set([...prior.columns, ...next.columns].map((c) => c.name.toLowerCase()));
  // `rowid`, `_rowid_` and `oid` all name it, unless a column has taken the name
  const rowid =
    withoutRowid || hasRowidAlias(next) ? undefined : ["rowid", "_rowid_", "oid"].find((n) => !names.has(n));
  if (rowid !== undefined) {
    targets.unshift(rowid);
    sources.unshift(rowid);
  }
  const columns = targets.map((t) => (t === rowid ? t : quoteIdent(t))).join(", ");
  return `INSERT INTO ${quoteIdent(temp)} (${columns}) SELECT ${sources.join(", ")} FROM ${quoteIdent(prior.name)}`;
}

/** A single-column INTEGER PRIMARY KEY: that column is the rowid, copied with the other columns. */
function hasRowidAlias(table: TableModel): boolean {
  const key = table.primaryKey?.columns ?? [];
  return key.length === 1 && table.columns.find((c) => c.name === key[0])?.type.toLowerCase() === "integer";
}

/**
 * AUTOINCREMENT promises a number is never used twice, and `sqlite_sequence` keeps the highest
 * ever given — above the highest id left when the newest rows were deleted. The new table would
 * start from its copied rows' highest id instead, so it takes the old table's counter (the old
 * row goes with DROP TABLE; RENAME carries the new one over).
 */
function keepAutoIncrementCounter(table: string, temp: string, next: TableModel): string[] {
  if (autoIncrementColumn(next.columns, next.primaryKey?.columns ?? []) === undefined) return [];
  return [
    `DELETE FROM sqlite_sequence WHERE name = ${quoteLiteral(temp)}`,
    `INSERT INTO sqlite_sequence (name, seq) SELECT ${quoteLiteral(temp)}, seq FROM sqlite_sequence WHERE name = ${quoteLiteral(table)}`,
  ];
}

/** Whether SQL names `column` (quoted or bare): conservative, a false hit only drops an index more. */
function mentions(sql: string, column: string): boolean {
  const bare = new RegExp(
    `(^|[^A-Za-z0-9_$])${column.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}([^A-Za-z0-9_$]|$)`,
    "i",
  );
  return sql.includes(quoteIdent(column)) || bare.test(sql) || sql.includes(quoteLiteral(column));
}
