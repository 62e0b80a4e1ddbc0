import {
  createdInThisRevision,
  defineLintRule,
  type IndexKey,
  isSchemaChange,
  type LintRule,
  OPERATION_KINDS,
  type OperationOf,
  type QualifiedName,
  tableLabel,
} from "@athanor/core";
import type { AlterAlgorithm, AlterLock } from "../render/context.js";
import { lintServerName, METADATA_LOCK, MY_DIALECTS, onlineAlgorithm } from "./online-ddl.js";

/**
 * The online-DDL clauses the dialect appends (its `algorithm`/`lock` options), so lint knows
 * whether statements fail fast instead of silently degrading to a copy.
 *
 * @example
 * ```ts
 * const clauses: MysqlLintOptions = { algorithm: "INPLACE", lock: "NONE" };
 * ```
 */
export interface MysqlLintOptions {
  readonly algorithm?: AlterAlgorithm | undefined;
  readonly lock?: AlterLock | undefined;
  /** The config's `mysql.galera`: `true` adds the Galera rules; `"auto"` cannot know before connecting. */
  readonly galera?: "auto" | boolean | undefined;
}

/** Rules about how MySQL/MariaDB DDL is spelled and grouped. */
export function mysqlOnlineRules(options: MysqlLintOptions): LintRule[] {
  const explicit = options.algorithm === "INSTANT" || options.algorithm === "INPLACE";
  const lockNone = options.lock === "NONE";
  return [
    defineLintRule({
      id: "my/missing-online-clauses",
      dialects: MY_DIALECTS,
      kinds: [
        "addColumn",
        "dropColumn",
        "renameColumn",
        "alterColumn",
        "createIndex",
        "dropIndex",
        "addUnique",
        "dropConstraint",
        "setTableComment",
        "execute",
      ],
      severity: "warning",
      summary:
        "an online-capable ALTER without ALGORITHM=INSTANT|INPLACE, LOCK=NONE may silently copy or lock",
      lock: METADATA_LOCK,
      rewritesTable: false,
      scansTable: false,
      breaksRunningCode: false,
      safeRecipe:
        'set mysql: { algorithm: "INPLACE", lock: "NONE" } in athanor.config.ts (mysqlDialect({ algorithm, lock }) in code; INSTANT where every statement allows it), so the server refuses instead of degrading',
      check(op, context) {
        if (op.kind === "execute") {
          if (!/^\s*alter\s+table\b/i.test(op.sql) || /\balgorithm\s*=/i.test(op.sql)) return undefined;
          return {
            message: "This raw ALTER TABLE names no ALGORITHM/LOCK, so InnoDB may pick a copying one.",
          };
        }
        const algorithm = onlineAlgorithm(op, context.dialect);
        const table = (op as { table: QualifiedName }).table;
        if (algorithm === undefined || algorithm === "COPY" || createdInThisRevision(context, table))
          return undefined;
        if (explicit && lockNone) return undefined;
        const best = algorithm === "INSTANT" ? "INSTANT" : "INPLACE";
        return {
          message: `${op.kind} on ${tableLabel(table)} can run with ALGORITHM=${best}, LOCK=NONE, but is rendered without ${[explicit ? "" : "ALGORITHM", lockNone ? "" : "LOCK"].filter(Boolean).join(" and ")}: should the server pick a copy, it blocks writes instead of failing.`,
          table,
        };
      },
    }),
    defineLintRule({
      id: "my/multiple-ddl",
      dialects: MY_DIALECTS,
      kinds: OPERATION_KINDS,
      severity: "warning",
      summary:
        "several DDL statements in one revision: each commits on its own, so a failure leaves it half-applied",
      lock: METADATA_LOCK,
      rewritesTable: false,
      scansTable: false,
      breaksRunningCode: false,
      safeRecipe:
        "one DDL statement per revision, or write the revision so a re-run after a partial failure is safe (IF [NOT] EXISTS)",
      check(op, context) {
        const ddl = context.revision.operations.filter(isSchemaChange);
        // reported once, on the second statement: the first one that can be left behind
        if (ddl.length < 2 || ddl[1] !== op) return undefined;
        return {
          message: `This revision runs ${ddl.length} DDL statements; ${lintServerName(context.dialect)} commits each one, so if a later one fails the earlier ones stay applied while the version table still names the previous revision.`,
        };
      },
    }),
    defineLintRule({
      id: "my/unique-index-duplicates",
      dialects: MY_DIALECTS,
      kinds: ["createIndex", "addUnique"],
      severity: "info",
      summary: "a new unique index fails when existing rows hold duplicates",
      lock: "NONE (INPLACE)",
      rewritesTable: false,
      scansTable: true,
      breaksRunningCode: false,
      safeRecipe:
        "check for duplicates first (SELECT cols, count(*) … GROUP BY cols HAVING count(*) > 1) and clean them in an earlier revision",
      check(op, context) {
        if ((op.kind === "createIndex" && op.unique !== true) || createdInThisRevision(context, op.table))
          return undefined;
        if (widensUniqueKey(op)) return undefined;
        return {
          message: `The unique index ${op.name} on ${tableLabel(op.table)} fails if rows already repeat a value.`,
          table: op.table,
        };
      },
    }),
    defineLintRule({
      id: "my/add-required-column",
      dialects: MY_DIALECTS,
      kinds: ["addColumn"],
      severity: "warning",
      summary: "ADD COLUMN NOT NULL without a default fills existing rows with the type's zero value",
      lock: METADATA_LOCK,
      rewritesTable: false,
      scansTable: false,
      breaksRunningCode: true,
      safeRecipe: "give the column an explicit DEFAULT, or add it nullable and backfill",
      check(op, context) {
        const c = op.column;
        if (c.nullable || c.default !== undefined || c.identity || c.generated) return undefined;
        if (createdInThisRevision(context, op.table)) return undefined;
        return {
          message: `${tableLabel(op.table)}.${c.name} is NOT NULL without a default: existing rows get 0/'' silently, and running code that inserts without it fails in strict mode.`,
          table: op.table,
        };
      },
    }),
  ];
}

/** Plain key columns of an index or unique key; undefined when a key part is an expression. */
function keyColumns(
  definition: { readonly columns: readonly string[] } | { readonly keys: readonly IndexKey[] },
): readonly string[] | undefined {
  if ("columns" in definition) return definition.columns;
  const columns = definition.keys.map((k) => k.column);
  return columns.every((c): c is string => c !== undefined) ? columns : undefined;
}

/**
 * A unique key that replaces a stricter one of its name (`(email)` widened to `(tenant, email)`):
 * rows the old key kept apart differ on the new one too, so none can repeat a value.
 */
function widensUniqueKey(op: OperationOf<"createIndex" | "addUnique">): boolean {
  const old = op.replaces?.existing;
  if (old === undefined || ("keys" in old && old.unique !== true)) return false;
  const before = keyColumns(old);
  const after = keyColumns(op);
  return before !== undefined && after !== undefined && before.every((c) => after.includes(c));
}
