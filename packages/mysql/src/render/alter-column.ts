import type { AlterColumn } from "@athanor/core";
import { quoteComment, quoteIdent, quoteLiteral, quoteQualified } from "../quote.js";
import { isTextualType, renderDefault } from "./column.js";
import { alterTable, type MysqlRenderContext, onlineClauses, serverName, unsupported } from "./context.js";

// The session variable and prepared statement a MODIFY COLUMN is assembled in.
const VARIABLE = "@athanor_ddl";
const STATEMENT = "athanor_modify_column";

/**
 * Renders `alterColumn`. A default-only change is `ALTER COLUMN ... SET/DROP DEFAULT`. Every
 * other change needs `MODIFY COLUMN`, which replaces the *whole* column definition: anything
 * left out (NOT NULL, default, comment, character set and collation, AUTO_INCREMENT,
 * ON UPDATE CURRENT_TIMESTAMP, generation) is silently lost. An operation cannot know all of
 * that (it has no field for the character set), so the statement is completed on
 * the server from `information_schema.COLUMNS` at the moment it runs: the aspects the
 * operation sets are written as given, every other aspect is copied from the live column.
 * The result is one `SET` + `PREPARE` + `EXECUTE`, readable in `--sql` output.
 *
 * @example
 * ```ts
 * renderAlterColumn(operations.alterColumn("items", "qty", { nullable: false }), ctx);
 * // ["SET @athanor_ddl = (SELECT CONCAT('ALTER TABLE `items` MODIFY COLUMN `qty` ', COLUMN_TYPE, ...) ...)", "PREPARE ...", ...]
 * ```
 */
export function renderAlterColumn(op: AlterColumn, ctx: MysqlRenderContext): string[] {
  if (op.using !== undefined) {
    throw unsupported(
      ctx,
      "alterColumn",
      "USING conversion expression",
      `Drop \`using\` (${serverName(ctx)} converts values itself) or add a column, backfill it with op.execute, and swap`,
    );
  }
  const changes = (["type", "nullable", "comment", "onUpdate", "generated", "autoIncrement"] as const).filter(
    (k) => op[k] !== undefined,
  );
  const setsDefault = "default" in op && op.default !== undefined;
  if (changes.length === 0 && !setsDefault) return [];
  if (changes.length === 0) return [renderDefaultChange(op, ctx)];
  return renderModifyColumn(op, ctx);
}

function renderDefaultChange(op: AlterColumn, ctx: MysqlRenderContext): string {
  const column = quoteIdent(op.column);
  if (op.default === null || op.default === undefined)
    return alterTable(op.table, [`ALTER COLUMN ${column} DROP DEFAULT`], ctx);
  const type = op.existingType ?? "";
  return alterTable(
    op.table,
    [`ALTER COLUMN ${column} SET DEFAULT ${renderDefault(op.default, type, ctx)}`],
    ctx,
  );
}

/**
 * The live column's ` ON UPDATE <expr>` from `EXTRA`, or ''. MariaDB lists attributes with ", "
 * (`on update current_timestamp(), INVISIBLE`), MySQL with a space: INVISIBLE is never part of
 * the expression (it is kept on its own).
 */
export const KEPT_ON_UPDATE =
  "IF(EXTRA LIKE '%on update%', CONCAT(' ON UPDATE ', TRIM(TRAILING ' INVISIBLE' FROM SUBSTRING_INDEX(SUBSTRING(EXTRA, LOCATE('on update ', EXTRA) + 10), ',', 1))), '')";

function renderModifyColumn(op: AlterColumn, ctx: MysqlRenderContext): string[] {
  const lit = quoteLiteral;
  const head = `ALTER TABLE ${quoteQualified(op.table)} MODIFY COLUMN ${quoteIdent(op.column)} `;
  // A JSON column's charset is the type's own (MariaDB: utf8mb4_bin), not one the column chose.
  const fromJson = /^\s*json\s*$/i.test(op.existingType ?? "");
  const keepCharset = (op.type === undefined || isTextualType(op.type)) && !fromJson;
  const effectiveType = op.type ?? op.existingType ?? "";
  const parts = [
    lit(head),
    op.type === undefined ? "COLUMN_TYPE" : lit(op.type),
    keepCharset
      ? "IF(COLLATION_NAME IS NULL, '', CONCAT(' CHARACTER SET ', CHARACTER_SET_NAME, ' COLLATE ', COLLATION_NAME))"
      : "''",
    generation(op),
    nullability(op, ctx),
    // A generated column has no default.
    op.generated !== undefined && op.generated !== null
      ? "''"
      : "default" in op && op.default !== undefined
        ? lit(op.default === null ? "" : ` DEFAULT ${renderDefault(op.default, effectiveType, ctx)}`)
        : keptDefault(ctx),
    op.onUpdate !== undefined ? lit(op.onUpdate === null ? "" : ` ON UPDATE ${op.onUpdate}`) : KEPT_ON_UPDATE,
    op.autoIncrement === undefined
      ? "IF(EXTRA LIKE '%auto_increment%', ' AUTO_INCREMENT', '')"
      : lit(op.autoIncrement ? " AUTO_INCREMENT" : ""),
    // no operation sets it, and SELECT * would start returning the column
    "IF(EXTRA LIKE '%INVISIBLE%', ' INVISIBLE', '')",
    "comment" in op && op.comment !== undefined
      ? lit(op.comment === null ? "" : ` COMMENT ${quoteComment(op.comment)}`)
      : "IF(COLUMN_COMMENT = '', '', CONCAT(' COMMENT ', QUOTE(COLUMN_COMMENT)))",
    columnCheck(op, ctx),
    lit(onlineClauses(ctx)),
  ].filter((p) => p !== "''");
  const schema = op.table.schema === undefined ? "DATABASE()" : lit(op.table.schema);
  // A column missing from information_schema yields NULL; the fallback fails with "Unknown column" and changes nothing.
  const fallback = `ALTER TABLE ${quoteQualified(op.table)} RENAME COLUMN ${quoteIdent(op.column)} TO ${quoteIdent(op.column)}`;
  return [
    ...checkLookup(op, ctx, schema),
    `SET ${VARIABLE} = COALESCE((SELECT CONCAT(${parts.join(", ")}) FROM information_schema.COLUMNS ` +
      `WHERE TABLE_SCHEMA = ${schema} AND TABLE_NAME = ${lit(op.table.name)} AND COLUMN_NAME = ${lit(op.column)}), ${lit(fallback)})`,
    `PREPARE ${STATEMENT} FROM ${VARIABLE}`,
    // no DEALLOCATE: a resumed run that stopped after the EXECUTE would send it on a new session,
    // where no such statement exists; the next PREPARE of the name replaces it, the session's end frees it
    `EXECUTE ${STATEMENT}`,
  ];
}

/**
 * MariaDB keeps a CHECK written on a column (a JSON column's `json_valid` among them: its JSON
 * type is LONGTEXT with that check) as part of the column, so a MODIFY COLUMN without it drops
 * it. It is copied from the live column; a type change leaves out only `json_valid(col)` (the
 * column stops being JSON; a new JSON type brings its own). MySQL 8 keeps column checks as the
 * table's, untouched by MODIFY.
 */
function columnCheck(op: AlterColumn, ctx: MysqlRenderContext): string {
  // Offline for an unnamed server: read ahead by checkLookup, on MariaDB only (MySQL has no LEVEL column).
  if (ctx.serverAssumed === true) return `IFNULL(${CHECK_VARIABLE}, '')`;
  if (ctx.server.flavor !== "mariadb") return "''";
  return `IFNULL((${columnCheckQuery(op, "COLUMNS.TABLE_SCHEMA", "COLUMNS.TABLE_NAME", "COLUMNS.COLUMN_NAME")}), '')`;
}

const CHECK_VARIABLE = "@athanor_column_check";

/** MariaDB's ` CHECK (…)` written on the column, as one scalar subquery (NULL: none). */
function columnCheckQuery(op: AlterColumn, schema: string, table: string, column: string): string {
  const notJsonValid =
    op.type === undefined
      ? ""
      : ` AND cc.CHECK_CLAUSE <> CONCAT('json_valid(', ${quoteLiteral(quoteIdent(op.column))}, ')')`;
  return (
    "SELECT CONCAT(' CHECK (', cc.CHECK_CLAUSE, ')') FROM information_schema.CHECK_CONSTRAINTS AS cc " +
    `WHERE cc.CONSTRAINT_SCHEMA = ${schema} AND cc.TABLE_NAME = ${table} ` +
    `AND cc.CONSTRAINT_NAME = ${column} AND cc.LEVEL = 'Column'${notJsonValid}`
  );
}

/**
 * Offline for an unnamed server, the statements that set {@link CHECK_VARIABLE} to the column's
 * MariaDB CHECK before the MODIFY reads it: a MODIFY without it drops the check (a JSON column's
 * json_valid among them) silently. The query is prepared only on MariaDB, since MySQL would
 * refuse its LEVEL column even in a branch it does not take.
 */
function checkLookup(op: AlterColumn, ctx: MysqlRenderContext, schema: string): string[] {
  if (ctx.serverAssumed !== true) return [];
  const lit = quoteLiteral;
  const read = `SET ${CHECK_VARIABLE} = (${columnCheckQuery(op, schema, lit(op.table.name), lit(op.column))})`;
  return [
    `SET @athanor_check_sql = IF(VERSION() LIKE '%MariaDB%', ${lit(read)}, ${lit(`SET ${CHECK_VARIABLE} = NULL`)})`,
    "PREPARE athanor_column_check FROM @athanor_check_sql",
    "EXECUTE athanor_column_check",
  ];
}

/** The generation clause as set (`null`: none, the column keeps its values) or kept from the live column. */
function generation(op: AlterColumn): string {
  if (op.generated === null) return "''";
  if (op.generated !== undefined)
    return quoteLiteral(
      ` GENERATED ALWAYS AS (${op.generated.expression}) ${op.generated.storage === "virtual" ? "VIRTUAL" : "STORED"}`,
    );
  return "IF(IFNULL(GENERATION_EXPRESSION, '') = '', '', CONCAT(' AS (', GENERATION_EXPRESSION, ') ', IF(EXTRA LIKE '%STORED%', 'STORED', 'VIRTUAL')))";
}

/**
 * `mariadb` on MariaDB and `mysql` elsewhere. Offline with nothing naming the server (a mysql://
 * URL) the script may run on either, so the choice is the server's, at run time (both read
 * only columns both servers have).
 */
function perServer(ctx: MysqlRenderContext, mariadb: string, mysql: string): string {
  if (mariadb === mysql) return mysql;
  if (ctx.serverAssumed === true) return `IF(VERSION() LIKE '%MariaDB%', ${mariadb}, ${mysql})`;
  return ctx.server.flavor === "mariadb" ? mariadb : mysql;
}

/** NULL/NOT NULL as set or kept; MariaDB allows neither on a generated column. */
function nullability(op: AlterColumn, ctx: MysqlRenderContext): string {
  const value =
    op.nullable === undefined
      ? "IF(IS_NULLABLE = 'YES', ' NULL', ' NOT NULL')"
      : quoteLiteral(op.nullable ? " NULL" : " NOT NULL");
  if (op.generated === null) return value;
  if (op.generated !== undefined) return perServer(ctx, "''", value);
  return perServer(ctx, `IF(IFNULL(GENERATION_EXPRESSION, '') = '', ${value}, '')`, value);
}

/**
 * The live column's default as SQL, per server: MariaDB prints defaults as SQL already (its
 * QUOTE()d text was a default holding the quotes: 'abc' became '\'abc\''); MySQL prints values.
 */
function keptDefault(ctx: MysqlRenderContext): string {
  return perServer(
    ctx,
    // 'NULL' is an explicit NULL default: left out, as it is implied and invalid once NOT NULL.
    "IF(COLUMN_DEFAULT IS NULL OR COLUMN_DEFAULT = 'NULL', '', CONCAT(' DEFAULT ', COLUMN_DEFAULT))",
    "IF(COLUMN_DEFAULT IS NULL, '', CONCAT(' DEFAULT ', IF(EXTRA LIKE '%DEFAULT_GENERATED%', " +
      "IF(COLUMN_DEFAULT REGEXP '^(CURRENT_TIMESTAMP|NOW|LOCALTIME)', COLUMN_DEFAULT, CONCAT('(', COLUMN_DEFAULT, ')')), QUOTE(COLUMN_DEFAULT))))",
  );
}
