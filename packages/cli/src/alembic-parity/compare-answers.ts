import type { Answer } from "./parity-fixtures.js";

/**
 * How two answers differ, coarsest first: one tool failed and the other did not; they named or
 * ran different revisions; the same revisions in another order; or the same steps leaving other
 * version-table rows. `undefined` means they agree (two failures agree: "both fail").
 */
export type Mismatch = "athanor-fails" | "alembic-fails" | "revisions" | "order" | "rows";

/**
 * Compares athanor's answer with Alembic's. `ordered` says whether the order of `ids` counts
 * (`history` prints in walk order; `show` lists a set).
 *
 * @example
 * ```ts
 * compareAnswers({ ids: ["a", "b"] }, { ids: ["b", "a"] }, true); // "order"
 * ```
 */
export function compareAnswers(alembic: Answer, athanor: Answer, ordered: boolean): Mismatch | undefined {
  if (alembic.error !== undefined || athanor.error !== undefined) {
    if (alembic.error !== undefined && athanor.error !== undefined) return undefined;
    return athanor.error !== undefined ? "athanor-fails" : "alembic-fails";
  }
  if (alembic.ids !== undefined || athanor.ids !== undefined) {
    const a = alembic.ids ?? [];
    const b = athanor.ids ?? [];
    if (!sameSet(a, b)) return "revisions";
    return ordered && !sameList(a, b) ? "order" : undefined;
  }
  const a = alembic.steps ?? [];
  const b = athanor.steps ?? [];
  const revisions = (steps: typeof a) => steps.map(([id, way]) => `${way} ${id}`);
  if (!sameSet(revisions(a), revisions(b))) return "revisions";
  if (!sameList(revisions(a), revisions(b))) return "order";
  if (a.some((step, i) => !sameSet(step[2], b[i]?.[2] ?? []))) return "rows";
  // Offline (`--sql`) Alembic reports no final rows; the last step's rows are the end state.
  if (alembic.rows === undefined) return undefined;
  return sameSet(alembic.rows, athanor.rows ?? []) ? undefined : "rows";
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && sameList([...a].sort(), [...b].sort());
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
