import type { AddColumn, BulkInsert, CreateTable } from "@athanor/core";
import { AthanorError } from "@athanor/core/errors";
import { quoteComment, quoteIdent, quoteQualified, quoteValue } from "../quote.js";
import { identityStart, renderColumn } from "./column.js";
import { renderConstraintBody } from "./constraint.js";
import { alterTable, type MysqlRenderContext } from "./context.js";

const named = (name: string | undefined, body: string) =>
  name === undefined ? body : `CONSTRAINT ${quoteIdent(name)} ${body}`;

/**
 * `CREATE TABLE` with columns, inline constraints, the table comment and the AUTO_INCREMENT
 * start of an identity column as table options. The primary key's name is dropped: MySQL
 * always calls it `PRIMARY`.
 *
 * @example
 * ```ts
 * renderCreateTable(operations.createTable("t", { columns: [{ name: "id", type: "int", nullable: false }], primaryKey: ["id"] }), ctx);
 * // ["CREATE TABLE `t` (`id` int NOT NULL, PRIMARY KEY (`id`))"]
 * ```
 */
export function renderCreateTable(op: CreateTable, ctx: MysqlRenderContext): string[] {
  const parts = op.columns.map((c) => renderColumn(c, ctx));
  if (op.primaryKey !== undefined)
    parts.push(renderConstraintBody({ type: "primaryKey", ...op.primaryKey }, ctx, "createTable"));
  for (const u of op.uniques ?? [])
    parts.push(named(u.name, renderConstraintBody({ type: "unique", ...u }, ctx, "createTable")));
  for (const f of op.foreignKeys ?? [])
    parts.push(
      named(f.name, renderConstraintBody({ type: "foreignKey", ...f }, ctx, "createTable", op.table.schema)),
    );
  for (const c of op.checks ?? [])
    parts.push(named(c.name, renderConstraintBody({ type: "check", ...c }, ctx, "createTable")));
  const options: string[] = [];
  const starts = op.columns.map(identityStart).filter((s): s is number => s !== undefined);
  if (starts[0] !== undefined) options.push(`AUTO_INCREMENT=${starts[0]}`);
  if (op.comment !== undefined) options.push(`COMMENT=${quoteComment(op.comment)}`);
  return [
    `CREATE TABLE ${quoteQualified(op.table)} (${parts.join(", ")})${options.length > 0 ? ` ${options.join(" ")}` : ""}`,
  ];
}

/**
 * `ADD COLUMN` (with `FIRST` / `AFTER` when the operation places it), then the table's
 * AUTO_INCREMENT start when the new column is an identity with a start.
 *
 * @example
 * ```ts
 * renderAddColumn(operations.addColumn("users", { name: "tz", type: "text" }, { after: "id" }), ctx); // ["ALTER TABLE `users` ADD COLUMN `tz` text NULL AFTER `id`"]
 * ```
 */
export function renderAddColumn(op: AddColumn, ctx: MysqlRenderContext): string[] {
  const start = identityStart(op.column);
  const position =
    op.position === undefined
      ? ""
      : "after" in op.position
        ? ` AFTER ${quoteIdent(op.position.after)}`
        : " FIRST";
  return [
    alterTable(op.table, [`ADD COLUMN ${renderColumn(op.column, ctx)}${position}`], ctx),
    ...(start === undefined ? [] : [alterTable(op.table, [`AUTO_INCREMENT=${start}`], ctx)]),
  ];
}

/**
 * One multi-row `INSERT`; the column list is the union of the rows' keys in first-seen order,
 * and a key absent from a row is written as `DEFAULT`.
 *
 * @example
 * ```ts
 * renderBulkInsert(operations.bulkInsert("t", [{ id: 1 }, { id: 2, name: "b" }]));
 * // ["INSERT INTO `t` (`id`, `name`) VALUES (1, DEFAULT), (2, 'b')"]
 * ```
 */
export function renderBulkInsert(op: BulkInsert): string[] {
  if (op.rows.length === 0) return [];
  const columns: string[] = [];
  for (const row of op.rows)
    for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  if (columns.length === 0) {
    throw new AthanorError(
      "ATHANOR_INVALID_OPERATION",
      "A bulkInsert row list has no columns; give each row at least one key.",
      {
        kind: "bulkInsert",
      },
    );
  }
  const values = op.rows.map(
    (row) => `(${columns.map((c) => (c in row ? quoteValue(row[c] ?? null) : "DEFAULT")).join(", ")})`,
  );
  return [
    `INSERT INTO ${quoteQualified(op.table)} (${columns.map(quoteIdent).join(", ")}) VALUES ${values.join(", ")}`,
  ];
}
