import type { DropIndex } from "@athanor/core";
import { quoteIdent, quoteLiteral, quoteQualified } from "../quote.js";
import { type MysqlRenderContext, onlineClauses, unsupported } from "./context.js";

// The session variable and prepared statement the DROP INDEX is assembled in.
const VARIABLE = "@athanor_ddl";
const STATEMENT = "athanor_drop_index";
// Separates column names inside GROUP_CONCAT; a control character no identifier holds.
const SEP = "0x1f";

/** Key columns per index of one table, joined by SEP (an expression key part counts as ''). */
function indexColumns(schema: string, table: string): string {
  return (
    `(SELECT INDEX_NAME AS name, GROUP_CONCAT(IFNULL(COLUMN_NAME, '') ORDER BY SEQ_IN_INDEX SEPARATOR ${SEP}) AS cols ` +
    `FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ${schema} AND TABLE_NAME = ${table} AND SUB_PART IS NULL ` +
    "GROUP BY INDEX_NAME)"
  );
}

/** `i` is usable by foreign key `f`: the key's columns are the index's leading columns. */
const COVERS = `LEFT(CONCAT(i.cols, ${SEP}), LENGTH(CONCAT(f.cols, ${SEP}))) = CONCAT(f.cols, ${SEP})`;

/**
 * `DROP INDEX` that keeps every foreign key of the table supported. InnoDB needs an index
 * whose leading columns are a foreign key's columns, and refuses to drop the last one
 * (error 1553); the server creates such an index itself (named after the key) when a key is
 * added without one, and drops it once a covering index exists. So the statement is completed
 * on the server when it runs: for each foreign key that would lose its last usable index, an
 * index named after the key is added in the same `ALTER TABLE`, just as the server would have
 * kept it. A downgrade that removes a covering index therefore works, and the table ends as
 * a table created without that index.
 *
 * @example
 * ```ts
 * renderDropIndex({ kind: "dropIndex", name: "c_p_at_idx", table: { name: "c" } }, ctx);
 * // ["SET @athanor_ddl = (SELECT CONCAT('ALTER TABLE `c` ', ...", "PREPARE ...", "EXECUTE ..."]
 * ```
 */
export function renderDropIndex(op: DropIndex, ctx: MysqlRenderContext): string[] {
  if (op.concurrently === true) {
    throw unsupported(
      ctx,
      "dropIndex",
      "DROP INDEX CONCURRENTLY",
      "Drop `concurrently` and set the dialect's `algorithm`/`lock` options",
    );
  }
  const schema = op.table.schema === undefined ? "DATABASE()" : quoteLiteral(op.table.schema);
  const table = quoteLiteral(op.table.name);
  const index = quoteLiteral(op.name);
  const foreignKeys =
    "(SELECT CONSTRAINT_NAME AS name, " +
    `GROUP_CONCAT(COLUMN_NAME ORDER BY ORDINAL_POSITION SEPARATOR ${SEP}) AS cols, ` +
    "GROUP_CONCAT(CONCAT('`', REPLACE(COLUMN_NAME, '`', '``'), '`') ORDER BY ORDINAL_POSITION SEPARATOR ', ') AS qcols " +
    `FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ${schema} AND TABLE_NAME = ${table} ` +
    "AND REFERENCED_TABLE_NAME IS NOT NULL GROUP BY CONSTRAINT_NAME)";
  const keeps =
    "GROUP_CONCAT(CONCAT('ADD INDEX `', REPLACE(f.name, '`', '``'), '` (', f.qcols, '), ') SEPARATOR '')";
  const head = `ALTER TABLE ${quoteQualified(op.table)} `;
  const tail = `DROP INDEX ${quoteIdent(op.name)}${onlineClauses(ctx)}`;
  return [
    `SET ${VARIABLE} = (SELECT CONCAT(${quoteLiteral(head)}, IFNULL(${keeps}, ''), ${quoteLiteral(tail)}) ` +
      `FROM ${foreignKeys} f ` +
      `WHERE EXISTS (SELECT 1 FROM ${indexColumns(schema, table)} i WHERE i.name = ${index} AND ${COVERS}) ` +
      `AND NOT EXISTS (SELECT 1 FROM ${indexColumns(schema, table)} i WHERE i.name <> ${index} AND ${COVERS}))`,
    `PREPARE ${STATEMENT} FROM ${VARIABLE}`,
    // no DEALLOCATE: a resumed run that stopped after the EXECUTE would send it on a new session,
    // where no such statement exists; the next PREPARE of the name replaces it, the session's end frees it
    `EXECUTE ${STATEMENT}`,
  ];
}
