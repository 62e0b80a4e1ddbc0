import { createdInThisRevision, defineLintRule, type LintRule, tableLabel } from "@athanor/core";
import { MY_DIALECTS, onlineAlgorithm } from "./online-ddl.js";

const COPY_LOCK = "SHARED (writes blocked while the table is copied)";
const OSC =
  "expand/contract: add a new column, backfill it in batches, switch readers, drop the old one; or run the ALTER through gh-ost / pt-online-schema-change";

/** Rules for ALTERs that copy or rebuild the table on MySQL/MariaDB. */
export const mysqlCopyRules: readonly LintRule[] = [
  defineLintRule({
    id: "my/column-type-copy",
    dialects: MY_DIALECTS,
    kinds: ["alterColumn"],
    severity: "error",
    summary: "changing a column's type copies the table while writes wait (ALGORITHM=COPY)",
    lock: COPY_LOCK,
    rewritesTable: true,
    scansTable: true,
    breaksRunningCode: false,
    safeRecipe: OSC,
    check(op, context) {
      if (op.type === undefined || createdInThisRevision(context, op.table)) return undefined;
      if (onlineAlgorithm(op, context.dialect) !== "COPY") return undefined;
      if (op.existingType === undefined) {
        return {
          message: `${tableLabel(op.table)}.${op.column} changes to ${op.type} from a type lint cannot see (no existingType); unless it only grows a VARCHAR, InnoDB copies the table and blocks writes.`,
          table: op.table,
          severity: "warning",
        };
      }
      const from = ` from ${op.existingType}`;
      return {
        message: `${tableLabel(op.table)}.${op.column} changes${from} to ${op.type}: InnoDB copies the whole table and blocks writes until it is done.`,
        table: op.table,
      };
    },
  }),
  defineLintRule({
    id: "my/column-generation-copy",
    dialects: MY_DIALECTS,
    kinds: ["alterColumn"],
    severity: "error",
    summary:
      "changing a column's generation expression or storage, or adding AUTO_INCREMENT, copies the table while writes wait (ALGORITHM=COPY)",
    lock: COPY_LOCK,
    rewritesTable: true,
    scansTable: true,
    breaksRunningCode: false,
    safeRecipe:
      "for a generated column: add the new one VIRTUAL under another name, move readers, drop the old one; for AUTO_INCREMENT: run the ALTER off-peak or through gh-ost / pt-online-schema-change",
    check(op, context) {
      if (createdInThisRevision(context, op.table)) return undefined;
      const { generated } = op;
      if (generated === undefined && op.autoIncrement !== true) return undefined;
      const what =
        generated === undefined
          ? "gains AUTO_INCREMENT"
          : generated === null
            ? "stops being generated"
            : `gets the generation expression ${generated.expression}`;
      return {
        message: `${tableLabel(op.table)}.${op.column} ${what}: InnoDB copies the whole table and blocks writes until it is done (measured on MariaDB 10.11).`,
        table: op.table,
      };
    },
  }),
  defineLintRule({
    id: "my/foreign-key-copy",
    dialects: MY_DIALECTS,
    kinds: ["addForeignKey"],
    severity: "error",
    summary: "ADD FOREIGN KEY copies the table unless foreign_key_checks=0",
    lock: COPY_LOCK,
    rewritesTable: true,
    scansTable: true,
    breaksRunningCode: false,
    safeRecipe:
      "run it as op.execute with SET foreign_key_checks=0 around it (INPLACE, but existing rows are not checked: verify them with a query first), or use gh-ost",
    check: (op, context) =>
      createdInThisRevision(context, op.table)
        ? undefined
        : {
            message: `FOREIGN KEY ${op.name} on ${tableLabel(op.table)} is added with ALGORITHM=COPY while foreign_key_checks is on: the table is copied and writes wait.`,
            table: op.table,
          },
  }),
  defineLintRule({
    id: "my/add-column-copy",
    dialects: MY_DIALECTS,
    kinds: ["addColumn"],
    severity: "error",
    summary:
      "adding a column with an expression default, AUTO_INCREMENT or STORED generation rebuilds the table",
    lock: COPY_LOCK,
    rewritesTable: true,
    scansTable: false,
    breaksRunningCode: false,
    safeRecipe:
      "add the column without the default (INSTANT), set the default for new rows, backfill old rows in batches; for generated columns prefer VIRTUAL",
    check(op, context) {
      if (createdInThisRevision(context, op.table) || onlineAlgorithm(op, context.dialect) !== "COPY")
        return undefined;
      const c = op.column;
      const why = c.generated
        ? "a stored generated column"
        : c.identity
          ? "an AUTO_INCREMENT column"
          : `the expression default ${c.default}`;
      return {
        message: `${tableLabel(op.table)}.${c.name} is ${why}: InnoDB computes it for every row by rebuilding the table while writes wait.`,
        table: op.table,
      };
    },
  }),
  defineLintRule({
    id: "my/table-rebuild",
    dialects: MY_DIALECTS,
    kinds: ["alterColumn", "addPrimaryKey", "dropColumn"],
    severity: "warning",
    summary: "the ALTER rebuilds the table in place: writes continue, but it takes as long as a copy",
    lock: "NONE during the rebuild, exclusive metadata lock at its start and end",
    rewritesTable: true,
    scansTable: true,
    breaksRunningCode: false,
    safeRecipe:
      "run it with ALGORITHM=INPLACE, LOCK=NONE off-peak; on large tables use gh-ost / pt-online-schema-change",
    check(op, context) {
      if (
        createdInThisRevision(context, op.table) ||
        onlineAlgorithm(op, context.dialect) !== "INPLACE-REBUILD"
      )
        return undefined;
      const what =
        op.kind === "addPrimaryKey"
          ? `adding PRIMARY KEY ${op.name}`
          : op.kind === "dropColumn"
            ? `dropping ${op.column} on this server version`
            : `changing the nullability of ${op.column}`;
      return {
        message: `${what[0]?.toUpperCase()}${what.slice(1)} rebuilds ${tableLabel(op.table)}; a NOT NULL change also fails on existing NULLs.`,
        table: op.table,
      };
    },
  }),
  defineLintRule({
    id: "my/check-constraint-scan",
    dialects: MY_DIALECTS,
    kinds: ["addCheck"],
    severity: "warning",
    summary: "an enforced CHECK validates every row while writes wait",
    lock: "SHARED (writes blocked during validation)",
    rewritesTable: false,
    scansTable: true,
    breaksRunningCode: false,
    safeRecipe:
      "add it NOT ENFORCED (metadata only) through op.execute; enforcing it later still blocks writes",
    check: (op, context) =>
      createdInThisRevision(context, op.table)
        ? undefined
        : {
            message: `CHECK ${op.name} on ${tableLabel(op.table)} checks every existing row while writes wait.`,
            table: op.table,
          },
  }),
];
