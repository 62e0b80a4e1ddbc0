import {
  type AlterColumn,
  createdInThisRevision,
  defineLintRule,
  type LintContext,
  type LintRule,
  type Operation,
  sameTable,
  tableLabel,
  versionAtLeast,
} from "@athanor/core";
import { ACCESS_EXCLUSIVE, PG_DIALECTS } from "./common.js";

const VALIDATE_LATER =
  "add it with { notValid: true } (a brief lock, no scan), then op.validateConstraint(name, table) in a later revision (a scan that lets reads and writes continue)";

/** FOREIGN KEY, CHECK, VALIDATE and SET NOT NULL rules of PostgreSQL. */
export const postgresConstraintRules: readonly LintRule[] = [
  defineLintRule({
    id: "pg/foreign-key-not-valid",
    dialects: PG_DIALECTS,
    kinds: ["addForeignKey"],
    severity: "error",
    summary: "ADD FOREIGN KEY without NOT VALID scans the table while writes to both tables wait",
    lock: "SHARE ROW EXCLUSIVE (both tables)",
    rewritesTable: false,
    scansTable: true,
    breaksRunningCode: false,
    safeRecipe: VALIDATE_LATER,
    check: (op, context) =>
      op.notValid === true || createdInThisRevision(context, op.table)
        ? undefined
        : {
            message: `FOREIGN KEY ${op.name} on ${tableLabel(op.table)} checks every existing row while writes to ${tableLabel(op.table)} and ${tableLabel(op.references.table)} wait.`,
            table: op.table,
          },
  }),
  defineLintRule({
    id: "pg/check-not-valid",
    dialects: PG_DIALECTS,
    kinds: ["addCheck"],
    severity: "error",
    summary: "ADD CHECK without NOT VALID scans the table under an ACCESS EXCLUSIVE lock",
    lock: ACCESS_EXCLUSIVE,
    rewritesTable: false,
    scansTable: true,
    breaksRunningCode: false,
    safeRecipe: VALIDATE_LATER,
    check: (op, context) =>
      op.notValid === true || createdInThisRevision(context, op.table)
        ? undefined
        : {
            message: `CHECK ${op.name} on ${tableLabel(op.table)} checks every existing row while reads and writes wait.`,
            table: op.table,
          },
  }),
  defineLintRule({
    id: "pg/validate-in-same-transaction",
    dialects: PG_DIALECTS,
    kinds: ["validateConstraint"],
    severity: "warning",
    summary: "VALIDATE in the transaction that added the constraint scans while the ADD's lock is still held",
    lock: ACCESS_EXCLUSIVE,
    rewritesTable: false,
    scansTable: true,
    breaksRunningCode: false,
    safeRecipe: "move op.validateConstraint to a later revision (a migrate-phase revision fits)",
    check(op, context) {
      if (!context.revision.header.transactional) return undefined;
      const added = context.revision.operations
        .slice(0, context.index)
        .find(
          (o) =>
            (o.kind === "addCheck" || o.kind === "addForeignKey" || o.kind === "addNotNull") &&
            o.name === op.name &&
            o.notValid === true &&
            sameTable(o.table, op.table),
        );
      if (added === undefined || createdInThisRevision(context, op.table)) return undefined;
      return {
        message: `VALIDATE ${op.name} runs in the same transaction as its ADD, so the scan happens while the ADD's lock still blocks ${added.kind === "addForeignKey" ? "writes" : "reads and writes"}.`,
        table: op.table,
        lock: added.kind === "addForeignKey" ? "SHARE ROW EXCLUSIVE (both tables)" : ACCESS_EXCLUSIVE,
      };
    },
  }),
  defineLintRule({
    id: "pg/not-null-not-valid",
    dialects: PG_DIALECTS,
    kinds: ["addNotNull"],
    severity: "error",
    summary: "ADD CONSTRAINT ... NOT NULL without NOT VALID scans the table under an ACCESS EXCLUSIVE lock",
    lock: ACCESS_EXCLUSIVE,
    rewritesTable: false,
    scansTable: true,
    breaksRunningCode: false,
    safeRecipe: VALIDATE_LATER,
    check: (op, context) =>
      op.notValid === true || createdInThisRevision(context, op.table)
        ? undefined
        : {
            message: `NOT NULL ${op.name} on ${tableLabel(op.table)}.${op.column} checks every existing row while reads and writes wait.`,
            table: op.table,
          },
  }),
  defineLintRule({
    id: "pg/set-not-null",
    dialects: PG_DIALECTS,
    kinds: ["alterColumn"],
    severity: "error",
    summary: "SET NOT NULL on an existing table scans it under an ACCESS EXCLUSIVE lock",
    lock: ACCESS_EXCLUSIVE,
    rewritesTable: false,
    scansTable: true,
    breaksRunningCode: false,
    safeRecipe:
      'op.addCheck(name, table, "col IS NOT NULL", { notValid: true }) → op.validateConstraint(name, table) in a later revision → SET NOT NULL (no scan on PostgreSQL 12+) → op.dropConstraint(name, table)',
    check(op, context) {
      if (op.nullable !== false || op.existingNullable === false) return undefined;
      if (createdInThisRevision(context, op.table)) return undefined;
      if (versionAtLeast(context.dialect, 12) && hasValidatedNotNullCheck(op, context)) return undefined;
      const native = versionAtLeast(context.dialect, 18)
        ? " On PostgreSQL 18 the native form works too: ADD CONSTRAINT c NOT NULL col NOT VALID, then VALIDATE CONSTRAINT c."
        : "";
      return {
        message: `SET NOT NULL on ${tableLabel(op.table)}.${op.column} scans every row while reads and writes wait.${native}`,
        table: op.table,
      };
    },
  }),
];

/** A validated `CHECK (col IS NOT NULL)` lets PostgreSQL 12+ skip the SET NOT NULL scan. */
function hasValidatedNotNullCheck(op: AlterColumn, context: LintContext): boolean {
  const before: readonly Operation[] = [
    ...context.earlier,
    ...context.revision.operations.slice(0, context.index),
  ];
  const pattern = new RegExp(`^\\(?\\s*"?${escapeRegExp(op.column)}"?\\s+is\\s+not\\s+null\\s*\\)?$`, "i");
  return before.some((o, i) => {
    if (o.kind !== "addCheck" || !sameTable(o.table, op.table) || !pattern.test(o.expression.trim())) {
      return false;
    }
    if (o.notValid !== true) return true;
    return before
      .slice(i + 1)
      .some((v) => v.kind === "validateConstraint" && v.name === o.name && sameTable(v.table, op.table));
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
