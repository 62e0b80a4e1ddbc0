import {
  type AddColumn,
  type ColumnInput,
  type ColumnModel,
  type IndexModel,
  type NameInput,
  type Operation,
  operations,
  reverse,
  type TableModel,
} from "@athanor/core";
import { createIndexOps, dropIndexOps } from "../diff/diff-table.js";
import { checkOptions, columnInput } from "../diff/model-to-input.js";
import { quoteName } from "../diff/raw-sql.js";
import { dependentsAhead } from "./dependents-ahead.js";
import { notNullGroups, operationGroup } from "./not-null-steps.js";
import { sequenceHandover } from "./owned-sequence.js";
import type { RecipeBuckets } from "./recipe-buckets.js";
import type { ColumnMove, StageGroup, StageStep } from "./stage-types.js";
import { createSyncOperation, type SyncPair } from "./sync-trigger.js";
import { checksOn, indexesOn, tableLabel } from "./table-lookup.js";
import { valuesFitSteps } from "./values-fit-guards.js";

/** The expression the user replaces in a backfill stub. */
export const TODO_EXPRESSION = "/* TODO(athanor): expression */ NULL";

/**
 * New NOT NULL column without a default on an existing table: add it nullable (expand) →
 * backfill stub the user fills (migrate) → the same backfill again for rows old code inserted
 * meanwhile (a data-only contract revision) → the NOT NULL steps (contract).
 *
 * @example
 * ```ts
 * stageRequiredColumn(buckets, operations.addColumn("users", { name: "tz", type: "text", nullable: false }));
 * ```
 */
export function stageRequiredColumn(buckets: RecipeBuckets, op: AddColumn): void {
  const { ctx } = buckets;
  const column = op.column.name;
  const q = (n: string) => quoteName(ctx, n);
  buckets.add("expand", operationGroup([operations.addColumn(op.table, { ...op.column, nullable: true })]));
  const stub: StageStep = {
    kind: "backfill",
    table: op.table,
    set: { [column]: TODO_EXPRESSION },
    where: `${q(column)} IS NULL`,
  };
  buckets.add("migrate", { up: [stub], down: [] });
  const steps = notNullGroups(
    ctx,
    { table: op.table, tableName: op.table.name, column, type: op.column.type },
    buckets.serverVersion,
  );
  // Old code may insert NULLs after the migrate backfill ran, until it is gone: catch those rows
  // up (idempotent, usually few) in a data-only revision before NOT NULL is checked.
  buckets.add("catchup", { up: [stub], down: [] });
  buckets.add("prepare", steps.prepare);
  buckets.add("contract", steps.finish);
  buckets.changes.push({
    recipe: "requiredColumn",
    target: `${tableLabel(op.table)}.${column}`,
    reason: "a NOT NULL column without a default fails on existing rows and breaks inserts of running code",
  });
}

/**
 * The expand/migrate/contract recipe for a {@link ColumnMove}: add the new column nullable and a
 * sync trigger (expand), backfill it from the old one (migrate), then NOT NULL, default, drop the
 * trigger and the old column, swap the name back for a type change, and give the new column the
 * indexes and CHECKs of the models (contract; built ahead where the dialect can, see
 * {@link dependentsAhead}). Each contract step's downgrade restores the old column
 * and refills it from the new one, so no data is lost either way.
 *
 * @example
 * ```ts
 * stageColumnMove(buckets, { recipe: "renameColumn", table, liveTable, desiredTable, source, desired, added: "email", reason });
 * ```
 */
export function stageColumnMove(buckets: RecipeBuckets, move: ColumnMove): void {
  const { ctx } = buckets;
  const { table, source, desired, added } = move;
  const q = (n: string) => quoteName(ctx, n);
  const name: NameInput = table;
  const forward = converter(buckets, source.type, desired.type, move.using?.column, move.using?.forward);
  const backward = converter(buckets, desired.type, source.type, move.using?.column, move.using?.backward);
  const twoWay = move.recipe === "renameColumn";
  // Conversions over the written row; absent where the value is copied as it is.
  const overRow = (convert: (ref: string) => string, column: string) => {
    const ref = `NEW.${q(column)}`;
    const converted = convert(ref);
    return converted === ref ? undefined : converted;
  };
  const pair: SyncPair = {
    // Unqualified in the default schema, as the dialect's hooks wrote it before it was an operation.
    table: table.schema === ctx.defaultSchema ? { name: table.name } : table,
    source: source.name,
    target: added,
    twoWay,
    ...optional("toTarget", overRow(forward, source.name)),
    ...(twoWay ? optional("toSource", overRow(backward, added)) : {}),
  };
  const sync = createSyncOperation(pair);

  buckets.add(
    "expand",
    operationGroup([
      operations.addColumn(name, bare(buckets, desired, added), buckets.places.addedAfter(move)),
      sync,
    ]),
  );
  buckets.add("migrate", {
    up: [
      // a copy into a narrower type fails at the first value that does not fit, batches committed
      ...valuesFitSteps(ctx, name, source.name, { from: source.type, to: desired.type }, move.liveTable),
      {
        kind: "backfill",
        table: name,
        set: { [added]: forward(q(source.name)) },
        where: `${q(added)} IS NULL AND ${q(source.name)} IS NOT NULL`,
      },
    ],
    down: [],
  });

  // the new column's indexes and CHECKs, built before the contract where the dialect can (PostgreSQL)
  const ahead = dependentsAhead(buckets, move);
  buckets.add("build", ...ahead.build);

  const notNull = desired.nullable
    ? undefined
    : notNullGroups(
        ctx,
        { table: name, tableName: table.name, column: added, type: desired.type },
        buckets.serverVersion,
      );
  buckets.add("prepare", notNull?.prepare);
  const final = move.recipe === "renameColumn" ? added : source.name;
  const sequence = sequenceHandover(buckets, move);
  const restore: StageStep[] = [
    // the values go back into the old, maybe narrower, type; `final` is the column's name then
    ...valuesFitSteps(ctx, name, final, { from: desired.type, to: source.type }, move.liveTable),
    {
      kind: "operation",
      operation: operations.addColumn(
        name,
        bare(buckets, source, source.name),
        buckets.places.restoreMove(move),
      ),
    },
    {
      kind: "backfill",
      table: name,
      set: { [source.name]: backward(q(added)) },
      where: `${q(source.name)} IS NULL AND ${q(added)} IS NOT NULL`,
    },
    ...restoreAttributes(name, sequence.restored).map(
      (operation): StageStep => ({ kind: "operation", operation }),
    ),
    ...dependentsOf(buckets, name, move.liveTable, source.name).map(
      (operation): StageStep => ({ kind: "operation", operation }),
    ),
  ];
  buckets.add(
    "contract",
    notNull?.finish,
    // The default goes on the new column while the trigger still fills it: set after the swap, it
    // left a window where new code's inserts that leave the column out failed (MySQL/MariaDB
    // commit each statement: from the trigger's drop to the default, NOT NULL without a default).
    desired.default === null
      ? undefined
      : operationGroup([
          operations.alterColumn(name, added, { default: desired.default, existingDefault: null }),
        ]),
    operationGroup([reverse(sync)]),
    {
      up: [
        // rows old code wrote during the expanded state reached the new column through the
        // trigger's conversion (a PostgreSQL cast cuts silently): the old column, still whole, is checked
        ...valuesFitSteps(ctx, name, source.name, { from: source.type, to: desired.type }, move.liveTable),
        {
          kind: "note",
          text: `drops ${tableLabel(table)}.${source.name}: only once no running code reads or writes it (the downgrade re-adds it and copies the values back).`,
        },
        ...sequence.handover,
        // Dropped by name first where the server would keep them on the other columns: the
        // contract makes them again on the new column, which collided with the shrunk index
        // (MariaDB: Duplicate key name, part-way through the contract).
        ...keptIndexesOf(ctx.hooks, move.liveTable, source.name).flatMap((i) =>
          dropIndexOps(ctx, name, i).map((operation): StageStep => ({ kind: "operation", operation })),
        ),
        // Dropped by name first: MariaDB refuses to drop a column a multi-column CHECK names.
        ...checksOn(move.liveTable, source.name).map(
          (c): StageStep => ({
            kind: "operation",
            operation: operations.dropConstraint(c.name, name, {
              existing: { type: "check", expression: c.expression, ...checkOptions(c) },
            }),
          }),
        ),
        { kind: "operation", operation: operations.dropColumn(name, source.name) },
      ],
      down: [...restore, ...sequence.handback],
    } satisfies StageGroup,
    move.recipe === "typeChange" ? operationGroup([operations.renameColumn(name, added, final)]) : undefined,
    operationGroup(ahead.inContract),
    ahead.rename,
  );
  if (move.recipe === "typeChange") {
    buckets.ignore(
      "contract",
      ctx.staging.inPlaceRules.renameColumn,
      `the rename swaps this recipe's own column ${added} (no code reads it) into the place of ${source.name}, dropped just before: old code is gone by the contract phase`,
    );
  }
  buckets.changes.push({
    recipe: move.recipe,
    target: `${tableLabel(table)}.${desired.name}`,
    reason: move.reason,
  });
}

/**
 * The indexes on `column` that dropping it would leave on other columns (`columnDropKeepsIndexes`:
 * MySQL/MariaDB keep every index but one over the column alone).
 */
function keptIndexesOf(
  hooks: RecipeBuckets["ctx"]["hooks"],
  table: TableModel,
  column: string,
): IndexModel[] {
  if (hooks.columnDropKeepsIndexes !== true) return [];
  return indexesOn(table, column).filter(
    (i) => !i.keys.every((k) => k.kind === "column" && k.column === column),
  );
}

/**
 * The indexes (partial ones whose predicate names the column too) and CHECKs on `column`:
 * dropping the old column drops them, so the contract creates them again on the column that
 * takes its place, and its downgrade on the column it restores.
 */
function dependentsOf(
  buckets: RecipeBuckets,
  table: NameInput,
  model: TableModel,
  column: string,
): Operation[] {
  return [
    ...indexesOn(model, column).flatMap((i) => createIndexOps(buckets.ctx, table, i)),
    ...checksOn(model, column).map((c) => operations.addCheck(c.name, table, c.expression, checkOptions(c))),
  ];
}

const optional = <K extends string>(key: K, value: string | undefined): { [P in K]?: string } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };

/** The column as added in expand or re-added by a downgrade: nullable, no default (filled by backfill). */
function bare(buckets: RecipeBuckets, column: ColumnModel, name: string): ColumnInput {
  const input = columnInput(buckets.ctx, { ...column, name, nullable: true, default: null }, false, []);
  return input;
}

/** NOT NULL and the default of a re-added column, once its values are back. */
function restoreAttributes(
  table: NameInput,
  column: ColumnModel,
): ReturnType<typeof operations.alterColumn>[] {
  if (column.nullable && column.default === null) return [];
  return [
    operations.alterColumn(table, column.name, {
      ...(column.nullable ? {} : { nullable: false, existingNullable: true }),
      ...(column.default === null ? {} : { default: column.default, existingDefault: null }),
      existingType: column.type,
    }),
  ];
}

/**
 * An SQL conversion of a column reference from one type to another. Where assignment converts
 * (MySQL) the reference as it is; else (PostgreSQL) it reuses the differ's USING expression (it knows enums go through text)
 * with the reference substituted, else a CAST.
 */
function converter(
  buckets: RecipeBuckets,
  from: string,
  to: string,
  usingColumn: string | undefined,
  using: string | undefined,
): (ref: string) => string {
  if (from === to || buckets.ctx.staging.assignmentConverts) return (ref) => ref;
  const named = usingColumn === undefined ? undefined : quoteName(buckets.ctx, usingColumn);
  if (using !== undefined && named !== undefined && using.includes(named))
    return (ref) => using.replaceAll(named, ref);
  return (ref) => `CAST(${ref} AS ${to})`;
}
