import {
  type CheckModel,
  type IndexKeyModel,
  type IndexModel,
  type NameInput,
  type Operation,
  operations,
  reverse,
  type TableModel,
} from "@athanor/core";
import { temporaryName } from "@athanor/core/text";
import { indexUses } from "../diff/column-dependents.js";
import { createIndexOps } from "../diff/index-ops.js";
import { checkOptions, indexInput } from "../diff/model-to-input.js";
import { quoteName } from "../diff/raw-sql.js";
import { operationGroup } from "./not-null-steps.js";
import type { RecipeBuckets } from "./recipe-buckets.js";
import { renameColumnReference } from "./rename-column-reference.js";
import type { ColumnMove, StageGroup, StageStep } from "./stage-types.js";
import { checksOn, indexesOn } from "./table-lookup.js";

/**
 * What a moved column's desired indexes and CHECKs need, split by where they run.
 * `build` (the non-transactional `migrate: build` revision, after the backfill): each index built
 * CONCURRENTLY on the new column and each CHECK added NOT VALID then validated, under a
 * temporary name while the old column's one still holds the name. `rename` (contract, after the
 * old column is dropped): the temporary names become the real ones. `inContract`: what cannot be
 * built ahead, created in the contract as before.
 */
export interface DependentsAhead {
  readonly build: readonly StageGroup[];
  readonly rename: StageGroup | undefined;
  readonly inContract: readonly Operation[];
}

/**
 * On PostgreSQL (where the dialect stages online forms) a moved column's indexes and CHECKs are
 * built before the contract, so the contract holds its lock only for the swap: creating them in
 * the contract's transaction scanned the table under ACCESS EXCLUSIVE (reads and writes wait)
 * and failed athanor's own lint (`pg/index-not-concurrent`, `pg/check-not-valid`). For a rename
 * the new column has its final name from expand on, so every index and CHECK is built on it as
 * the models say. For a type change the new column has a temporary name until the contract swaps
 * it in: indexes and CHECKs are built naming it, and PostgreSQL rewrites them when the contract
 * renames the column into place; one whose expression cannot be read stays in the contract.
 * Elsewhere (MySQL builds indexes online; it has no NOT VALID) everything stays in the contract.
 *
 * @example
 * ```ts
 * const { build, rename, inContract } = dependentsAhead(buckets, move);
 * ```
 */
export function dependentsAhead(buckets: RecipeBuckets, move: ColumnMove): DependentsAhead {
  const table: NameInput = move.table;
  const indexes = indexesOn(move.desiredTable, move.desired.name);
  const checks = checksOn(move.desiredTable, move.desired.name);
  const everythingInContract = (): DependentsAhead => ({
    build: [],
    rename: undefined,
    inContract: [
      ...indexes.flatMap((i) => replacingIndexOps(buckets, move, i)),
      ...checks.map((c) => operations.addCheck(c.name, table, c.expression, checkOptions(c))),
    ],
  });
  if (!buckets.ctx.staging.onlineForms) return everythingInContract();

  const taken = namesTaken(move.liveTable);
  const build: StageGroup[] = [];
  const renames: Operation[] = [];
  const inContract: Operation[] = [];
  for (const index of indexes) {
    const onNewColumn = onAddedColumn(buckets, index, move);
    if (onNewColumn === undefined) {
      inContract.push(...createIndexOps(buckets.ctx, table, index));
      continue;
    }
    const name = taken.has(index.name) ? temporaryName(index.name) : index.name;
    build.push(indexBuild(buckets, table, { ...onNewColumn, name }));
    if (name !== index.name) renames.push(operations.renameIndex(table, name, index.name));
  }
  for (const check of checks) {
    const onNewColumn = checkOnAddedColumn(buckets, check, move);
    if (onNewColumn === undefined) {
      inContract.push(operations.addCheck(check.name, table, check.expression, checkOptions(check)));
      continue;
    }
    const name = taken.has(check.name) ? temporaryName(check.name) : check.name;
    build.push(checkBuild(table, { ...onNewColumn, name }));
    if (name !== check.name) renames.push(operations.renameConstraint(table, name, check.name));
  }
  return { build, rename: renames.length > 0 ? operationGroup(renames) : undefined, inContract };
}

/**
 * The contract's create of a moved column's index. The differ had folded the drop of a live
 * index of the same name that stays on other columns into it (`replaces`: MySQL's one-statement
 * swap); the recipe builds its create from the models, so without `replaces` that drop was lost
 * and the create failed on MariaDB (Duplicate key name). A live index on the moved column is
 * dropped by name before the column instead (`columnDropKeepsIndexes`).
 */
function replacingIndexOps(buckets: RecipeBuckets, move: ColumnMove, index: IndexModel): Operation[] {
  const { ctx } = buckets;
  const live = move.liveTable.indexes.find((i) => i.name === index.name);
  if (live === undefined || ctx.hooks.replacesIndexes !== true || indexUses(live, move.source.name))
    return createIndexOps(ctx, move.table, index);
  const { keys, ...options } = indexInput(ctx, index);
  return [
    operations.createIndex(index.name, move.table, keys, {
      ...options,
      replaces: { existing: indexInput(ctx, live) },
    }),
  ];
}

/** Index, constraint and key names the live table holds (PostgreSQL indexes share the schema's namespace; one table's are what a move can collide with). */
function namesTaken(live: TableModel): ReadonlySet<string> {
  return new Set([
    ...live.indexes.map((i) => i.name),
    ...live.checks.map((c) => c.name),
    ...live.uniques.map((u) => u.name),
    ...live.foreignKeys.map((f) => f.name),
    ...(live.primaryKey?.name === undefined ? [] : [live.primaryKey.name]),
  ]);
}

/**
 * The index as it is built on the column the recipe added: for a type change its keys, INCLUDE,
 * expressions and predicate name the added column (PostgreSQL rewrites them when the contract
 * renames it into place). Undefined when an expression cannot be read.
 */
function onAddedColumn(buckets: RecipeBuckets, index: IndexModel, move: ColumnMove): IndexModel | undefined {
  if (move.added === move.desired.name) return index;
  const swap = (column: string) => (column === move.desired.name ? move.added : column);
  const rewrite = (text: string) =>
    renameColumnReference(text, move.desired.name, move.added, quoter(buckets));
  const keys: IndexKeyModel[] = [];
  for (const key of index.keys) {
    if (key.kind === "column") {
      keys.push({ ...key, column: swap(key.column) });
      continue;
    }
    const expression = rewrite(key.expression);
    if (expression === undefined) return undefined;
    keys.push({ ...key, expression });
  }
  const where = index.where === null ? null : rewrite(index.where);
  if (where === undefined) return undefined;
  return { ...index, keys, include: index.include.map(swap), where };
}

/** The CHECK on the added column (see {@link onAddedColumn}); undefined when its text cannot be read. */
function checkOnAddedColumn(
  buckets: RecipeBuckets,
  check: CheckModel,
  move: ColumnMove,
): CheckModel | undefined {
  if (move.added === move.desired.name) return check;
  const expression = renameColumnReference(check.expression, move.desired.name, move.added, quoter(buckets));
  return expression === undefined ? undefined : { ...check, expression };
}

const quoter = (buckets: RecipeBuckets) => (name: string) => quoteName(buckets.ctx, name);

/** CREATE INDEX CONCURRENTLY; its downgrade drops it CONCURRENTLY. */
function indexBuild(buckets: RecipeBuckets, table: NameInput, index: IndexModel): StageGroup {
  const built = createIndexOps(buckets.ctx, table, index).map((op) =>
    op.kind === "createIndex" ? { ...op, concurrently: true } : op,
  );
  const dropped = [...built].reverse().map((op) => {
    const inverse = reverse(op);
    return inverse.kind === "dropIndex" ? { ...inverse, concurrently: true } : inverse;
  });
  return { up: built.map(step), down: dropped.map(step) };
}

/** ADD CHECK … NOT VALID, then VALIDATE (its own transaction: reads and writes go on); the downgrade drops it. */
function checkBuild(table: NameInput, check: CheckModel): StageGroup {
  const add = operations.addCheck(check.name, table, check.expression, { notValid: true });
  const up: Operation[] = check.validated ? [add, operations.validateConstraint(check.name, table)] : [add];
  return { up: up.map(step), down: [step(reverse(add))] };
}

function step(operation: Operation): StageStep {
  return { kind: "operation", operation };
}
