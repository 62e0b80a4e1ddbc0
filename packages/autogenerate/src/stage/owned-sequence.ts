import { type ColumnModel, operations } from "@athanor/core";
import { quoteName } from "../diff/raw-sql.js";
import type { RecipeBuckets } from "./recipe-buckets.js";
import type { ColumnMove, StageStep } from "./stage-types.js";

/**
 * A `serial` column's sequence is owned by the column (PostgreSQL `OWNED BY`), and dropping the
 * column drops it: a staged rename or type change of a serial column dropped its sequence with the
 * old column in contract, and the default it then set on the new one (`nextval(...)`) failed. The
 * contract hands the sequence to the added column before the drop (the type change's rename
 * keeps it: ownership follows the column), and its downgrade hands it back once the old column is
 * re-added — so expand's downgrade, which drops the added column, does not drop it either.
 *
 * @example
 * ```ts
 * sequenceHandover(buckets, move); // { handover: [ALTER SEQUENCE ... OWNED BY users.num], handback: [... OWNED BY users.n], ... }
 * ```
 */
export function sequenceHandover(
  buckets: RecipeBuckets,
  move: ColumnMove,
): {
  readonly handover: StageStep[];
  readonly handback: StageStep[];
  /** The old column as the contract's downgrade re-adds it: its `nextval` names the sequence as it is named then. */
  readonly restored: ColumnModel;
} {
  const sequence = move.ownedSequence;
  if (sequence === undefined) return { handover: [], handback: [], restored: move.source };
  const q = (n: string) => quoteName(buckets.ctx, n);
  const table =
    move.table.schema === undefined ? q(move.table.name) : `${q(move.table.schema)}.${q(move.table.name)}`;
  const owner = (column: string) =>
    `ALTER SEQUENCE ${q(sequence.schema)}.${q(sequence.name)} OWNED BY ${table}.${q(column)}`;
  const step = (to: string, back: string): StageStep => ({
    kind: "operation",
    operation: operations.execute(owner(to), { down: owner(back) }),
  });
  // the ordinary revision renames the sequence (users_n_seq → users_num_seq) before expand and back
  // after the contract's downgrade, which therefore sees the new name
  const liveName = `'${sequence.liveName.replaceAll("'", "''")}'`;
  const contractName = `'${sequence.name.replaceAll("'", "''")}'`;
  const restoredDefault = move.source.default?.replace(liveName, contractName) ?? null;
  return {
    handover: [step(move.added, move.source.name)],
    handback: [step(move.source.name, move.added)],
    restored: { ...move.source, default: restoredDefault },
  };
}
