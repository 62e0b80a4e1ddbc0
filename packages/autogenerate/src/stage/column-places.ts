import type { ColumnPosition, QualifiedName, TableModel } from "@athanor/core";
import { tableLabel } from "./table-lookup.js";

/** What {@link ColumnPlaces} needs of a column move (see `ColumnMove`). */
export interface PlacedMove {
  readonly recipe: "renameColumn" | "typeChange";
  readonly table: QualifiedName;
  readonly liveTable: TableModel;
  readonly source: { readonly name: string };
  readonly added: string;
}

/**
 * Where the recipes put the columns they add, where the dialect can place a column (MySQL
 * `AFTER`; PostgreSQL adds every column last, so all positions are undefined there):
 * - expand adds a moved column's replacement right after it, so once contract drops the old
 *   column (and a type change renames the new one back) the column sits where it was;
 * - a downgrade re-adds a dropped column right after the column that preceded it when the
 *   contract ran, named as it is when that downgrade runs: groups of one revision are undone in
 *   reverse order, so a column moved by an earlier group still carries its final name, one moved
 *   by a later group is back to its added name, and one dropped by an earlier group is still gone.
 *
 * @example
 * ```ts
 * const places = new ColumnPlaces(true, moves, (t) => findTable(ctx, live, t));
 * places.addedAfter(move); // { after: "v" }
 * places.restoreMove(move); // { after: "email" }
 * ```
 */
export class ColumnPlaces {
  readonly #drops = new Map<string, string[]>();

  constructor(
    readonly enabled: boolean,
    readonly moves: readonly PlacedMove[],
    readonly liveTable: (table: QualifiedName) => TableModel | undefined,
  ) {}

  /** Expand: right after the column it replaces. */
  addedAfter(move: PlacedMove): ColumnPosition | undefined {
    return this.enabled ? { after: move.source.name } : undefined;
  }

  /** The contract downgrade's re-added old column of `move`. */
  restoreMove(move: PlacedMove): ColumnPosition | undefined {
    const index = this.moves.indexOf(move);
    return this.#after(move.table, move.liveTable, move.source.name, (other) =>
      this.moves.indexOf(other) < index ? finalName(other) : other.added,
    );
  }

  /** The drop revision's re-added column (registered in the order the drops run). */
  restoreDrop(table: QualifiedName, column: string): ColumnPosition | undefined {
    const live = this.liveTable(table);
    if (!this.enabled || live === undefined) return undefined;
    const key = tableLabel(table);
    const earlier = this.#drops.get(key) ?? [];
    this.#drops.set(key, [...earlier, column]);
    // the contract revision ran before the drop revision: every moved column has its final name
    return this.#after(table, live, column, finalName, new Set(earlier));
  }

  #after(
    table: QualifiedName,
    live: TableModel,
    column: string,
    movedName: (move: PlacedMove) => string,
    gone: ReadonlySet<string> = new Set(),
  ): ColumnPosition | undefined {
    if (!this.enabled) return undefined;
    const names = live.columns.map((c) => c.name);
    for (let i = names.indexOf(column) - 1; i >= 0; i--) {
      const before = names[i] ?? "";
      if (gone.has(before)) continue;
      const moved = this.moves.find(
        (m) => tableLabel(m.table) === tableLabel(table) && m.source.name === before,
      );
      return { after: moved === undefined ? before : movedName(moved) };
    }
    return { first: true };
  }
}

/** The name a moved column carries once its contract ran: the new name, or the old one after a type change. */
function finalName(move: PlacedMove): string {
  return move.recipe === "renameColumn" ? move.added : move.source.name;
}
