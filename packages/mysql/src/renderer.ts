import type { Operation, OperationKind, OperationOf } from "@athanor/core";
import { AthanorError } from "@athanor/core/errors";
import { inertStatements } from "@athanor/core/text";
import { MYSQL_RAW_CONTROLS, quoteComment, quoteIdent, quoteQualified } from "./quote.js";
import { renderAlterColumn } from "./render/alter-column.js";
import {
  renderAddIndexAction,
  renderConstraintBody,
  renderCreateIndex,
  renderDropConstraint,
  renderReplaceIndex,
} from "./render/constraint.js";
import {
  type AlterAlgorithm,
  type AlterLock,
  alterTable,
  type MysqlRenderContext,
  serverName,
  unsupported,
} from "./render/context.js";
import { renderRequireNoDependents } from "./render/dependents-guard.js";
import { renderDropIndex } from "./render/drop-index.js";
import { renderCreateSyncTrigger, renderDropSyncTrigger } from "./render/sync-trigger.js";
import { renderAddColumn, renderBulkInsert, renderCreateTable } from "./render/table.js";
import { renderRequireValuesFit } from "./render/values-fit-guard.js";
import { noRowLevelSecurity, renderCreateView, renderDropView } from "./render/view.js";
import { DEFAULT_SERVER, type MysqlServer } from "./server.js";

/**
 * One renderer per operation kind. The mapped type makes a kind added to core without a
 * MySQL renderer a compile error here.
 */
export type MysqlRenderers = {
  readonly [K in OperationKind]: (op: OperationOf<K>, ctx: MysqlRenderContext) => readonly string[];
};

const enumInstead = (ctx: MysqlRenderContext) =>
  `${serverName(ctx)} has no named enum types: declare the column with an inline type such as \`enum('a','b')\` and change its values with op.alterColumn(..., { type: "enum('a','b','c')" })`;
const noEnumType = (kind: string) => (_: unknown, ctx: MysqlRenderContext) => {
  throw unsupported(ctx, kind, "named enum types (CREATE TYPE ... AS ENUM)", enumInstead(ctx));
};
const NAMED_NOT_NULL = "named NOT NULL constraints (ADD CONSTRAINT ... NOT NULL)";
const NOT_NULL_INSTEAD =
  "Use op.alterColumn(table, column, { nullable: false, existingNullable: true, existingType }) (an online rebuild)";
const sequencesOnlyOnMariadb = (kind: string, ctx: MysqlRenderContext) => {
  if (ctx.server.flavor !== "mariadb")
    throw unsupported(ctx, kind, "sequence objects", "Use an AUTO_INCREMENT column (identity)");
};
const sequenceOptions = (o: {
  increment?: number;
  minValue?: number;
  maxValue?: number;
  start?: number;
  cache?: number;
  cycle?: boolean;
}) =>
  [
    o.increment === undefined ? "" : ` INCREMENT BY ${o.increment}`,
    o.minValue === undefined ? "" : ` MINVALUE ${o.minValue}`,
    o.maxValue === undefined ? "" : ` MAXVALUE ${o.maxValue}`,
    o.start === undefined ? "" : ` START WITH ${o.start}`,
    o.cache === undefined ? "" : ` CACHE ${o.cache}`,
    o.cycle === undefined ? "" : o.cycle ? " CYCLE" : " NOCYCLE",
  ].join("");

/**
 * The MySQL/MariaDB renderers, as a table keyed by kind.
 *
 * @example
 * ```ts
 * mysqlRenderers.renameColumn(operations.renameColumn("users", "mail", "email"), ctx);
 * // ["ALTER TABLE `users` RENAME COLUMN `mail` TO `email`"]
 * ```
 */
/** MySQL cannot attach an existing index to a constraint (PostgreSQL's `USING INDEX`). */
function noUsingIndex(
  op: { readonly kind: string; readonly usingIndex?: string },
  ctx: MysqlRenderContext,
): string[] {
  if (op.usingIndex === undefined) return [];
  throw unsupported(
    ctx,
    op.kind,
    "ADD CONSTRAINT ... USING INDEX",
    "Leave `usingIndex` out: InnoDB builds the index online",
  );
}

export const mysqlRenderers: MysqlRenderers = {
  createTable: renderCreateTable,
  dropTable: (op) => [`DROP TABLE ${quoteQualified(op.table)}`],
  renameTable: (op) => [
    `RENAME TABLE ${quoteQualified(op.table)} TO ${quoteQualified({ ...op.table, name: op.to })}`,
  ],
  addColumn: renderAddColumn,
  dropColumn: (op, ctx) => [alterTable(op.table, [`DROP COLUMN ${quoteIdent(op.column)}`], ctx)],
  alterColumn: renderAlterColumn,
  // RENAME COLUMN keeps the definition as it is (MySQL 8.0+, MariaDB 10.5.2+); CHANGE would need all of it.
  renameColumn: (op, ctx) => [
    alterTable(op.table, [`RENAME COLUMN ${quoteIdent(op.from)} TO ${quoteIdent(op.to)}`], ctx),
  ],
  createIndex: (op, ctx) => [
    op.replaces === undefined ? renderCreateIndex(op, ctx) : renderReplaceIndex(op, ctx),
  ],
  dropIndex: renderDropIndex,
  // RENAME INDEX keeps the index in place (MySQL 5.7+, MariaDB 10.5.2+); no rebuild, no moment without it.
  renameIndex: (op, ctx) => [
    alterTable(op.table, [`RENAME INDEX ${quoteIdent(op.from)} TO ${quoteIdent(op.to)}`], ctx),
  ],
  addPrimaryKey: (op, ctx) => [
    ...noUsingIndex(op, ctx),
    alterTable(op.table, [`ADD ${renderConstraintBody({ type: "primaryKey", ...op }, ctx, op.kind)}`], ctx),
  ],
  addUnique: (op, ctx) => [
    ...noUsingIndex(op, ctx),
    op.replaces === undefined
      ? alterTable(op.table, [renderAddIndexAction(op, ctx)], ctx)
      : renderReplaceIndex(op, ctx),
  ],
  addForeignKey: (op, ctx) => [
    alterTable(
      op.table,
      [
        `ADD CONSTRAINT ${quoteIdent(op.name)} ${renderConstraintBody({ type: "foreignKey", ...op }, ctx, op.kind, op.table.schema)}`,
      ],
      ctx,
    ),
  ],
  addCheck: (op, ctx) => [
    alterTable(
      op.table,
      [
        `ADD CONSTRAINT ${quoteIdent(op.name)} ${renderConstraintBody({ type: "check", ...op }, ctx, op.kind)}`,
      ],
      ctx,
    ),
  ],
  addNotNull: (op, ctx) => {
    throw unsupported(ctx, op.kind, NAMED_NOT_NULL, NOT_NULL_INSTEAD);
  },
  dropConstraint: (op, ctx) => [renderDropConstraint(op, ctx)],
  // MySQL has no RENAME CONSTRAINT; RENAME INDEX fits a unique key only, which the operation does not tell apart.
  renameConstraint: (op, ctx) => {
    throw unsupported(
      ctx,
      op.kind,
      "ALTER TABLE ... RENAME CONSTRAINT",
      'Drop the constraint and add it under the new name; for a unique key, op.execute("ALTER TABLE ... RENAME INDEX old TO new", { down: ... })',
    );
  },
  // Every MySQL constraint is validated when added (NOT VALID is refused), so there is nothing left to validate.
  validateConstraint: () => [],
  createEnum: noEnumType("createEnum"),
  dropEnum: noEnumType("dropEnum"),
  addEnumValue: noEnumType("addEnumValue"),
  renameEnumValue: noEnumType("renameEnumValue"),
  renameEnum: noEnumType("renameEnum"),
  rebuildEnum: noEnumType("rebuildEnum"),
  // A MySQL schema is a database; CREATE SCHEMA is its synonym on both servers.
  createSchema: (op) => [`CREATE SCHEMA ${quoteIdent(op.name)}`],
  dropSchema: (op, ctx) => {
    if (op.cascade !== true) {
      throw unsupported(
        ctx,
        "dropSchema",
        "DROP SCHEMA ... RESTRICT",
        `A ${serverName(ctx)} schema is a database and DROP drops everything in it: pass cascade: true to say so`,
      );
    }
    return [`DROP SCHEMA ${quoteIdent(op.name)}`];
  },
  createSequence: ({ kind, name, dataType, ...options }, ctx) => {
    sequencesOnlyOnMariadb(kind, ctx);
    if (dataType !== undefined)
      throw unsupported(
        ctx,
        kind,
        "typed sequences (AS type)",
        "Drop `dataType`; MariaDB sequences are bigint",
      );
    return [`CREATE SEQUENCE ${quoteQualified(name)}${sequenceOptions(options)}`];
  },
  dropSequence: (op, ctx) => {
    sequencesOnlyOnMariadb(op.kind, ctx);
    return [`DROP SEQUENCE ${quoteQualified(op.name)}`];
  },
  alterSequence: (op, ctx) => {
    sequencesOnlyOnMariadb(op.kind, ctx);
    const { dataType, ...options } = op.set;
    if (dataType !== undefined)
      throw unsupported(ctx, op.kind, "typed sequences (AS type)", "Drop `dataType`");
    return [`ALTER SEQUENCE ${quoteQualified(op.name)}${sequenceOptions(options)}`];
  },
  // ALTER SEQUENCE cannot rename; MariaDB renames a sequence as it renames a table.
  renameSequence: (op, ctx) => {
    sequencesOnlyOnMariadb(op.kind, ctx);
    return [`RENAME TABLE ${quoteQualified(op.name)} TO ${quoteQualified({ ...op.name, name: op.to })}`];
  },
  setTableComment: (op, ctx) => [alterTable(op.table, [`COMMENT=${quoteComment(op.comment ?? "")}`], ctx)],
  alterIndexStorage: (op, ctx) => {
    throw unsupported(
      ctx,
      op.kind,
      "index storage parameters (ALTER INDEX ... SET)",
      "InnoDB index options are part of the index definition: drop the index and create it again",
    );
  },
  alterColumnIdentity: (op, ctx) => {
    throw unsupported(
      ctx,
      op.kind,
      "identity columns (GENERATED ... AS IDENTITY)",
      "Use op.alterColumn(table, column, { autoIncrement: true, existingAutoIncrement: false })",
    );
  },
  alterColumnCollation: (op, ctx) => {
    throw unsupported(
      ctx,
      op.kind,
      "a statement that changes only a column's collation",
      'Restate the whole column with op.execute("ALTER TABLE ... MODIFY COLUMN ... COLLATE ..."), with its inverse',
    );
  },
  createView: renderCreateView,
  dropView: renderDropView,
  createPolicy: noRowLevelSecurity("createPolicy"),
  dropPolicy: noRowLevelSecurity("dropPolicy"),
  enableRowLevelSecurity: noRowLevelSecurity("enableRowLevelSecurity"),
  disableRowLevelSecurity: noRowLevelSecurity("disableRowLevelSecurity"),
  createSyncTrigger: renderCreateSyncTrigger,
  dropSyncTrigger: renderDropSyncTrigger,
  requireNoDependents: renderRequireNoDependents,
  requireValuesFit: renderRequireValuesFit,
  execute: (op) => [op.sql],
  bulkInsert: (op) => renderBulkInsert(op),
};

/**
 * Options of {@link createMysqlRenderer}: the target server (default MySQL 8.0) and the
 * online-DDL clauses every `ALTER TABLE`/`CREATE INDEX`/`DROP INDEX` should carry.
 */
export interface MysqlRenderOptions {
  readonly server?: MysqlServer | undefined;
  /** `ALGORITHM=` to request; the server then fails instead of silently using a slower algorithm. */
  readonly algorithm?: AlterAlgorithm | undefined;
  readonly lock?: AlterLock | undefined;
}

/**
 * A pure renderer for one server: operation → statements (no trailing semicolons), in order.
 *
 * @example
 * ```ts
 * const render = createMysqlRenderer({ server: { flavor: "mariadb", version: [10, 11, 6] }, algorithm: "INSTANT" });
 * render(operations.addColumn("users", { name: "tz", type: "varchar(64)" }));
 * // ["ALTER TABLE `users` ADD COLUMN `tz` varchar(64) NULL, ALGORITHM=INSTANT"]
 * ```
 */
export function createMysqlRenderer(options: MysqlRenderOptions = {}): (op: Operation) => string[] {
  const ctx: MysqlRenderContext = {
    server: options.server ?? DEFAULT_SERVER,
    algorithm: options.algorithm,
    lock: options.lock,
  };
  return (op) => renderMysql(op, ctx);
}

/**
 * Renders one operation for the server in `ctx` (default MySQL 8.0, no online-DDL clauses).
 *
 * @example
 * ```ts
 * renderMysql(operations.dropColumn("users", "age")); // ["ALTER TABLE `users` DROP COLUMN `age`"]
 * ```
 */
export function renderMysql(op: Operation, ctx: MysqlRenderContext = { server: DEFAULT_SERVER }): string[] {
  const render = mysqlRenderers[op.kind] as
    | ((op: Operation, ctx: MysqlRenderContext) => readonly string[])
    | undefined;
  if (render === undefined) {
    // Only reachable with data from outside the type system (a hand-written JSON plan, a newer core).
    throw new AthanorError(
      "ATHANOR_UNSUPPORTED",
      `The MySQL/MariaDB renderer has no operation kind ${JSON.stringify(op.kind)}. Upgrade @athanor/mysql to match @athanor/core.`,
      { kind: String(op.kind), dialect: "mysql" },
    );
  }
  return [...inertStatements(render(op, ctx), op.kind, MYSQL_RAW_CONTROLS)];
}
