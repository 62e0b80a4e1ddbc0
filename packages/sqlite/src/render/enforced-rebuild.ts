import type { TableModel } from "@athanor/core";
import { quoteIdent } from "../quote.js";
import type { SqliteRenderContext } from "./render-context.js";

/** The prefix of the tables holding rows a rebuild must put back (foreign keys enforced). */
export const KEEP_PREFIX = "__athanor_keep_";

/** What a rebuild under enforced foreign keys adds around the move-and-copy. */
export interface KeptRows {
  /** Defer the foreign keys: the rebuilt table is missing between DROP and RENAME. */
  readonly before: readonly string[];
  /** Copies of the referencing tables' rows, then those tables emptied (deepest first). */
  readonly save: readonly string[];
  /**
   * Just before the old table's DROP: its keys to itself cleared (nullable ones), so the DROP's
   * DELETE follows no chain of them (a long chain passes SQLite's trigger depth on D1).
   */
  readonly beforeDrop: readonly string[];
  /** The rows put back (rowids kept), and the copies dropped. */
  readonly restore: readonly string[];
  /** The new table's definition: its keys to itself name the new table, which the RENAME carries. */
  readonly next: TableModel;
}

/**
 * Where `PRAGMA foreign_keys = OFF` is ignored (D1 runs every batch in a transaction, where the
 * pragma is a no-op), `DROP TABLE` of the old table DELETEs its rows first: every `ON DELETE`
 * action fires (`defer_foreign_keys` defers checks, not actions — CASCADE empties the children),
 * and each row with children counts as a deferred violation that re-inserting into a table of
 * another name never clears. So every table that references the rebuilt one (and, transitively,
 * the tables referencing those) is copied aside and emptied, deepest first, before the DROP: the
 * DROP then finds no child row — nothing cascades, nothing counts, no child scan per row. After the
 * new table takes the name they are refilled from the copies (rowids kept) and the copies dropped.
 * Triggers are dropped for the whole rebuild, so none fires. Costs a copy of those rows; documented
 * in docs/sqlite.md ("D1 notes").
 *
 * A key of the table to itself is written against the new table's temporary name, so the old
 * table's DROP does not reach the new one and the RENAME makes it point at the table's name.
 */
export function keepDependents(
  ctx: SqliteRenderContext,
  prior: TableModel,
  next: TableModel,
  temp: string,
): KeptRows {
  const tables = ctx.model?.tables ?? [];
  const reached: TableModel[] = [];
  const queue = [prior.name];
  while (queue.length > 0) {
    const parent = queue.shift() as string;
    for (const child of tables) {
      if (child.name === prior.name || reached.includes(child)) continue;
      if (child.foreignKeys.some((fk) => fk.referencedTable === parent)) {
        reached.push(child);
        queue.push(child.name);
      }
    }
  }
  const save: string[] = [];
  const refill: string[] = [];
  for (const child of reached) {
    const keep = quoteIdent(`${KEEP_PREFIX}${child.name}`);
    const stored = child.columns.filter((c) => c.generated === null).map((c) => quoteIdent(c.name));
    const hasRowid = !(ctx.stored?.get(child.name)?.options.includes("WITHOUT ROWID") ?? false);
    save.push(
      `CREATE TABLE ${keep} AS SELECT ${[...(hasRowid ? ['rowid AS "__athanor_rowid"'] : []), ...stored].join(", ")} FROM ${quoteIdent(child.name)}`,
    );
    refill.push(
      `INSERT INTO ${quoteIdent(child.name)} (${[...(hasRowid ? ["rowid"] : []), ...stored].join(", ")}) SELECT ${[...(hasRowid ? ['"__athanor_rowid"'] : []), ...stored].join(", ")} FROM ${keep}`,
    );
  }
  const empty = [...reached].reverse().map((child) => `DELETE FROM ${quoteIdent(child.name)}`);
  const drops = reached.map((child) => `DROP TABLE ${quoteIdent(`${KEEP_PREFIX}${child.name}`)}`);
  const selfToTemp = next.foreignKeys.map((fk) =>
    fk.referencedTable === prior.name ? { ...fk, referencedTable: temp } : fk,
  );
  const nullable = new Set(prior.columns.filter((c) => c.nullable).map((c) => c.name));
  const selfColumns = prior.foreignKeys
    .filter((fk) => fk.referencedTable === prior.name && fk.columns.every((c) => nullable.has(c)))
    .flatMap((fk) => fk.columns);
  const beforeDrop =
    selfColumns.length === 0
      ? []
      : [
          `UPDATE ${quoteIdent(prior.name)} SET ${[...new Set(selfColumns)].map((c) => `${quoteIdent(c)} = NULL`).join(", ")}`,
        ];
  return {
    before: ["PRAGMA defer_foreign_keys = ON"],
    beforeDrop,
    save: [...save, ...empty],
    restore: [...refill, ...drops],
    next: { ...next, foreignKeys: selfToTemp },
  };
}
