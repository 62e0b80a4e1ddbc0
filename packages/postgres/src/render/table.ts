import type { OperationOf } from "@athanor/core";
import { AthanorError } from "@athanor/core/errors";
import { quoteIdent, quoteLiteral, quoteQualified, quoteValue } from "../quote.js";
import { mysqlOnly, renderColumn, renderColumnComment, renderColumnComments } from "./column.js";
import { renderConstraintBody } from "./constraint.js";

function named(name: string | undefined, body: string): string {
  return name === undefined ? body : `CONSTRAINT ${quoteIdent(name)} ${body}`;
}

/**
 * CREATE TABLE with columns and inline constraints, then its COMMENT statements.
 *
 * @example
 * ```ts
 * renderCreateTable(operations.createTable("t", { columns: [{ name: "id", type: "int" }] }));
 * // ['CREATE TABLE "t" (\n  "id" int\n)']
 * ```
 */
export function renderCreateTable(op: OperationOf<"createTable">): string[] {
  const lines = op.columns.map(renderColumn);
  if (op.primaryKey !== undefined) {
    lines.push(
      named(op.primaryKey.name, renderConstraintBody({ type: "primaryKey", ...op.primaryKey }, true)),
    );
  }
  for (const u of op.uniques ?? [])
    lines.push(named(u.name, renderConstraintBody({ type: "unique", ...u }, true)));
  for (const c of op.checks ?? [])
    lines.push(named(c.name, renderConstraintBody({ type: "check", ...c }, true)));
  for (const f of op.foreignKeys ?? [])
    lines.push(named(f.name, renderConstraintBody({ type: "foreignKey", ...f }, true)));
  const table = quoteQualified(op.table);
  const body = lines.length === 0 ? "()" : `(\n${lines.map((l) => `  ${l}`).join(",\n")}\n)`;
  const statements = [`CREATE TABLE ${table} ${body}`];
  if (op.comment !== undefined) statements.push(`COMMENT ON TABLE ${table} IS ${quoteLiteral(op.comment)}`);
  return [...statements, ...renderColumnComments(op.table, op.columns)];
}

/**
 * One ALTER TABLE per changed aspect. When both the type and the default change, the old
 * default is dropped before the type change (it may not cast to the new type) and the new
 * one set after it.
 *
 * @example
 * ```ts
 * renderAlterColumn(operations.alterColumn("t", "c", { nullable: false })); // ['ALTER TABLE "t" ALTER COLUMN "c" SET NOT NULL']
 * ```
 */
export function renderAlterColumn(op: OperationOf<"alterColumn">): string[] {
  if (op.onUpdate !== undefined) throw mysqlOnly(op.column, "ON UPDATE");
  if (op.autoIncrement !== undefined) throw mysqlOnly(op.column, "AUTO_INCREMENT (use an identity column)");
  if (op.generated !== undefined && op.generated !== null) throw noSetExpression(op.column);
  const alter = `ALTER TABLE ${quoteQualified(op.table)} ALTER COLUMN ${quoteIdent(op.column)}`;
  const statements: string[] = [];
  // The column keeps its computed values as plain data.
  if (op.generated === null) statements.push(`${alter} DROP EXPRESSION`);
  const defaultAroundType = op.type !== undefined && op.default !== undefined;
  if (defaultAroundType) statements.push(`${alter} DROP DEFAULT`);
  if (op.type !== undefined)
    statements.push(`${alter} TYPE ${op.type}${op.using === undefined ? "" : ` USING ${op.using}`}`);
  if (typeof op.default === "string") statements.push(`${alter} SET DEFAULT ${op.default}`);
  else if (op.default === null && !defaultAroundType) statements.push(`${alter} DROP DEFAULT`);
  if (op.nullable !== undefined) statements.push(`${alter} ${op.nullable ? "DROP" : "SET"} NOT NULL`);
  if (op.comment !== undefined) statements.push(renderColumnComment(op.table, op.column, op.comment));
  return statements;
}

function noSetExpression(column: string): AthanorError {
  return new AthanorError(
    "ATHANOR_UNSUPPORTED",
    `Column "${column}" would get a generation expression in place, which PostgreSQL cannot do before 17 (SET EXPRESSION). Drop the column and add it again with the expression (autogenerate does this and recreates its indexes).`,
    { dialect: "postgresql", column, feature: "SET EXPRESSION" },
  );
}

/**
 * One multi-row INSERT; the column list is the union of the rows' keys in first-seen order,
 * and a key missing from a row inserts DEFAULT.
 *
 * @example
 * ```ts
 * renderBulkInsert(operations.bulkInsert("t", [{ a: 1 }, { b: "x" }]));
 * // ['INSERT INTO "t" ("a", "b") VALUES\n  (1, DEFAULT),\n  (DEFAULT, \'x\')']
 * ```
 */
export function renderBulkInsert(op: OperationOf<"bulkInsert">): string[] {
  const table = quoteQualified(op.table);
  const columns = [...new Set(op.rows.flatMap((row) => Object.keys(row)))];
  if (columns.length === 0) return op.rows.map(() => `INSERT INTO ${table} DEFAULT VALUES`);
  const tuples = op.rows.map((row) => {
    const cells = columns.map((c) => (Object.hasOwn(row, c) ? quoteValue(row[c] ?? null) : "DEFAULT"));
    return `  (${cells.join(", ")})`;
  });
  return [`INSERT INTO ${table} (${columns.map(quoteIdent).join(", ")}) VALUES\n${tuples.join(",\n")}`];
}
