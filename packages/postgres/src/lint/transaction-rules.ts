import {
  createdInThisRevision,
  defineLintRule,
  isDataChange,
  isSchemaChange,
  type LintRule,
  OPERATION_KINDS,
  versionAtLeast,
} from "@athanor/core";
import { PG_DIALECTS } from "./common.js";
import { firstUseOf, sqlNames } from "./enum-value-uses.js";

/** Rules about what shares a revision's transaction on PostgreSQL. */
export const postgresTransactionRules: readonly LintRule[] = [
  defineLintRule({
    id: "pg/ddl-with-backfill",
    dialects: PG_DIALECTS,
    kinds: OPERATION_KINDS,
    severity: "warning",
    summary:
      "a transactional revision that changes the schema and writes rows holds its DDL locks for the whole backfill",
    lock: "the locks of the revision's DDL, held until COMMIT",
    rewritesTable: false,
    scansTable: false,
    breaksRunningCode: false,
    safeRecipe:
      'write the rows with `await op.backfill({ table, set, where })` (batched; the runner commits the DDL first), or move the backfill to its own revision marked phase: "migrate"',
    check(op, context) {
      const { header, operations, queries } = context.revision;
      if (!header.transactional || !operations.some(isSchemaChange)) return undefined;
      // seeding a table this revision creates holds no lock anyone waits for
      const writes = operations.filter(
        (o, i) =>
          isDataChange(o) &&
          !(o.kind === "bulkInsert" && createdInThisRevision({ ...context, index: i }, o.table)),
      );
      // report once per revision: on its first write, or on its first DDL when only op.query writes
      if (writes.length > 0) {
        if (op !== writes[0]) return undefined;
        return {
          message: `This ${op.kind === "bulkInsert" ? "bulk insert" : "data statement"} runs in the same transaction as the revision's schema changes, so their locks are held until every row is written.`,
        };
      }
      if (queries.length === 0 || op !== operations.find(isSchemaChange)) return undefined;
      return {
        message: `The revision calls op.query() ${queries.length} time(s) in the transaction that holds this schema change's lock; a data migration there keeps the lock for its whole run.`,
      };
    },
  }),
  defineLintRule({
    id: "pg/enum-value-in-transaction",
    dialects: PG_DIALECTS,
    kinds: ["addEnumValue"],
    severity: "error",
    summary:
      "ALTER TYPE ADD VALUE cannot run in a transaction before PostgreSQL 12, nor be used in the transaction that adds it",
    lock: null,
    rewritesTable: false,
    scansTable: false,
    breaksRunningCode: false,
    safeRecipe:
      "add the value in a revision with `transactional: false` (each statement commits before the next: autogenerate writes it so), or use it in a later revision",
    check(op, context) {
      if (!context.revision.header.transactional) return undefined;
      if (!versionAtLeast(context.dialect, 12)) {
        return {
          message: `Before PostgreSQL 12, ALTER TYPE ${op.name.name} ADD VALUE '${op.value}' fails inside a transaction block, and this revision runs in one.`,
        };
      }
      const later = context.revision.operations.slice(context.index + 1);
      const use =
        firstUseOf(op.value, later) ??
        (context.revision.queries.some((q) => q.afterOperation > context.index && sqlNames(op.value, q.sql))
          ? { kind: "query", where: "an op.query() of the revision" }
          : undefined);
      if (use === undefined) return undefined;
      return {
        message: `The new value '${op.value}' of ${op.name.name} is used by a later ${use.kind} (${use.where}) in the same transaction; PostgreSQL refuses it ("unsafe use of new value") until the ADD VALUE commits.`,
      };
    },
  }),
];
