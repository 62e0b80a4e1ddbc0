import { AthanorError } from "../errors.js";
import { nextStep } from "../text/next-step.js";

/**
 * How one step changes the one-row-per-head version table (alembic.md §2.4).
 * - insert: a new branch starts (`INSERT id`)
 * - delete: a branch closes (`DELETE id`)
 * - update: move a row `from` → `to`
 * - merge: delete rows `delete`, then update `from` → `to`
 * - unmerge: insert rows `insert`, then update `from` → `to`
 *
 * For merge and unmerge the row of the first parent (in declaration order, parents before
 * dependsOn) is the one updated; Alembic picks it from a Python set, which is not stable.
 *
 * @example
 * ```ts
 * const t: VersionTransition = { kind: "merge", delete: ["27c6"], from: "ae10", to: "53ff" };
 * ```
 */
export type VersionTransition =
  | { readonly kind: "insert"; readonly id: string }
  | { readonly kind: "delete"; readonly id: string }
  | { readonly kind: "update"; readonly from: string; readonly to: string }
  | { readonly kind: "merge"; readonly delete: readonly string[]; readonly from: string; readonly to: string }
  | {
      readonly kind: "unmerge";
      readonly insert: readonly string[];
      readonly from: string;
      readonly to: string;
    };

/**
 * Applies a transition to a simulated version table (a list of head ids), the way the runner
 * applies it to the real one. Like Alembic's online guard, every UPDATE/DELETE must match
 * exactly one row and every INSERT none, else ATHANOR_VERSION_TABLE_CONFLICT. Inserted rows
 * go to the end; an updated row keeps its position.
 *
 * @example
 * ```ts
 * applyTransition(["ae10", "27c6"], { kind: "merge", delete: ["27c6"], from: "ae10", to: "53ff" }); // ["53ff"]
 * ```
 */
export function applyTransition(heads: readonly string[], transition: VersionTransition): readonly string[] {
  const rows = [...heads];
  const remove = (id: string): void => {
    rows.splice(indexOfRow(rows, id, transition), 1);
  };
  const insert = (id: string): void => {
    if (rows.includes(id)) throw conflict(`inserting '${id}': that row already exists`, rows, transition);
    rows.push(id);
  };
  const update = (from: string, to: string): void => {
    const at = indexOfRow(rows, from, transition);
    if (from !== to && rows.includes(to))
      throw conflict(`updating '${from}' to '${to}': a row '${to}' already exists`, rows, transition);
    rows[at] = to;
  };
  switch (transition.kind) {
    case "insert":
      insert(transition.id);
      break;
    case "delete":
      remove(transition.id);
      break;
    case "update":
      update(transition.from, transition.to);
      break;
    case "merge":
      for (const id of transition.delete) remove(id);
      update(transition.from, transition.to);
      break;
    case "unmerge":
      for (const id of transition.insert) insert(id);
      update(transition.from, transition.to);
      break;
  }
  return rows;
}

function indexOfRow(rows: readonly string[], id: string, transition: VersionTransition): number {
  const at = rows.indexOf(id);
  if (at < 0) throw conflict(`expected one row '${id}', found none`, rows, transition);
  return at;
}

function conflict(detail: string, rows: readonly string[], transition: VersionTransition): AthanorError {
  return new AthanorError(
    "ATHANOR_VERSION_TABLE_CONFLICT",
    `Version table update failed, ${detail}. The table holds ${rows.length > 0 ? rows.map((r) => `'${r}'`).join(", ") : "no rows"}. Another runner may have changed it: run \`${nextStep({ kind: "current" })}\` and re-plan.`,
    { rows: [...rows], transition },
  );
}
