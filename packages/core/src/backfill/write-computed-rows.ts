import { AthanorError } from "../errors.js";
import type { BackfillRow } from "./backfill-spec.js";
import type { BackfillColumn, BackfillQuery, BackfillSql, BackfillTarget } from "./backfill-sql.js";

/**
 * Turns what a `compute` callback returned into update statements: checks every update names
 * the whole primary key and the same known columns, then splits the rows so no statement
 * exceeds the dialect's bind-parameter limit.
 *
 * @example
 * ```ts
 * const queries = writeComputedRows(sql, target, columns, [{ id: 1, slug: "a" }], "users");
 * ```
 */
export function writeComputedRows(
  sql: BackfillSql,
  target: BackfillTarget,
  columns: readonly BackfillColumn[],
  updates: readonly BackfillRow[],
  label: string,
): BackfillQuery[] {
  if (!Array.isArray(updates)) throw bad(label, "compute must return an array of updates", {});
  const first = updates[0];
  if (first === undefined) return [];
  const keyNames = new Set(target.key.map((k) => k.name));
  const setNames = Object.keys(first)
    .filter((name) => !keyNames.has(name))
    .sort();
  if (setNames.length === 0) throw bad(label, "the updates set no column besides the primary key", {});
  const byName = new Map(columns.map((c) => [c.name, c]));
  const setColumns = setNames.map((name) => {
    const column = byName.get(name);
    if (column === undefined)
      throw bad(label, `the updates set "${name}", which is not a column of the table`, { column: name });
    return column;
  });
  const rows = updates.map((update, i) => {
    if (typeof update !== "object" || update === null)
      throw bad(label, `update #${i} is not an object`, { index: i });
    const names = Object.keys(update);
    for (const key of target.key) {
      if (!(key.name in update))
        throw bad(label, `update #${i} lacks the primary-key column "${key.name}"`, { index: i });
    }
    const extra = names.filter((n) => !keyNames.has(n));
    if (extra.length !== setNames.length || extra.some((n) => !setNames.includes(n))) {
      throw bad(
        label,
        `update #${i} sets [${extra.join(", ")}] but update #0 sets [${setNames.join(", ")}]; every update must set the same columns`,
        { index: i },
      );
    }
    return [...target.key.map((k) => update[k.name]), ...setNames.map((n) => update[n])];
  });
  const perRow = target.key.length + setColumns.length;
  const chunk = Math.max(1, Math.floor(sql.maxParams / perRow));
  const out: BackfillQuery[] = [];
  for (let i = 0; i < rows.length; i += chunk)
    out.push(sql.updateRows(target, setColumns, rows.slice(i, i + chunk)));
  return out;
}

function bad(label: string, problem: string, meta: Record<string, unknown>): AthanorError {
  return new AthanorError(
    "ATHANOR_BACKFILL_FAILED",
    `Backfill of ${label}: ${problem}. Return objects like { <primary key columns>, <column>: value } from compute.`,
    { table: label, ...meta },
  );
}
