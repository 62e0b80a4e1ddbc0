import type { ColumnSpec, QualifiedName, SequenceOptions } from "@athanor/core";
import { AthanorError } from "@athanor/core/errors";
import { quoteIdent, quoteLiteral, quoteQualified } from "../quote.js";

/**
 * Sequence options as PostgreSQL clauses, shared by sequences and identity columns.
 *
 * @example
 * ```ts
 * renderSequenceOptions({ start: 10, cycle: false }); // ["START WITH 10", "NO CYCLE"]
 * ```
 */
export function renderSequenceOptions(options: SequenceOptions): string[] {
  const clauses: string[] = [];
  if (options.dataType !== undefined) clauses.push(`AS ${options.dataType}`);
  if (options.increment !== undefined) clauses.push(`INCREMENT BY ${options.increment}`);
  if (options.minValue !== undefined) clauses.push(`MINVALUE ${options.minValue}`);
  if (options.maxValue !== undefined) clauses.push(`MAXVALUE ${options.maxValue}`);
  if (options.start !== undefined) clauses.push(`START WITH ${options.start}`);
  if (options.cache !== undefined) clauses.push(`CACHE ${options.cache}`);
  if (options.cycle !== undefined) clauses.push(options.cycle ? "CYCLE" : "NO CYCLE");
  return clauses;
}

/**
 * One column definition as it appears in CREATE TABLE and ADD COLUMN (without its comment,
 * which needs its own COMMENT statement).
 *
 * @example
 * ```ts
 * renderColumn({ name: "id", type: "bigint", nullable: false, identity: { always: true } });
 * // "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL
 * ```
 */
export function renderColumn(column: ColumnSpec): string {
  if (column.generated?.storage === "virtual")
    throw mysqlOnly(column.name, "a VIRTUAL generated column (PostgreSQL 15 stores every generated column)");
  if (column.onUpdate !== undefined) throw mysqlOnly(column.name, "ON UPDATE");
  const parts = [quoteIdent(column.name), column.type];
  if (column.collation !== undefined) parts.push(`COLLATE ${quoteIdent(column.collation)}`);
  if (column.identity !== undefined) {
    const { always, ...options } = column.identity;
    const clauses = renderSequenceOptions(options);
    parts.push(
      `GENERATED ${always ? "ALWAYS" : "BY DEFAULT"} AS IDENTITY${clauses.length > 0 ? ` (${clauses.join(" ")})` : ""}`,
    );
  }
  if (column.generated !== undefined)
    parts.push(`GENERATED ALWAYS AS (${column.generated.expression}) STORED`);
  if (column.default !== undefined) parts.push(`DEFAULT ${column.default}`);
  if (!column.nullable) parts.push("NOT NULL");
  return parts.join(" ");
}

/**
 * The coded error for a column clause PostgreSQL does not have: writing the column without it
 * would silently drop what the operation asks for.
 *
 * @example
 * ```ts
 * throw mysqlOnly("updated_at", "ON UPDATE");
 * ```
 */
export function mysqlOnly(column: string, what: string): AthanorError {
  return new AthanorError(
    "ATHANOR_UNSUPPORTED",
    `Column "${column}" asks for ${what}, which PostgreSQL does not have. Remove it from the operation (use a trigger for ON UPDATE).`,
    { dialect: "postgresql", column, feature: what },
  );
}

/**
 * `COMMENT ON COLUMN`; `null` removes the comment.
 *
 * @example
 * ```ts
 * renderColumnComment({ name: "users" }, "email", "login"); // COMMENT ON COLUMN "users"."email" IS 'login'
 * ```
 */
export function renderColumnComment(table: QualifiedName, column: string, comment: string | null): string {
  return `COMMENT ON COLUMN ${quoteQualified(table)}.${quoteIdent(column)} IS ${comment === null ? "NULL" : quoteLiteral(comment)}`;
}

/** The COMMENT statements for the columns of a new table or a new column. */
export function renderColumnComments(table: QualifiedName, columns: readonly ColumnSpec[]): string[] {
  return columns.flatMap((c) =>
    c.comment === undefined ? [] : [renderColumnComment(table, c.name, c.comment)],
  );
}
