import type { ColumnModel, TableModel } from "@athanor/core";
import { same } from "./diff/same.js";

/** A table as its checks are created in the scratch database: column types only. */
export function skeletonTable({ rowLevelSecurity: _, policies: _p, ...t }: TableModel): TableModel {
  return {
    ...t,
    columns: t.columns.map((c) => ({
      ...c,
      nullable: true,
      default: null,
      identity: null,
      generated: null,
      comment: null,
      onUpdate: null,
    })),
    primaryKey: null,
    uniques: [],
    foreignKeys: [],
    indexes: [],
    comment: null,
  };
}

/** What a table's checks are printed from: its skeleton, without the checks themselves. */
export const checkShape = (t: TableModel): TableModel => ({ ...skeletonTable(t), checks: [] });

// The fields checkShape sets to one value (or removes) on every table and column: equal on both
// sides by construction, so they are not compared.
const SET_ON_TABLES = new Set([
  "rowLevelSecurity",
  "policies",
  "columns",
  "primaryKey",
  "uniques",
  "foreignKeys",
  "indexes",
  "comment",
  "checks",
]);
const SET_ON_COLUMNS = new Set(["nullable", "default", "identity", "generated", "comment", "onUpdate"]);

/**
 * `same(checkShape(a), checkShape(b))` without building either shape (two copies of every
 * column of every table, at 1,000 tables ~30,000 objects and their garbage): the other fields
 * compared with {@link same}, the set ones skipped. Anything JSON would write specially at the top
 * of a table or column (a `toJSON`) is left to the reference.
 *
 * @example
 * ```ts
 * sameCheckShape(users, { ...users, comment: "other", foreignKeys: [] }); // true
 * ```
 */
export function sameCheckShape(a: TableModel, b: TableModel): boolean {
  if (hasToJson(a) || hasToJson(b) || a.columns.some(hasToJson) || b.columns.some(hasToJson))
    return same(checkShape(a), checkShape(b));
  if (!sameFieldsExcept(a, b, SET_ON_TABLES) || a.columns.length !== b.columns.length) return false;
  return a.columns.every((c, i) => sameFieldsExcept(c, b.columns[i] as ColumnModel, SET_ON_COLUMNS));
}

const hasToJson = (o: object): boolean => Object.hasOwn(o, "toJSON");

/** Whether JSON writes `v` at a key (it leaves out undefined, functions and symbols). */
const written = (v: unknown): boolean => v !== undefined && typeof v !== "function" && typeof v !== "symbol";

const hasOwn = Object.hasOwn;

/**
 * `same` of the two objects' own enumerable fields that JSON writes, but for those in `skip`.
 * for-in with `hasOwn` visits exactly `Object.keys`'s keys without building that array (15,000
 * columns at 1,000 tables, with the compiler capped at baseline).
 */
function sameFieldsExcept(x: object, y: object, skip: ReadonlySet<string>): boolean {
  const xo = x as Record<string, unknown>;
  const yo = y as Record<string, unknown>;
  let count = 0;
  for (const k in xo) {
    if (!hasOwn(xo, k) || skip.has(k) || !written(xo[k])) continue;
    count++;
    if (!Object.prototype.propertyIsEnumerable.call(yo, k) || !written(yo[k]) || !same(xo[k], yo[k]))
      return false;
  }
  for (const k in yo) if (hasOwn(yo, k) && !skip.has(k) && written(yo[k])) count--;
  return count === 0;
}
