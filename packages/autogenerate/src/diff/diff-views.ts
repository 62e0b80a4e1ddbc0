import {
  type Operation,
  operations,
  type PolicyModel,
  type QualifiedName,
  type SchemaModel,
  type TableModel,
  type ViewModel,
} from "@athanor/core";
import {
  createViewOp,
  dependentViews,
  dropViewOp,
  policyInput,
  securityOps,
  viewCreationOrder,
} from "../view-ops.js";
import { type NameContext, nameOf } from "./model-to-input.js";
import type { Phases } from "./phases.js";

// Views, policies and row-level security. A changed view or policy is dropped and created
// again (CREATE OR REPLACE cannot change a view's columns, and either way the downgrade needs
// the old definition). Views and policies that read a table whose columns change are dropped
// before the change and created again after it, because PostgreSQL refuses to alter or drop a
// column a view or policy uses, and MySQL leaves such a view broken.

/** Operations after which a view or policy reading the table must be created again. */
const RESHAPING = new Set<Operation["kind"]>([
  "alterColumn",
  "dropColumn",
  "renameColumn",
  "renameTable",
  "dropTable",
]);

const key = (o: { readonly schema: string; readonly name: string }) => `${o.schema}\u0000${o.name}`;
const sameView = (a: ViewModel, b: ViewModel) => JSON.stringify(a) === JSON.stringify(b);
const samePolicy = (a: PolicyModel, b: PolicyModel) => JSON.stringify(a) === JSON.stringify(b);

/** Names of the tables `ops` reshape: old and new names of renamed tables included. */
function reshapedTables(ops: readonly Operation[]): Set<string> {
  const names = new Set<string>();
  for (const op of ops) {
    if (!RESHAPING.has(op.kind) || !("table" in op)) continue;
    names.add((op.table as QualifiedName).name);
    if (op.kind === "renameTable") names.add(op.to);
  }
  return names;
}

/**
 * Adds the view, policy and row-level security steps of turning `have` into `want` to
 * `phases`, given the table steps already in it. `have` is the live model with renames applied.
 *
 * @example
 * ```ts
 * diffViewsAndSecurity(ctx, want, have, phases); // after the table diff
 * ```
 */
export function diffViewsAndSecurity(
  ctx: NameContext,
  want: SchemaModel,
  have: SchemaModel,
  phases: Phases,
): void {
  const reshaped = reshapedTables(phases.operations());
  const wantViews = new Map((want.views ?? []).map((v) => [key(v), v]));
  const haveViews = new Map((have.views ?? []).map((v) => [key(v), v]));
  const changed = new Set(
    [...haveViews.values()].filter((h) => {
      const w = wantViews.get(key(h));
      return w === undefined || !sameView(w, h);
    }),
  );
  // Views reading a reshaped table or a changed view go too, and come back unchanged.
  const seeds = new Set([...reshaped, ...[...changed].map((v) => v.name)]);
  for (const v of dependentViews(have, seeds)) changed.add(v);

  const dropped = viewCreationOrder([...changed]).reverse();
  phases.add("dropViews", ...dropped.map((v) => dropViewOp(v, ctx.defaultSchema)));
  const created = (want.views ?? []).filter((w) => {
    const h = haveViews.get(key(w));
    return h === undefined || changed.has(h);
  });
  phases.add("createViews", ...viewCreationOrder(created).map((v) => createViewOp(v, ctx.defaultSchema)));

  const haveTables = new Map(have.tables.map((t) => [key(t), t]));
  const wantTables = new Map(want.tables.map((t) => [key(t), t]));
  for (const w of want.tables) {
    const name = nameOf(ctx, w.schema, w.name);
    const h = haveTables.get(key(w));
    if (h === undefined) phases.add("createPolicies", ...securityOps(w, qualified(name)));
    else diffTableSecurity(w, h, qualified(name), reshaped.has(w.name), phases);
  }
  for (const h of have.tables) {
    if (wantTables.has(key(h))) continue;
    const name = qualified(nameOf(ctx, h.schema, h.name));
    // Dropped one by one (not with the table) so the downgrade creates them again.
    for (const p of h.policies ?? [])
      phases.add("dropPolicies", operations.dropPolicy(p.name, name, { existing: policyInput(p) }));
    if (h.rowLevelSecurity === true) phases.add("dropPolicies", operations.disableRowLevelSecurity(name));
  }
}

function qualified(name: string | QualifiedName): QualifiedName {
  return typeof name === "string" ? { name } : name;
}

function diffTableSecurity(
  want: TableModel,
  have: TableModel,
  name: QualifiedName,
  reshaped: boolean,
  phases: Phases,
): void {
  const wantPolicies = new Map((want.policies ?? []).map((p) => [p.name, p]));
  const havePolicies = new Map((have.policies ?? []).map((p) => [p.name, p]));
  for (const h of havePolicies.values()) {
    const w = wantPolicies.get(h.name);
    if (w !== undefined && samePolicy(w, h) && !reshaped) continue;
    phases.add("dropPolicies", operations.dropPolicy(h.name, name, { existing: policyInput(h) }));
  }
  if (want.rowLevelSecurity === true && have.rowLevelSecurity !== true)
    phases.add("createPolicies", operations.enableRowLevelSecurity(name));
  if (want.rowLevelSecurity !== true && have.rowLevelSecurity === true)
    phases.add("createPolicies", operations.disableRowLevelSecurity(name));
  for (const w of wantPolicies.values()) {
    const h = havePolicies.get(w.name);
    if (h !== undefined && samePolicy(w, h) && !reshaped) continue;
    phases.add("createPolicies", operations.createPolicy(w.name, name, policyInput(w)));
  }
}
