import {
  createdInThisRevision,
  defineLintRule,
  type LintRule,
  tableLabel,
  versionAtLeast,
} from "@athanor/core";
import { ACCESS_EXCLUSIVE, PG_DIALECTS } from "./common.js";
import {
  isBinaryCompatibleChange,
  isPlainCast,
  isSerialType,
  volatileFunctionIn,
} from "./type-compatibility.js";

const ADD_THEN_BACKFILL =
  "add the column nullable without the default (expand), op.alterColumn(table, col, { default }) for new rows, backfill existing rows in batches (migrate), then the SET NOT NULL recipe (contract)";

/** ADD COLUMN and ALTER COLUMN TYPE rules of PostgreSQL. */
export const postgresColumnRules: readonly LintRule[] = [
  defineLintRule({
    id: "pg/volatile-default",
    dialects: PG_DIALECTS,
    kinds: ["addColumn"],
    severity: "error",
    summary: "ADD COLUMN with a volatile default rewrites the whole table under an ACCESS EXCLUSIVE lock",
    lock: ACCESS_EXCLUSIVE,
    rewritesTable: true,
    scansTable: false,
    breaksRunningCode: false,
    safeRecipe: ADD_THEN_BACKFILL,
    check(op, context) {
      const fn = op.column.default === undefined ? undefined : volatileFunctionIn(op.column.default);
      const serial = isSerialType(op.column.type);
      if ((fn === undefined && !serial) || createdInThisRevision(context, op.table)) return undefined;
      const what = serial
        ? `is ${op.column.type}, whose implicit DEFAULT calls nextval()`
        : `DEFAULT ${op.column.default} calls ${fn}()`;
      return {
        message: `${tableLabel(op.table)}.${op.column.name} ${what}, which is volatile: PostgreSQL computes it for every existing row and rewrites the table while reads and writes wait.`,
        table: op.table,
      };
    },
  }),
  defineLintRule({
    id: "pg/default-before-pg11",
    dialects: PG_DIALECTS,
    kinds: ["addColumn"],
    severity: "error",
    summary: "before PostgreSQL 11, ADD COLUMN with any default rewrites the table",
    lock: ACCESS_EXCLUSIVE,
    rewritesTable: true,
    scansTable: false,
    breaksRunningCode: false,
    safeRecipe: ADD_THEN_BACKFILL,
    check(op, context) {
      const { default: value } = op.column;
      if (value === undefined || /^null$/i.test(value.trim()) || versionAtLeast(context.dialect, 11))
        return undefined;
      if (volatileFunctionIn(value) !== undefined || createdInThisRevision(context, op.table))
        return undefined;
      return {
        message: `The target server is older than PostgreSQL 11, where ADD COLUMN ${op.column.name} DEFAULT ${value} writes the default into every row of ${tableLabel(op.table)}.`,
        table: op.table,
      };
    },
  }),
  defineLintRule({
    id: "pg/add-stored-generated-column",
    dialects: PG_DIALECTS,
    kinds: ["addColumn"],
    severity: "error",
    summary: "adding an identity or stored generated column rewrites the table",
    lock: ACCESS_EXCLUSIVE,
    rewritesTable: true,
    scansTable: false,
    breaksRunningCode: false,
    safeRecipe:
      "add a plain nullable column, fill new rows with a trigger or the application, backfill old rows in batches",
    check(op, context) {
      const what = op.column.identity
        ? "an identity"
        : op.column.generated
          ? "a stored generated"
          : undefined;
      if (what === undefined || createdInThisRevision(context, op.table)) return undefined;
      return {
        message: `Adding ${what} column ${op.column.name} computes a value for every row of ${tableLabel(op.table)}, rewriting it while reads and writes wait.`,
        table: op.table,
      };
    },
  }),
  defineLintRule({
    id: "pg/add-required-column",
    dialects: PG_DIALECTS,
    kinds: ["addColumn"],
    severity: "error",
    summary: "ADD COLUMN NOT NULL without a default fails on a table with rows, and breaks old inserts",
    lock: ACCESS_EXCLUSIVE,
    rewritesTable: false,
    scansTable: false,
    breaksRunningCode: true,
    safeRecipe: "give it a constant default, or add it nullable, backfill, then the SET NOT NULL recipe",
    check(op, context) {
      const c = op.column;
      if (c.nullable || c.default !== undefined || c.identity || c.generated || isSerialType(c.type))
        return undefined;
      if (createdInThisRevision(context, op.table)) return undefined;
      return {
        message: `${tableLabel(op.table)}.${c.name} is NOT NULL without a default: the ALTER fails if the table has rows, and running code that inserts without it fails afterwards.`,
        table: op.table,
      };
    },
  }),
  defineLintRule({
    id: "pg/type-change-rewrite",
    dialects: PG_DIALECTS,
    kinds: ["alterColumn"],
    severity: "error",
    summary: "ALTER COLUMN TYPE rewrites the table and its indexes unless the change is binary-compatible",
    lock: ACCESS_EXCLUSIVE,
    rewritesTable: true,
    scansTable: true,
    breaksRunningCode: true,
    safeRecipe:
      "expand/contract: add a column of the new type, keep it in sync (trigger or dual writes), backfill in batches, index it concurrently, switch readers, drop the old column",
    check(op, context) {
      if (op.type === undefined || createdInThisRevision(context, op.table)) return undefined;
      const target = `${tableLabel(op.table)}.${op.column}`;
      // `USING "col"::newtype` (what autogenerate writes) is the implicit conversion spelled out:
      // PostgreSQL skips the rewrite for it exactly as without USING (measured by relfilenode).
      const using = isPlainCast(op.using, op.column, op.type) ? undefined : op.using;
      if (
        using === undefined &&
        op.existingType !== undefined &&
        isBinaryCompatibleChange(op.existingType, op.type)
      ) {
        return undefined;
      }
      if (op.existingType === undefined && using === undefined) {
        return {
          message: `${target} changes to ${op.type} from a type lint cannot see (no existingType); unless the change is binary-compatible (a longer varchar, varchar→text), it rewrites the table while reads and writes wait.`,
          table: op.table,
          severity: "warning",
        };
      }
      return {
        message: `${target} changes from ${op.existingType ?? "its current type"} to ${op.type}${op.using === undefined ? "" : ` USING ${op.using}`}: PostgreSQL rewrites the table and rebuilds its indexes while reads and writes wait.`,
        table: op.table,
      };
    },
  }),
];
