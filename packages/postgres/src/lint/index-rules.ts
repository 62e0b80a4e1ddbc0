import {
  createdInThisRevision,
  defineLintRule,
  type LintContext,
  type LintRule,
  type QualifiedName,
  tableLabel,
} from "@athanor/core";
import { ACCESS_EXCLUSIVE, PG_DIALECTS, parseIndexStatement } from "./common.js";

const existingTable = (context: LintContext, table: QualifiedName | undefined) =>
  table === undefined || !createdInThisRevision(context, table);

const NON_TRANSACTIONAL =
  "put the concurrent statement in its own revision with `transactional: false` in its header";

/** Index and unique/primary-key rules of PostgreSQL. */
export const postgresIndexRules: readonly LintRule[] = [
  defineLintRule({
    id: "pg/index-not-concurrent",
    dialects: PG_DIALECTS,
    kinds: ["createIndex", "execute"],
    severity: "error",
    summary: "CREATE INDEX without CONCURRENTLY on an existing table blocks writes while it builds",
    lock: "SHARE",
    rewritesTable: false,
    scansTable: true,
    breaksRunningCode: false,
    safeRecipe: `op.createIndex(name, table, keys, { concurrently: true }), ${NON_TRANSACTIONAL}`,
    check(op, context) {
      const index =
        op.kind === "createIndex"
          ? {
              concurrently: op.concurrently === true,
              table: op.table as QualifiedName | undefined,
              name: op.name,
            }
          : parsed(op.sql, "create");
      if (index === undefined || index.concurrently || !existingTable(context, index.table)) return undefined;
      const name = index.name === undefined ? "" : ` ${index.name}`;
      const on = index.table === undefined ? "an existing table" : tableLabel(index.table);
      return {
        message: `CREATE INDEX${name} on ${on} blocks every INSERT, UPDATE and DELETE on it until the index is built.`,
        table: index.table,
      };
    },
  }),
  defineLintRule({
    id: "pg/drop-index-not-concurrent",
    dialects: PG_DIALECTS,
    kinds: ["dropIndex", "execute"],
    severity: "warning",
    summary: "DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the table",
    lock: ACCESS_EXCLUSIVE,
    rewritesTable: false,
    scansTable: false,
    breaksRunningCode: false,
    safeRecipe: `op.dropIndex(name, table, { concurrently: true }), ${NON_TRANSACTIONAL}`,
    check(op, context) {
      if (op.kind === "execute") {
        const index = parsed(op.sql, "drop");
        return index === undefined || index.concurrently
          ? undefined
          : { message: "DROP INDEX waits for, then blocks, every query on the table." };
      }
      if (op.concurrently === true || !existingTable(context, op.table)) return undefined;
      return {
        message: `DROP INDEX ${op.name} waits for, then blocks, every query on ${tableLabel(op.table)}.`,
        table: op.table,
      };
    },
  }),
  defineLintRule({
    id: "pg/concurrently-in-transaction",
    dialects: PG_DIALECTS,
    kinds: ["createIndex", "dropIndex", "execute"],
    severity: "error",
    summary: "CONCURRENTLY cannot run inside a transaction: the revision must be transactional: false",
    lock: null,
    rewritesTable: false,
    scansTable: false,
    breaksRunningCode: false,
    safeRecipe: NON_TRANSACTIONAL,
    check(op, context) {
      if (!context.revision.header.transactional) return undefined;
      const concurrent = op.kind === "execute" ? /\bconcurrently\b/i.test(op.sql) : op.concurrently === true;
      if (!concurrent) return undefined;
      return {
        message: `${op.kind === "execute" ? "This statement uses" : `${op.kind} ${op.name} uses`} CONCURRENTLY, which PostgreSQL refuses inside a transaction block, and this revision runs in one.`,
        ...(op.kind === "execute" ? {} : { table: op.table }),
      };
    },
  }),
  defineLintRule({
    id: "pg/unique-without-index",
    dialects: PG_DIALECTS,
    kinds: ["addUnique"],
    severity: "error",
    summary: "ADD CONSTRAINT UNIQUE builds its index under an ACCESS EXCLUSIVE lock",
    lock: ACCESS_EXCLUSIVE,
    rewritesTable: false,
    scansTable: true,
    breaksRunningCode: false,
    safeRecipe:
      "op.createIndex(name, table, columns, { unique: true, concurrently: true }) in a transactional: false revision, then op.addUnique(name, table, columns, { usingIndex: name })",
    check: (op, context) =>
      op.usingIndex === undefined && existingTable(context, op.table)
        ? {
            message: `Adding UNIQUE ${op.name} on ${tableLabel(op.table)} (${op.columns.join(", ")}) builds a unique index while reads and writes wait.`,
            table: op.table,
          }
        : undefined,
  }),
  defineLintRule({
    id: "pg/primary-key-without-index",
    dialects: PG_DIALECTS,
    kinds: ["addPrimaryKey"],
    severity: "error",
    summary: "ADD PRIMARY KEY builds its index (and checks NOT NULL) under an ACCESS EXCLUSIVE lock",
    lock: ACCESS_EXCLUSIVE,
    rewritesTable: false,
    scansTable: true,
    breaksRunningCode: false,
    safeRecipe:
      "make the columns NOT NULL with the CHECK recipe, op.createIndex(name, table, columns, { unique: true, concurrently: true }), then op.addPrimaryKey(name, table, columns, { usingIndex: name })",
    check: (op, context) =>
      op.usingIndex === undefined && existingTable(context, op.table)
        ? {
            message: `Adding PRIMARY KEY ${op.name} on ${tableLabel(op.table)} builds a unique index while reads and writes wait.`,
            table: op.table,
          }
        : undefined,
  }),
];

function parsed(
  sql: string,
  action: "create" | "drop",
): { concurrently: boolean; table?: QualifiedName; name?: undefined } | undefined {
  const statement = parseIndexStatement(sql);
  return statement?.action === action ? statement : undefined;
}
