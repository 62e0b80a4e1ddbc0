import { mentionsName, type Operation, type QualifiedName, reverse } from "@athanor/core";
import type { StagedDiff, StagedRevision, StageGroup, StageStep } from "./stage-types.js";

// The differ drops the views and policies that read a reshaped table and creates them again
// around the change, in one revision. When the splitter moves that change into a later phase
// (a type change's contract swaps the columns), the pair stays in the ordinary revision and the
// phase that really drops the column finds the view still there. So each staged revision that
// reshapes a table gets the same pair again: the views and policies reading that table are
// dropped first and created again last, with inverses for its downgrade.

const RESHAPING = new Set<Operation["kind"]>([
  "dropColumn",
  "renameColumn",
  "alterColumn",
  "dropTable",
  "renameTable",
]);
const opStep = (operation: Operation): StageStep => ({ kind: "operation", operation });

/** The tables `ops` reshape (a renamed table under both names). */
function reshapedTables(ops: Iterable<Operation>): Set<string> {
  const names = new Set<string>();
  for (const op of ops) {
    if (!RESHAPING.has(op.kind)) continue;
    const reshaping = op as Operation & { table: QualifiedName };
    names.add(reshaping.table.name);
    if (reshaping.kind === "renameTable") names.add(reshaping.to);
  }
  return names;
}

/** The operations a staged revision's upgrade runs, in order. */
function* upgradeOperations(groups: readonly StageGroup[]): Iterable<Operation> {
  for (const group of groups)
    for (const step of group.up) if (step.kind === "operation") yield step.operation;
}

function wrap(
  revision: StagedRevision,
  ops: readonly Operation[],
  madeEarlier: readonly Operation[],
): StagedRevision {
  if (revision.kind !== "staged") return revision;
  const names = reshapedTables(upgradeOperations(revision.groups));
  if (names.size === 0) return revision;
  // The differ's drop/create pairs, in its order (dependants dropped first, created last).
  const recreated = (kind: "dropView" | "dropPolicy") => ops.filter((o) => o.kind === kind);
  const reads = (o: Operation): boolean => {
    if (o.kind === "dropView") {
      const created = ops.find(
        (c): c is Extract<Operation, { kind: "createView" }> =>
          c.kind === "createView" && c.name.name === o.name.name,
      );
      return created !== undefined && [...names].some((n) => mentionsName(created.definition, n));
    }
    return o.kind === "dropPolicy" && names.has(o.table.name);
  };
  const dropped = [...recreated("dropPolicy"), ...recreated("dropView")].filter(reads);
  if (dropped.length === 0) return revision;
  const created = ops.filter((c) => dropped.some((d) => recreates(c, d)));
  // A view the ordinary revision already created again (its own change needed it out of the
  // way) is dropped here as that revision left it, so this downgrade restores that definition.
  const asLeft = dropped.map((d) => {
    const made = madeEarlier.find((c) => recreates(c, d));
    return made === undefined ? d : reverse(made);
  });
  const first: StageGroup = {
    up: asLeft.map(opStep),
    down: [...asLeft].reverse().map((o) => opStep(reverse(o))),
  };
  const last: StageGroup = {
    up: created.map(opStep),
    down: [...created].reverse().map((o) => opStep(reverse(o))),
  };
  return { ...revision, groups: [first, ...revision.groups, last] };
}

/** True when `create` makes again the view or policy `drop` removes. */
function recreates(create: Operation, drop: Operation): boolean {
  if (create.kind === "createView") return drop.kind === "dropView" && drop.name.name === create.name.name;
  return (
    create.kind === "createPolicy" &&
    drop.kind === "dropPolicy" &&
    drop.name === create.name &&
    drop.table.name === create.table.name
  );
}

/**
 * The differ's dropView/createView pairs whose new definition reads `column` of `table`, and its
 * dropPolicy/createPolicy pairs on `table` whose new expressions name `column`.
 *
 * @example
 * ```ts
 * viewPairOver(diff.operations, { name: "users" }, "email"); // [dropView users_v, createView users_v]
 * ```
 */
export function viewPairOver(ops: readonly Operation[], table: QualifiedName, column: string): Operation[] {
  const created = ops.filter(
    (c) =>
      (c.kind === "createView" &&
        mentionsName(c.definition, table.name) &&
        mentionsName(c.definition, column)) ||
      (c.kind === "createPolicy" &&
        c.table.name === table.name &&
        [c.using, c.withCheck].some((e) => e !== undefined && e !== null && mentionsName(e, column))),
  );
  const dropped = ops.filter(
    (d) =>
      (d.kind === "dropView" &&
        created.some((c) => c.kind === "createView" && c.name.name === d.name.name)) ||
      (d.kind === "dropPolicy" &&
        created.some((c) => c.kind === "createPolicy" && c.name === d.name && c.table.name === d.table.name)),
  );
  return [...dropped, ...created];
}

/**
 * Each staged revision that reshapes a table, wrapped in the drop and re-creation of the views
 * and policies the differ found reading that table.
 *
 * @example
 * ```ts
 * return viewsAroundStages({ revisions, changes }, input.diff.operations);
 * ```
 */
export function viewsAroundStages(staged: StagedDiff, ops: readonly Operation[]): StagedDiff {
  if (!ops.some((o) => o.kind === "dropView" || o.kind === "dropPolicy")) return staged;
  const plain = staged.revisions.find((r) => r.kind === "plain");
  const madeEarlier = plain?.kind === "plain" ? plain.operations : [];
  return {
    ...staged,
    revisions: staged.revisions.map((r) =>
      r.kind === "plain" ? wrapPlain(r, ops) : wrap(r, ops, madeEarlier),
    ),
  };
}

/**
 * The ordinary revision keeps a change that needs a view or policy out of the way (PostgreSQL
 * refuses to retype a column a view reads) while a rename took that view's drop/create pair to
 * the contract: it drops the view and creates it again as it is, around its own changes.
 */
function wrapPlain(revision: Extract<StagedRevision, { kind: "plain" }>, ops: readonly Operation[]) {
  const names = reshapedTables(revision.operations);
  if (names.size === 0) return revision;
  const kept = new Set(revision.operations);
  const drops = ops.filter((o) => {
    if (kept.has(o)) return false;
    if (o.kind === "dropPolicy") return names.has(o.table.name) && o.existing !== undefined;
    if (o.kind !== "dropView" || o.existing === undefined) return false;
    const definition = o.existing.definition;
    return [...names].some((n) => mentionsName(definition, n));
  });
  if (drops.length === 0) return revision;
  const recreated = [...drops].reverse().map((o) => reverse(o));
  return { ...revision, operations: [...drops, ...revision.operations, ...recreated] };
}
