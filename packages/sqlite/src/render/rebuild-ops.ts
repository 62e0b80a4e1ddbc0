import {
  AthanorError,
  type ColumnModel,
  type ColumnSpec,
  columnPositionUnsupported,
  type OperationOf,
  type TableModel,
} from "@athanor/core";
import { canonicalSqliteExpression } from "../introspect/canonical-sql.js";
import { quoteIdent } from "../quote.js";
import { columnModelOf, withConstraint } from "./model-of.js";
import { type CopyPlan, priorTable, rebuildTable } from "./rebuild.js";
import type { SqliteRenderContext } from "./render-context.js";
import { noDeferrable, unsupported } from "./unsupported.js";

/** Every stored column of `next` copied from the column of the same name. */
function copyAll(next: TableModel, overrides: ReadonlyMap<string, string> = new Map()): CopyPlan {
  return new Map(
    next.columns
      .filter((c) => c.generated === null)
      .map((c) => [c.name, overrides.get(c.name) ?? quoteIdent(c.name)] as const),
  );
}

function replaceTable(ctx: SqliteRenderContext, next: TableModel): void {
  const model = ctx.model;
  if (model === undefined) return;
  ctx.model = { ...model, tables: model.tables.map((t) => (t.name === next.name ? next : t)) };
}

function rebuild(
  ctx: SqliteRenderContext,
  prior: TableModel,
  next: TableModel,
  copy: CopyPlan,
  dropped = new Set<string>(),
): string[] {
  const statements = ctx.collecting === undefined ? rebuildTable(ctx, prior, next, copy, dropped) : [];
  ctx.collecting?.push({ prior, next, copy, dropped });
  replaceTable(ctx, next);
  return statements;
}

function column(prior: TableModel, name: string, kind: string): ColumnModel {
  const found = prior.columns.find((c) => c.name === name);
  if (found !== undefined) return found;
  throw new AthanorError(
    "ATHANOR_INVALID_OPERATION",
    `${kind}: table ${JSON.stringify(prior.name)} has no column ${JSON.stringify(name)}.`,
    { kind, table: prior.name, column: name },
  );
}

/**
 * alterColumn as a rebuild: type, nullability, default and generation change together; a type
 * change copies `using` when given (else SQLite's column affinity converts the value).
 */
export function rebuildAlterColumn(
  op: OperationOf<"alterColumn">,
  ctx: SqliteRenderContext | undefined,
): string[] {
  if (op.comment !== undefined) throw unsupported(op.kind, "column comments", "Leave `comment` out");
  if (op.onUpdate !== undefined) throw unsupported(op.kind, "ON UPDATE column clauses", "Use a trigger");
  const prior = priorTable(op.kind, op.table.name, ctx);
  const before = column(prior, op.column, op.kind);
  const pk = prior.primaryKey?.columns ?? [];
  if (op.autoIncrement === true && (pk.length !== 1 || pk[0] !== op.column))
    throw unsupported(
      op.kind,
      "AUTOINCREMENT on a column that is not the table's single-column primary key",
      "Make the column the table's INTEGER PRIMARY KEY first",
    );
  const after: ColumnModel = {
    ...before,
    ...(op.type === undefined ? {} : { type: op.type.toLowerCase() }),
    ...(op.nullable === undefined ? {} : { nullable: op.nullable }),
    ...(op.default === undefined ? {} : { default: op.default }),
    ...(op.autoIncrement === undefined
      ? {}
      : { identity: op.autoIncrement ? { generation: "byDefault", sequence: null } : null }),
    ...(op.generated === undefined
      ? {}
      : {
          generated:
            op.generated === null
              ? null
              : { expression: op.generated.expression, storage: op.generated.storage ?? "stored" },
        }),
  };
  const next = { ...prior, columns: prior.columns.map((c) => (c.name === op.column ? after : c)) };
  const overrides = new Map(op.using === undefined ? [] : [[op.column, `(${op.using})`] as const]);
  return rebuild(ctx as SqliteRenderContext, prior, next, copyAll(next, overrides));
}

/** addPrimaryKey / addUnique / addForeignKey / addCheck as a rebuild with the constraint. */
export function rebuildAddConstraint(
  op: OperationOf<"addPrimaryKey" | "addUnique" | "addForeignKey" | "addCheck">,
  ctx: SqliteRenderContext | undefined,
): string[] {
  if ("usingIndex" in op && op.usingIndex !== undefined)
    throw unsupported(op.kind, "ADD CONSTRAINT ... USING INDEX", "Leave `usingIndex` out");
  if ("notValid" in op && op.notValid === true)
    throw unsupported(op.kind, "NOT VALID constraints", "Leave `notValid` out: the rebuild checks every row");
  if ("match" in op && op.match !== undefined)
    throw unsupported(op.kind, "MATCH on foreign keys", "Leave `match` out");
  if ("nullsNotDistinct" in op && op.nullsNotDistinct === true)
    throw unsupported(op.kind, "NULLS NOT DISTINCT", "Leave it out");
  if ("deferrable" in op && op.deferrable === true) throw noDeferrable(op.kind);
  const prior = priorTable(op.kind, op.table.name, ctx);
  const type = {
    addPrimaryKey: "primaryKey",
    addUnique: "unique",
    addForeignKey: "foreignKey",
    addCheck: "check",
  } as const;
  const { kind: _kind, table: _table, name, ...definition } = op;
  const next = withConstraint(prior, name, { type: type[op.kind], ...definition } as never);
  return rebuild(ctx as SqliteRenderContext, prior, next, copyAll(next));
}

/**
 * The name the table really gives the constraint `op` drops: its own when the table has it, else
 * (SQLite keeps no name for an undeclared one, and drizzle-kit declares none) the one constraint
 * whose definition equals the operation's recorded `existing` one.
 */
function droppedName(op: OperationOf<"dropConstraint">, prior: TableModel): string {
  const names = [
    prior.primaryKey?.name,
    ...prior.uniques.map((u) => u.name),
    ...prior.checks.map((c) => c.name),
    ...prior.foreignKeys.map((f) => f.name),
  ];
  const existing = op.existing;
  // A named NOT NULL is refused before this (renderer.ts): none is matched by definition.
  if (names.includes(op.name) || existing === undefined || existing.type === "notNull") return op.name;
  const same = (a: readonly string[], b: readonly string[]) => a.join("\u0000") === b.join("\u0000");
  const candidates: string[] =
    existing.type === "primaryKey"
      ? prior.primaryKey !== null && same(prior.primaryKey.columns, existing.columns)
        ? [prior.primaryKey.name]
        : []
      : existing.type === "unique"
        ? prior.uniques.filter((u) => same(u.columns, existing.columns)).map((u) => u.name)
        : existing.type === "check"
          ? prior.checks
              .filter(
                (c) =>
                  canonicalSqliteExpression(c.expression) === canonicalSqliteExpression(existing.expression),
              )
              .map((c) => c.name)
          : prior.foreignKeys
              .filter(
                (f) =>
                  same(f.columns, existing.columns) &&
                  f.referencedTable === existing.references.table.name &&
                  same(f.referencedColumns, existing.references.columns),
              )
              .map((f) => f.name);
  return candidates.length === 1 ? (candidates[0] as string) : op.name;
}

/** dropConstraint as a rebuild without it; a name the table does not have is refused. */
export function rebuildDropConstraint(
  op: OperationOf<"dropConstraint">,
  ctx: SqliteRenderContext | undefined,
): string[] {
  const prior = priorTable(op.kind, op.table.name, ctx);
  const name = droppedName(op, prior);
  const keep = <T extends { name: string }>(items: readonly T[]) => items.filter((i) => i.name !== name);
  const next: TableModel = {
    ...prior,
    primaryKey: prior.primaryKey?.name === name ? null : prior.primaryKey,
    uniques: keep(prior.uniques),
    checks: keep(prior.checks),
    foreignKeys: keep(prior.foreignKeys),
  };
  const removed =
    (prior.primaryKey?.name === name ? 1 : 0) +
    prior.uniques.length -
    next.uniques.length +
    prior.checks.length -
    next.checks.length +
    prior.foreignKeys.length -
    next.foreignKeys.length;
  if (removed === 0) {
    throw new AthanorError(
      "ATHANOR_INVALID_OPERATION",
      `dropConstraint: table ${JSON.stringify(prior.name)} has no constraint named ${JSON.stringify(op.name)}${op.existing === undefined ? "" : " nor one equal to its recorded definition"} (SQLite keeps constraint names only when declared with CONSTRAINT name).`,
      { kind: op.kind, table: prior.name, constraint: op.name },
    );
  }
  return rebuild(ctx as SqliteRenderContext, prior, next, copyAll(next));
}

/**
 * dropColumn: `ALTER TABLE … DROP COLUMN` when SQLite allows it; a rebuild when the column is in a
 * key, a foreign key, a check or an index (those go with it, as on PostgreSQL) — which is where
 * drizzle-kit's plain DROP COLUMN fails half-way.
 */
export function renderDropColumn(
  op: OperationOf<"dropColumn">,
  ctx: SqliteRenderContext | undefined,
): string[] {
  const direct = [`ALTER TABLE ${quoteIdent(op.table.name)} DROP COLUMN ${quoteIdent(op.column)}`];
  const prior = ctx?.model?.tables.find((t) => t.name === op.table.name);
  // unknown (no context, or a replayed definition offline that cannot be trusted): SQLite's own
  // DROP COLUMN, which fails loudly on a constrained column
  if (prior === undefined || ctx === undefined || ctx.replayGap?.(prior.name) !== undefined) return direct;
  const uses = (cols: readonly string[]) => cols.includes(op.column);
  const inCheck = prior.checks.some((c) =>
    new RegExp(`\\b${op.column.replace(/\W/g, "\\$&")}\\b`).test(c.expression),
  );
  const inIndex = ctx.objects.some(
    (o) => o.type === "index" && o.table === prior.name && o.sql.includes(op.column),
  );
  const constrained =
    uses(prior.primaryKey?.columns ?? []) ||
    prior.uniques.some((u) => uses(u.columns)) ||
    prior.foreignKeys.some((f) => uses(f.columns)) ||
    inCheck ||
    inIndex;
  const next: TableModel = {
    ...prior,
    columns: prior.columns.filter((c) => c.name !== op.column),
    primaryKey: uses(prior.primaryKey?.columns ?? []) ? null : prior.primaryKey,
    uniques: prior.uniques.filter((u) => !uses(u.columns)),
    foreignKeys: prior.foreignKeys.filter((f) => !uses(f.columns)),
    checks: prior.checks.filter(
      (c) => !new RegExp(`\\b${op.column.replace(/\W/g, "\\$&")}\\b`).test(c.expression),
    ),
  };
  if (!constrained) {
    // in a batch the rebuild drops it too: recorded with what it is alone, should nothing rebuild
    ctx.collecting?.push({ prior, next, copy: copyAll(next), dropped: new Set([op.column]), direct });
    replaceTable(ctx, next);
    return ctx.collecting === undefined ? direct : [];
  }
  column(prior, op.column, op.kind);
  return rebuild(ctx, prior, next, copyAll(next), new Set([op.column]));
}

// SQLite's ADD COLUMN refuses a STORED generated column, a default that is not a constant
// (CURRENT_TIMESTAMP, an expression in parentheses) and NOT NULL without a default (even on an
// empty table): such a column is added by a rebuild.
const NOT_CONSTANT = /^\s*\(|current_(time|date|timestamp)|\w+\s*\(/i;
const REQUIRED = "NOT NULL without a default";

/**
 * Why adding `column` rebuilds the table (what ADD COLUMN refuses), or undefined when ADD COLUMN
 * does it. The renderer and lint's `sqlite/table-rebuild` ask the same question here.
 *
 * @example
 * ```ts
 * addColumnRebuildReason({ name: "at", type: "text", nullable: true, default: "CURRENT_TIMESTAMP" }); // "a default that is not a constant"
 * ```
 */
export function addColumnRebuildReason(c: ColumnSpec): string | undefined {
  if (c.generated !== undefined && c.generated.storage !== "virtual") return "a STORED generated column";
  if (c.default !== undefined && NOT_CONSTANT.test(c.default)) return "a default that is not a constant";
  if (!c.nullable && c.default === undefined && c.generated === undefined) return REQUIRED;
  return undefined;
}

/**
 * addColumn: `ALTER TABLE … ADD COLUMN` when SQLite allows it, else a rebuild with the column
 * last, when the table's definition is known. NOT NULL without a default offline stays a plain
 * ADD COLUMN, which SQLite refuses loudly; on a table with rows the rebuild's copy fails
 * ("NOT NULL constraint failed"), as PostgreSQL does.
 */
export function renderAddColumn(
  op: OperationOf<"addColumn">,
  ctx: SqliteRenderContext | undefined,
  direct: readonly string[],
): readonly string[] {
  // SQLite adds a column last; a rebuild could place it, but nothing needs that yet: refused, never put last silently
  if (op.position !== undefined) throw columnPositionUnsupported("SQLite", op);
  const why = addColumnRebuildReason(op.column);
  if (why === undefined || (why === REQUIRED && ctx?.model === undefined)) {
    const prior = ctx?.model?.tables.find((t) => t.name === op.table.name);
    if (ctx?.collecting === undefined || prior === undefined || ctx.replayGap?.(prior.name) !== undefined)
      return direct;
    // in a batch a later step's rebuild adds it too, with the value ADD COLUMN gives every row
    const next: TableModel = { ...prior, columns: [...prior.columns, columnModelOf(op.column)] };
    ctx.collecting.push({ prior, next, copy: copyAll(prior), dropped: new Set(), direct });
    replaceTable(ctx, next);
    return [];
  }
  const prior = priorTable(op.kind, op.table.name, ctx);
  const next: TableModel = { ...prior, columns: [...prior.columns, columnModelOf(op.column)] };
  // the new column is left out of the copy: it takes its default, or is computed
  return rebuild(ctx as SqliteRenderContext, prior, next, copyAll(prior));
}
