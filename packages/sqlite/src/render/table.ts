import type {
  ColumnSpec,
  ConstraintDefinition,
  CreateTable,
  ForeignKeyDefinition,
  IndexKey,
  OperationOf,
} from "@athanor/core";
import { quoteIdent, quoteQualified } from "../quote.js";
import { noDeferrable, unsupported } from "./unsupported.js";

/**
 * One column's definition for CREATE TABLE / ADD COLUMN. What SQLite cannot store (comments,
 * identity options, MySQL ON UPDATE) is refused, never dropped.
 *
 * @example
 * ```ts
 * renderColumn({ name: "email", type: "text", nullable: false }, "addColumn"); // "\"email\" text NOT NULL"
 * ```
 */
export function renderColumn(column: ColumnSpec, kind: string, primaryKeyClause?: string): string {
  if (column.comment !== undefined) {
    throw unsupported(kind, "column comments", `Leave the comment of ${JSON.stringify(column.name)} out`);
  }
  if (column.identity !== undefined && primaryKeyClause === undefined) {
    throw unsupported(
      kind,
      "identity columns other than an INTEGER PRIMARY KEY AUTOINCREMENT",
      `Declare ${JSON.stringify(column.name)} as "integer" and make it the table's single-column primary key (a rowid alias numbers itself)`,
    );
  }
  if (column.onUpdate !== undefined) {
    throw unsupported(kind, "ON UPDATE column clauses", "Use a trigger");
  }
  const parts = [quoteIdent(column.name), column.type];
  if (primaryKeyClause !== undefined) parts.push(primaryKeyClause);
  if (column.collation !== undefined) parts.push(`COLLATE ${quoteIdent(column.collation)}`);
  if (!column.nullable) parts.push("NOT NULL");
  if (column.default !== undefined) parts.push(`DEFAULT (${column.default})`);
  if (column.generated !== undefined) {
    parts.push(
      `GENERATED ALWAYS AS (${column.generated.expression}) ${column.generated.storage === "virtual" ? "VIRTUAL" : "STORED"}`,
    );
  }
  return parts.join(" ");
}

function renderForeignKey(fk: ForeignKeyDefinition, kind: string): string {
  if (fk.match !== undefined) throw unsupported(kind, "MATCH on foreign keys", "Leave `match` out");
  if (fk.notValid === true) {
    throw unsupported(
      kind,
      "NOT VALID foreign keys",
      "Leave `notValid` out: the rows are checked when the table is built",
    );
  }
  const cols = (names: readonly string[]) => names.map(quoteIdent).join(", ");
  let sql = `FOREIGN KEY (${cols(fk.columns)}) REFERENCES ${quoteIdent(fk.references.table.name)} (${cols(fk.references.columns)})`;
  if (fk.onDelete !== undefined) sql += ` ON DELETE ${fk.onDelete.toUpperCase()}`;
  if (fk.onUpdate !== undefined) sql += ` ON UPDATE ${fk.onUpdate.toUpperCase()}`;
  if (fk.deferrable === true) throw noDeferrable(kind);
  return sql;
}

/**
 * A table constraint's body (`PRIMARY KEY (...)`, `UNIQUE (...)`, `FOREIGN KEY ...`, `CHECK (...)`).
 *
 * @example
 * ```ts
 * renderConstraint({ type: "check", expression: "price > 0" }, "createTable"); // "CHECK (price > 0)"
 * ```
 */
export function renderConstraint(c: ConstraintDefinition, kind: string): string {
  const cols = (names: readonly string[]) => names.map(quoteIdent).join(", ");
  switch (c.type) {
    case "primaryKey":
      return `PRIMARY KEY (${cols(c.columns)})`;
    case "unique":
      if (c.nullsNotDistinct === true) throw unsupported(kind, "NULLS NOT DISTINCT", "Leave it out");
      if (c.deferrable === true) throw noDeferrable(kind);
      return `UNIQUE (${cols(c.columns)})`;
    case "foreignKey":
      return renderForeignKey(c, kind);
    case "check":
      if (c.notValid === true) throw unsupported(kind, "NOT VALID checks", "Leave `notValid` out");
      return `CHECK (${c.expression})`;
  }
}

/**
 * `CREATE TABLE` with every column and named table constraint.
 *
 * @example
 * ```ts
 * renderCreateTable(operations.createTable("users", [{ name: "id", type: "integer" }]));
 * ```
 */
export function renderCreateTable(op: CreateTable): string[] {
  if (op.comment !== undefined) throw unsupported(op.kind, "table comments", "Leave the comment out");
  const named = (name: string | undefined, body: string) =>
    name === undefined ? body : `CONSTRAINT ${quoteIdent(name)} ${body}`;
  const auto = autoIncrementColumn(op.columns, op.primaryKey?.columns ?? []);
  const parts = [
    ...op.columns.map((c) =>
      renderColumn(
        c,
        op.kind,
        c === auto ? named(op.primaryKey?.name, "PRIMARY KEY AUTOINCREMENT") : undefined,
      ),
    ),
    ...(op.primaryKey === undefined || auto !== undefined
      ? []
      : [named(op.primaryKey.name, renderConstraint({ type: "primaryKey", ...op.primaryKey }, op.kind))]),
    ...(op.uniques ?? []).map((u) => named(u.name, renderConstraint({ type: "unique", ...u }, op.kind))),
    ...(op.checks ?? []).map((c) => named(c.name, renderConstraint({ type: "check", ...c }, op.kind))),
    ...(op.foreignKeys ?? []).map((f) =>
      named(f.name, renderConstraint({ type: "foreignKey", ...f }, op.kind)),
    ),
  ];
  return [`CREATE TABLE ${quoteQualified(op.table)} (${parts.join(", ")})`];
}

/**
 * The column written `INTEGER PRIMARY KEY AUTOINCREMENT` (SQLite allows the keyword only there, in
 * the column's own clause): an identity column that is the table's whole primary key.
 *
 * @example
 * ```ts
 * autoIncrementColumn([{ name: "id", type: "integer", identity: {} }], ["id"])?.name; // "id"
 * ```
 */
export function autoIncrementColumn<C extends { readonly name: string; readonly identity?: unknown }>(
  columns: readonly C[],
  primaryKey: readonly string[],
): C | undefined {
  const column = columns.find((c) => c.identity !== undefined && c.identity !== null);
  return column !== undefined && primaryKey.length === 1 && primaryKey[0] === column.name
    ? column
    : undefined;
}

function renderKey(key: IndexKey, kind: string): string {
  if (key.opclass !== undefined) throw unsupported(kind, "operator classes", "Leave `opclass` out");
  if (key.nulls !== undefined) throw unsupported(kind, "NULLS FIRST/LAST in indexes", "Leave `nulls` out");
  const base = key.column === undefined ? `(${key.expression})` : quoteIdent(key.column);
  return key.order === undefined ? base : `${base} ${key.order.toUpperCase()}`;
}

/**
 * `CREATE [UNIQUE] INDEX name ON table (keys) [WHERE ...]` (partial and expression indexes included).
 *
 * @example
 * ```ts
 * renderCreateIndex(operations.createIndex("users_email", "users", ["email"], { unique: true }));
 * ```
 */
export function renderCreateIndex(op: OperationOf<"createIndex">): string {
  if (op.concurrently === true) {
    throw unsupported(
      op.kind,
      "CREATE INDEX CONCURRENTLY",
      "Leave `concurrently` out: SQLite builds the index under its one write lock",
    );
  }
  if (op.method !== undefined) throw unsupported(op.kind, "index access methods", "Leave `method` out");
  if ((op.include ?? []).length > 0) throw unsupported(op.kind, "INCLUDE columns", "Add them as keys");
  if (op.nullsNotDistinct === true) throw unsupported(op.kind, "NULLS NOT DISTINCT", "Leave it out");
  if (op.with !== undefined)
    throw unsupported(op.kind, "index storage parameters (WITH)", "Leave `with` out");
  const name = quoteQualified({
    ...(op.table.schema === undefined ? {} : { schema: op.table.schema }),
    name: op.name,
  });
  const keys = op.keys.map((k) => renderKey(k, op.kind)).join(", ");
  const where = op.where === undefined ? "" : ` WHERE ${op.where}`;
  return `CREATE ${op.unique === true ? "UNIQUE " : ""}INDEX ${name} ON ${quoteIdent(op.table.name)} (${keys})${where}`;
}
