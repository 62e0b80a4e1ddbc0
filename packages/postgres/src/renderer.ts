import type { Operation, OperationKind, OperationOf, QualifiedName } from "@athanor/core";
import { columnPositionUnsupported, replacementSteps } from "@athanor/core/dialect";
import { AthanorError } from "@athanor/core/errors";
import { inertStatements } from "@athanor/core/text";
import { POSTGRES_RAW_CONTROLS, quoteIdent, quoteLiteral, quoteQualified } from "./quote.js";
import { renderColumn, renderColumnComments, renderSequenceOptions } from "./render/column.js";
import {
  renderAlterColumnCollation,
  renderAlterColumnIdentity,
  renderAlterIndexStorage,
} from "./render/column-settings.js";
import {
  renderConstraintBody,
  renderCreateIndex,
  renderDropIndex,
  renderUniqueUsingIndex,
} from "./render/constraint.js";
import { renderRequireNoDependents } from "./render/dependents-guard.js";
import { renderRebuildEnum, renderRenameEnum } from "./render/enum.js";
import { renderCreateSyncTrigger, renderDropSyncTrigger } from "./render/sync-trigger.js";
import { renderAlterColumn, renderBulkInsert, renderCreateTable } from "./render/table.js";
import { renderRequireValuesFit } from "./render/values-fit-guard.js";
import {
  renderCreatePolicy,
  renderCreateView,
  renderDropPolicy,
  renderDropView,
  renderRowLevelSecurity,
} from "./render/view.js";

/**
 * One renderer per operation kind. The mapped type makes a kind added to core without a
 * PostgreSQL renderer a compile error here.
 */
export type PostgresRenderers = { readonly [K in OperationKind]: (op: OperationOf<K>) => readonly string[] };

/** PostgreSQL adds a column last: a placed one is refused, never silently put last. */
const refusePosition = (op: OperationOf<"addColumn">): [] => {
  if (op.position !== undefined) throw columnPositionUnsupported("PostgreSQL", op);
  return [];
};

const table = (t: QualifiedName) => `ALTER TABLE ${quoteQualified(t)}`;
const addConstraint = (t: QualifiedName, name: string, body: string) => [
  `${table(t)} ADD CONSTRAINT ${quoteIdent(name)} ${body}`,
];

/**
 * The PostgreSQL renderers, as a table keyed by kind. PGlite uses the same table.
 *
 * @example
 * ```ts
 * postgresRenderers.renameColumn(operations.renameColumn("users", "mail", "email"));
 * // ['ALTER TABLE "users" RENAME COLUMN "mail" TO "email"']
 * ```
 */
/** An index or unique key with `replaces`: the old one dropped, then the new one built, in the revision's transaction. */
function inTwoSteps(op: OperationOf<"createIndex" | "addUnique">): readonly string[] | undefined {
  return replacementSteps(op)?.flatMap((step) =>
    (postgresRenderers[step.kind] as (o: Operation) => readonly string[])(step),
  );
}

export const postgresRenderers: PostgresRenderers = {
  createTable: renderCreateTable,
  dropTable: (op) => [`DROP TABLE ${quoteQualified(op.table)}`],
  renameTable: (op) => [`${table(op.table)} RENAME TO ${quoteIdent(op.to)}`],
  addColumn: (op) => [
    ...refusePosition(op),
    `${table(op.table)} ADD COLUMN ${renderColumn(op.column)}`,
    ...renderColumnComments(op.table, [op.column]),
  ],
  dropColumn: (op) => [`${table(op.table)} DROP COLUMN ${quoteIdent(op.column)}`],
  alterColumn: renderAlterColumn,
  renameColumn: (op) => [`${table(op.table)} RENAME COLUMN ${quoteIdent(op.from)} TO ${quoteIdent(op.to)}`],
  createIndex: (op) => inTwoSteps(op) ?? [renderCreateIndex(op)],
  dropIndex: (op) => [renderDropIndex(op)],
  // A catalogue change: the index keeps serving queries and enforcing uniqueness throughout.
  renameIndex: (op) => [
    `ALTER INDEX ${quoteQualified(op.table.schema === undefined ? { name: op.from } : { schema: op.table.schema, name: op.from })} RENAME TO ${quoteIdent(op.to)}`,
  ],
  addPrimaryKey: (op) =>
    addConstraint(
      op.table,
      op.name,
      op.usingIndex === undefined
        ? renderConstraintBody({ type: "primaryKey", ...op }, false)
        : `PRIMARY KEY USING INDEX ${quoteIdent(op.usingIndex)}`,
    ),
  addUnique: (op) =>
    inTwoSteps(op) ??
    addConstraint(
      op.table,
      op.name,
      op.usingIndex === undefined
        ? renderConstraintBody({ type: "unique", ...op }, false)
        : renderUniqueUsingIndex(op.usingIndex, op),
    ),
  addForeignKey: (op) =>
    addConstraint(op.table, op.name, renderConstraintBody({ type: "foreignKey", ...op }, false)),
  addCheck: (op) => addConstraint(op.table, op.name, renderConstraintBody({ type: "check", ...op }, false)),
  addNotNull: (op) =>
    addConstraint(
      op.table,
      op.name,
      `NOT NULL ${quoteIdent(op.column)}${op.notValid === true ? " NOT VALID" : ""}`,
    ),
  dropConstraint: (op) => [`${table(op.table)} DROP CONSTRAINT ${quoteIdent(op.name)}`],
  // Renames the index behind a primary key or unique constraint too.
  renameConstraint: (op) => [
    `${table(op.table)} RENAME CONSTRAINT ${quoteIdent(op.from)} TO ${quoteIdent(op.to)}`,
  ],
  validateConstraint: (op) => [`${table(op.table)} VALIDATE CONSTRAINT ${quoteIdent(op.name)}`],
  createEnum: (op) => [
    `CREATE TYPE ${quoteQualified(op.name)} AS ENUM (${op.values.map(quoteLiteral).join(", ")})`,
  ],
  dropEnum: (op) => [`DROP TYPE ${quoteQualified(op.name)}`],
  addEnumValue: (op) => {
    const position =
      op.before !== undefined
        ? ` BEFORE ${quoteLiteral(op.before)}`
        : op.after !== undefined
          ? ` AFTER ${quoteLiteral(op.after)}`
          : "";
    return [`ALTER TYPE ${quoteQualified(op.name)} ADD VALUE ${quoteLiteral(op.value)}${position}`];
  },
  renameEnumValue: (op) => [
    `ALTER TYPE ${quoteQualified(op.name)} RENAME VALUE ${quoteLiteral(op.from)} TO ${quoteLiteral(op.to)}`,
  ],
  renameEnum: renderRenameEnum,
  rebuildEnum: renderRebuildEnum,
  createSchema: (op) => [`CREATE SCHEMA ${quoteIdent(op.name)}`],
  dropSchema: (op) => [`DROP SCHEMA ${quoteIdent(op.name)}${op.cascade === true ? " CASCADE" : ""}`],
  createSequence: ({ kind: _, name, ...options }) => [
    [`CREATE SEQUENCE ${quoteQualified(name)}`, ...renderSequenceOptions(options)].join(" "),
  ],
  dropSequence: (op) => [`DROP SEQUENCE ${quoteQualified(op.name)}`],
  alterSequence: (op) => [
    [`ALTER SEQUENCE ${quoteQualified(op.name)}`, ...renderSequenceOptions(op.set)].join(" "),
  ],
  renameSequence: (op) => [`ALTER SEQUENCE ${quoteQualified(op.name)} RENAME TO ${quoteIdent(op.to)}`],
  setTableComment: (op) => [
    `COMMENT ON TABLE ${quoteQualified(op.table)} IS ${op.comment === null ? "NULL" : quoteLiteral(op.comment)}`,
  ],
  alterIndexStorage: renderAlterIndexStorage,
  alterColumnIdentity: renderAlterColumnIdentity,
  alterColumnCollation: renderAlterColumnCollation,
  createView: renderCreateView,
  dropView: renderDropView,
  createPolicy: renderCreatePolicy,
  dropPolicy: renderDropPolicy,
  enableRowLevelSecurity: renderRowLevelSecurity,
  disableRowLevelSecurity: renderRowLevelSecurity,
  createSyncTrigger: renderCreateSyncTrigger,
  dropSyncTrigger: renderDropSyncTrigger,
  requireNoDependents: renderRequireNoDependents,
  requireValuesFit: renderRequireValuesFit,
  execute: (op) => [op.sql],
  bulkInsert: renderBulkInsert,
};

/**
 * Renders one operation as PostgreSQL statements (no trailing semicolons), in the order they
 * must run. Pure: no I/O, same input → same output.
 *
 * @example
 * ```ts
 * renderPostgres(operations.addColumn("users", { name: "timezone", type: "text" }));
 * // ['ALTER TABLE "users" ADD COLUMN "timezone" text']
 * ```
 */
export function renderPostgres(op: Operation): string[] {
  const render = postgresRenderers[op.kind] as ((op: Operation) => readonly string[]) | undefined;
  if (render === undefined) {
    // Only reachable with data from outside the type system (a hand-written JSON plan, a newer core).
    throw new AthanorError(
      "ATHANOR_UNSUPPORTED",
      `The PostgreSQL renderer has no operation kind ${JSON.stringify(op.kind)}. Upgrade @athanor/postgres to match @athanor/core.`,
      { kind: String(op.kind), dialect: "postgresql" },
    );
  }
  // names and strings PostgreSQL prints back raw (a check, a default, a view) are written escaped
  return [...inertStatements(render(op), op.kind, POSTGRES_RAW_CONTROLS)];
}
