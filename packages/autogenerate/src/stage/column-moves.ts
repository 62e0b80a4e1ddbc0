import {
  type AlterColumn,
  differsOnlyInCase,
  type Operation,
  type SchemaModel,
  type SequenceModel,
  type TableModel,
} from "@athanor/core";
import { shortName } from "@athanor/core/text";
import type { RecipeBuckets } from "./recipe-buckets.js";
import type { ColumnMove } from "./stage-types.js";
import { findColumn, findTable, sameTable, tableLabel, unmovableReason } from "./table-lookup.js";

/** What the stager has found so far: the diff's operations and those a recipe took over. */
export interface StagingScan {
  readonly buckets: RecipeBuckets;
  readonly live: SchemaModel;
  readonly desired: SchemaModel;
  readonly ops: readonly Operation[];
  /** Indexes into `ops` of the operations a recipe stages (they leave the ordinary revision). */
  readonly claimed: Set<number>;
}

/** Marks `op` as staged by a recipe. */
export function claim(scan: StagingScan, op: Operation): void {
  scan.claimed.add(scan.ops.indexOf(op));
}

type MoveRequest = Omit<ColumnMove, "liveTable" | "desiredTable" | "source" | "desired"> & {
  readonly from: string;
  readonly to: string;
};

/**
 * The column moves of a diff: a renamed column (with the type change that goes with it), and a
 * type change that rewrites the table (`rewrites`), each moved through a new column by the
 * expand/contract recipe. A column that cannot be moved (see `unmovableReason`) stays in the
 * ordinary revision with a note. The operations a move replaces are claimed.
 *
 * @example
 * ```ts
 * const moves = findColumnMoves(scan, (from, to) => !isWideningType(from, to));
 * ```
 */
export function findColumnMoves(
  scan: StagingScan,
  rewrites: (from: string, to: string) => boolean,
): ColumnMove[] {
  const { ops } = scan;
  const moves: ColumnMove[] = [];
  const consider = (move: MoveRequest): boolean => {
    const found = movable(scan, move);
    if (found !== undefined) moves.push(found);
    return found !== undefined;
  };
  const foldsColumns = scan.buckets.ctx.hooks.foldsNameCase?.columns === true;
  for (const op of ops) {
    if (op.kind !== "renameColumn") continue;
    // a new spelling of one name: running code's old spelling still finds the column, and no
    // second column of that name can be added beside it — renamed in place
    if (foldsColumns && differsOnlyInCase(op.from, op.to)) continue;
    const alter = ops.find(
      (o): o is AlterColumn => o.kind === "alterColumn" && sameTable(o.table, op.table) && o.column === op.to,
    );
    const moved = consider({
      recipe: "renameColumn",
      table: op.table,
      from: op.from,
      to: op.to,
      added: op.to,
      using:
        alter === undefined
          ? undefined
          : { column: op.to, forward: alter.using, backward: alter.reverseUsing },
      reason: "renaming a column breaks running code that still uses the old name",
    });
    if (moved) {
      claim(scan, op);
      if (alter !== undefined) claim(scan, alter);
    }
  }
  for (const op of ops) {
    if (op.kind !== "alterColumn" || scan.claimed.has(ops.indexOf(op))) continue;
    if (op.type === undefined || op.existingType === undefined || !rewrites(op.existingType, op.type))
      continue;
    const moved = consider({
      recipe: "typeChange",
      table: op.table,
      from: op.column,
      to: op.column,
      added: freeColumnName(scan, op),
      using: { column: op.column, forward: op.using, backward: op.reverseUsing },
      reason: `changing ${op.existingType} to ${op.type} rewrites the table while reads and writes wait, and running code may break`,
    });
    if (moved) claim(scan, op);
  }
  return moves;
}

/** The move with both tables and columns found, or undefined (with a note when it is refused). */
function movable(scan: StagingScan, move: MoveRequest): ColumnMove | undefined {
  const { ctx } = scan.buckets;
  const liveTable = findTable(ctx, scan.live, move.table);
  const desiredTable = findTable(ctx, scan.desired, move.table);
  const source = findColumn(liveTable, move.from);
  const target = findColumn(desiredTable, move.to);
  if (liveTable === undefined || desiredTable === undefined || source === undefined || target === undefined)
    return undefined;
  const why =
    unmovableReason(scan.live, liveTable, move.from) ?? unmovableReason(scan.desired, desiredTable, move.to);
  if (why !== undefined) {
    scan.buckets.notes.push(
      `${tableLabel(move.table)}.${move.from}: not staged (${why}); the change runs in one step here — review it.`,
    );
    return undefined;
  }
  const owned = ownedSequence(scan, liveTable, move.from, desiredTable, move.to);
  return {
    ...move,
    liveTable,
    desiredTable,
    source,
    desired: target,
    ...(owned ? { ownedSequence: owned } : {}),
  };
}

/** The sequence `from` owns in the live model, named as the desired model's `to` owns it (if it does). */
function ownedSequence(
  scan: StagingScan,
  liveTable: TableModel,
  from: string,
  desiredTable: TableModel,
  to: string,
): ColumnMove["ownedSequence"] {
  const owns = (s: SequenceModel, table: TableModel, column: string) =>
    s.schema === table.schema && s.ownedBy?.table === table.name && s.ownedBy.column === column;
  const live = scan.live.sequences.find((s) => owns(s, liveTable, from));
  if (live === undefined) return undefined;
  const desired = scan.desired.sequences.find((s) => owns(s, desiredTable, to)) ?? live;
  return { schema: desired.schema, name: desired.name, liveName: live.name };
}

/** `<column>_new` (or `_new2`, …, cut with a hash when long): a name neither model's table uses, for the retyped column. */
function freeColumnName(scan: StagingScan, op: AlterColumn): string {
  const { ctx } = scan.buckets;
  const taken = new Set(
    [
      ...(findTable(ctx, scan.live, op.table)?.columns ?? []),
      ...(findTable(ctx, scan.desired, op.table)?.columns ?? []),
    ].map((c) => c.name),
  );
  // within PostgreSQL's 63 bytes (and MySQL's 64 characters): a long column name plus `_new`
  // was a name the renderer refuses, so the expand revision could never run
  let added = shortName(`${op.column}_new`);
  for (let n = 2; taken.has(added); n++) added = shortName(`${op.column}_new${n}`);
  return added;
}
