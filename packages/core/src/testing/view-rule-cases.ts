import type { Operation } from "../ops/operation.js";
import { operations as o } from "../ops/operations.js";

/** A lint case: the revision's operations and an earlier revision's, in the same run. */
export interface ViewRuleCase {
  readonly name: string;
  readonly ops: readonly Operation[];
  readonly earlier?: readonly Operation[];
}

const views = [
  o.createView("base_v", "SELECT id FROM users"),
  o.createView("top_v", "SELECT id FROM base_v"),
];
const reader = [o.createView("v", "SELECT users.id FROM users")];
const widen = o.alterColumn("users", "id", { type: "bigint" });

/**
 * Fire and quiet cases of the view lint rules (`viewRules`), shared by every dialect's rule
 * tests: `viewRuleCases("pg")["pg/drop-view-in-use"].fires`.
 *
 * @example
 * ```ts
 * const RULES = { ...viewRuleCases("pg"), "pg/index-not-concurrent": { fires: [...], quiet: [...] } };
 * ```
 */
export function viewRuleCases(
  prefix: string,
): Record<string, { readonly fires: readonly ViewRuleCase[]; readonly quiet: readonly ViewRuleCase[] }> {
  return {
    [`${prefix}/drop-view-in-use`]: {
      fires: [{ name: "a view another view reads", ops: [o.dropView("base_v")], earlier: views }],
      quiet: [
        {
          name: "its reader dropped first, as autogenerate does",
          ops: [o.dropView("top_v"), o.dropView("base_v")],
          earlier: views,
        },
        {
          name: "a view nothing reads",
          ops: [o.dropView("base_v")],
          earlier: [o.createView("base_v", "SELECT 1")],
        },
      ],
    },
    [`${prefix}/change-under-view`]: {
      fires: [{ name: "a column type change on a table a view reads", ops: [widen], earlier: reader }],
      quiet: [
        {
          name: "the view dropped before and created after",
          ops: [o.dropView("v"), widen, o.createView("v", "SELECT users.id FROM users")],
          earlier: reader,
        },
        {
          name: "a table no view reads",
          ops: [o.alterColumn("users_archive", "id", { type: "bigint" })],
          earlier: reader,
        },
      ],
    },
  };
}
