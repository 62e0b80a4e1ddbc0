import {
  type AddPrimaryKey,
  type AddUnique,
  type AlterColumn,
  type CreateIndex,
  type DropIndex,
  type Operation,
  type OperationKind,
  operations,
  type QualifiedName,
  reverse,
} from "@athanor/core";
import { temporaryName } from "@athanor/core/text";
import { notNullGroups, operationGroup } from "./not-null-steps.js";
import type { StageContext } from "./stage-context.js";
import type { StagedChange, StageGroup, StageStep } from "./stage-types.js";
import { sameTable, tableLabel } from "./table-lookup.js";

/** Operations that leave a table's columns, and so its other indexes, as they are. */
const INDEX_AND_CONSTRAINT_KINDS = new Set<OperationKind>([
  "createIndex",
  "dropIndex",
  "renameIndex",
  "alterIndexStorage",
  "addPrimaryKey",
  "addUnique",
  "addForeignKey",
  "addCheck",
  "dropConstraint",
  "renameConstraint",
  "validateConstraint",
  "setTableComment",
]);

/**
 * What {@link onlineForms} split off: the operations that stay in the ordinary (transactional)
 * revision, and the groups of the non-transactional revision that follows it.
 */
export interface OnlineSplit {
  readonly rest: readonly Operation[];
  readonly groups: readonly StageGroup[];
  readonly changes: readonly StagedChange[];
}

const REASONS = {
  index: "CREATE INDEX blocks writes to the table until it is built; it is built CONCURRENTLY instead",
  redefine:
    "an index changed under the same name would be missing between its DROP and its CREATE (a unique one not enforced); the new one is built CONCURRENTLY beside it, then takes its name",
  unique:
    "ADD UNIQUE / PRIMARY KEY builds its index while reads and writes wait; the index is built CONCURRENTLY and then attached (USING INDEX)",
  validate:
    "the constraint would check every row under its lock; it is added NOT VALID and validated in its own transaction",
  notNull:
    "SET NOT NULL scans the table while reads and writes wait; a CHECK (col IS NOT NULL) is validated first so SET NOT NULL skips the scan",
} as const;

/**
 * PostgreSQL's non-blocking forms of the changes to tables that already exist, which squawk,
 * strong_migrations and athanor's own lint ask for: `CREATE INDEX CONCURRENTLY`; UNIQUE and
 * PRIMARY KEY through a unique index built CONCURRENTLY then attached with `USING INDEX`;
 * FOREIGN KEY and CHECK added `NOT VALID` then `VALIDATE`d; `SET NOT NULL` behind a validated
 * `CHECK (col IS NOT NULL)` (PostgreSQL 12+ then skips the scan). CONCURRENTLY cannot run in a
 * transaction, and a VALIDATE must not share the ADD's transaction (it would scan under the ADD's
 * lock), so these go to a revision with `transactional: false` that follows the ordinary one,
 * where every statement commits on its own. Tables the same diff creates are empty: their
 * indexes and constraints stay as they are. MySQL/MariaDB: nothing is split (InnoDB builds
 * indexes online; lint's MySQL rules ask for no second revision).
 *
 * @example
 * ```ts
 * const { rest, groups } = onlineForms(ctx, diff.operations, 150004);
 * // groups[0].up: createIndex { concurrently: true }
 * ```
 */
export function onlineForms(
  ctx: StageContext,
  ops: readonly Operation[],
  serverVersion: number | undefined,
  typeOf: ColumnTypeOf,
): OnlineSplit {
  if (!ctx.staging.onlineForms) return { rest: ops, groups: [], changes: [] };
  // as lint judges it: a renamed table still holds its rows
  const created = (t: QualifiedName) => ops.some((o) => o.kind === "createTable" && sameTable(o.table, t));
  const attached = ops.filter(
    (o): o is AddUnique | AddPrimaryKey =>
      (o.kind === "addUnique" || o.kind === "addPrimaryKey") && !created(o.table),
  );
  // A table created here whose inline foreign key needs a key attached only in the online
  // revision would fail: that key keeps its plain form (lint still reports it).
  const blocked = attached.filter((k) =>
    ops.some(
      (o) => o.kind === "createTable" && (o.foreignKeys ?? []).some((fk) => references(fk.references, k)),
    ),
  );
  const rest: Operation[] = [];
  const groups: StageGroup[] = [];
  const changes: StagedChange[] = [];
  const note = (target: string, reason: string) => {
    if (!changes.some((c) => c.target === target && c.reason === reason))
      changes.push({ recipe: "online", target, reason });
  };
  // an index dropped and created again under its name on a table that keeps its rows: one swap.
  // Not where its columns change too: a column dropped and added (a generated expression
  // changed) takes its indexes with it in the ordinary revision, before the swap could drop them.
  // A column only added does not count: the old index cannot cover it, and the swap runs after
  // the ordinary revision, so the new index can (without this, a plain DROP INDEX stayed behind).
  // An enum rebuilt under the table's columns retypes them too: an index that casts a literal to
  // the enum is dropped before the rebuild and cannot wait for the swap (its literal would name
  // the type renamed aside: `operator does not exist: mood = mood__athanor_old`).
  const columnsChange = (t: QualifiedName) =>
    ops.some(
      (o) =>
        (o.kind === "rebuildEnum" && o.columns.some((c) => sameTable(c.table, t))) ||
        (!INDEX_AND_CONSTRAINT_KINDS.has(o.kind) &&
          o.kind !== "addColumn" &&
          "table" in o &&
          sameTable(o.table, t)),
    );
  const replaced = new Map<CreateIndex, DropIndex>();
  for (const op of ops) {
    if (op.kind !== "createIndex" || op.concurrently === true || created(op.table) || columnsChange(op.table))
      continue;
    const drop = ops.find(
      (o): o is DropIndex =>
        o.kind === "dropIndex" &&
        o.name === op.name &&
        sameTable(o.table, op.table) &&
        o.existing !== undefined,
    );
    if (drop !== undefined) replaced.set(op, drop);
  }
  const swapped = new Set<Operation>(replaced.values());
  for (const op of ops) {
    if (swapped.has(op)) continue;
    const replacing = op.kind === "createIndex" ? replaced.get(op) : undefined;
    if (replacing !== undefined && op.kind === "createIndex") {
      groups.push(indexSwap(replacing, op));
      note(tableLabel(op.table), REASONS.redefine);
      continue;
    }
    const group = onlineGroup(ctx, op, serverVersion, typeOf, {
      existing: !created(tableOf(op)),
      blocked: blocked.some((k) => k === op),
      // a foreign key on a table created here, to a key attached online, must follow that key
      needsKey: op.kind === "addForeignKey" && attached.some((k) => references(op.references, k)),
    });
    if (group === undefined) {
      rest.push(op);
      continue;
    }
    if (group.rest !== undefined) rest.push(group.rest);
    groups.push(group.group);
    note(`${tableLabel(tableOf(op))}`, REASONS[group.reason]);
  }
  return { rest, groups, changes };
}

/** The type a column has (or gets) before NOT NULL is added, from the models. */
export type ColumnTypeOf = (table: QualifiedName, column: string) => string | undefined;

interface OnlineGroup {
  readonly group: StageGroup;
  readonly reason: keyof typeof REASONS;
  /** What of the operation stays in the ordinary revision (an ALTER's other changes). */
  readonly rest?: Operation;
}

function onlineGroup(
  ctx: StageContext,
  op: Operation,
  serverVersion: number | undefined,
  typeOf: ColumnTypeOf,
  where: { existing: boolean; blocked: boolean; needsKey: boolean },
): OnlineGroup | undefined {
  if (!where.existing && !where.needsKey) return undefined;
  switch (op.kind) {
    case "createIndex": {
      if (op.concurrently === true) return undefined;
      return { group: operationGroup([{ ...op, concurrently: true }]), reason: "index" };
    }
    case "addUnique":
    case "addPrimaryKey": {
      if (where.blocked || op.usingIndex !== undefined) return undefined;
      const build = operations.createIndex(op.name, op.table, op.columns, {
        unique: true,
        concurrently: true,
        ...(op.kind === "addUnique" && op.nullsNotDistinct === true ? { nullsNotDistinct: true } : {}),
      });
      const attach = { ...op, usingIndex: op.name };
      // Dropping the constraint drops the index it took over: the downgrade is that one step.
      return { group: { up: [step(build), step(attach)], down: [step(reverse(op))] }, reason: "unique" };
    }
    case "addForeignKey":
    case "addCheck": {
      if (op.notValid === true) return undefined;
      const add: Operation = { ...op, notValid: true };
      const validate = operations.validateConstraint(op.name, op.table);
      return { group: { up: [step(add), step(validate)], down: [step(reverse(op))] }, reason: "validate" };
    }
    case "alterColumn":
      return notNullGroup(ctx, op, serverVersion, typeOf);
    default:
      return undefined;
  }
}

/**
 * An index redefined under its name, without a moment the table lacks it: the new definition is
 * built CONCURRENTLY under a temporary name beside the old one, the old one dropped CONCURRENTLY,
 * and the new one renamed to the name. The downgrade is the same swap back. Each step commits on
 * its own, so a run cut between two steps resumes at the next one.
 */
function indexSwap(drop: DropIndex, create: CreateIndex): StageGroup {
  const temporary = temporaryName(create.name);
  const build: CreateIndex = { ...create, name: temporary, concurrently: true };
  const up: Operation[] = [
    build,
    { ...drop, concurrently: true },
    operations.renameIndex(create.table, temporary, create.name),
  ];
  const down: Operation[] = [
    operations.renameIndex(create.table, create.name, temporary),
    { ...(reverse(drop) as CreateIndex), concurrently: true },
    { ...(reverse(build) as DropIndex), concurrently: true },
  ];
  return { up: up.map(step), down: down.map(step) };
}

/** SET NOT NULL behind a validated check; the ALTER's other changes stay in the ordinary revision. */
function notNullGroup(
  ctx: StageContext,
  op: AlterColumn,
  serverVersion: number | undefined,
  typeOf: ColumnTypeOf,
): OnlineGroup | undefined {
  if (op.nullable !== false || op.existingNullable === false) return undefined;
  const type = op.type ?? op.existingType ?? typeOf(op.table, op.column);
  if (type === undefined) return undefined;
  const { nullable: _, existingNullable: _existing, ...others } = op;
  const changes = Object.keys(others).filter(
    (k) => !["kind", "table", "column"].includes(k) && !k.startsWith("existing") && k !== "reverseUsing",
  );
  const steps = notNullGroups(
    ctx,
    { table: op.table, tableName: op.table.name, column: op.column, type },
    serverVersion,
  );
  const prepare = steps.prepare ?? { up: [], down: [] };
  return {
    group: { up: [...prepare.up, ...steps.finish.up], down: [...steps.finish.down, ...prepare.down] },
    reason: "notNull",
    ...(changes.length > 0 ? { rest: operations.alterColumn(op.table, op.column, withoutKind(others)) } : {}),
  };
}

function withoutKind<T extends { kind: string; table: unknown; column: string }>(
  op: T,
): Omit<T, "kind" | "table" | "column"> {
  const { kind: _, table: _t, column: _c, ...rest } = op;
  return rest;
}

function step(operation: Operation): StageStep {
  return { kind: "operation", operation };
}

function references(
  ref: { readonly table: QualifiedName; readonly columns: readonly string[] },
  key: AddUnique | AddPrimaryKey,
): boolean {
  return (
    sameTable(ref.table, key.table) &&
    ref.columns.length === key.columns.length &&
    ref.columns.every((c) => key.columns.includes(c))
  );
}

function tableOf(op: Operation): QualifiedName {
  return "table" in op ? op.table : { name: "" };
}
