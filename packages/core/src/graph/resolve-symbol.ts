import { AthanorError } from "../errors.js";
import type { RevisionSource } from "../revision/revision.js";
import { nextStep } from "../text/next-step.js";
import { branchSpan, lineage } from "./branch-labels.js";
import { idsOf, quoteList, type TargetContext } from "./target-context.js";

/**
 * A branch restriction from `<label>@…` or `<rev>@…`: the revision it is anchored at, the
 * lineage mask (ancestors and descendants through parents) and the label, if it was one.
 *
 * @internal
 * @example
 * ```ts
 * const scope = resolveScope(ctx, "cart"); // { anchor: 3, mask, label: "cart", name: "cart" }
 * ```
 */
export interface BranchScope {
  readonly anchor: number;
  readonly mask: Uint8Array;
  readonly label: string | undefined;
  readonly name: string;
}

/**
 * Resolves the part before `@` to a branch: a label first, then an id or unique prefix.
 *
 * @internal
 * @example
 * ```ts
 * resolveScope(ctx, "ae1"); // anchored at the revision whose id starts with ae1
 * ```
 */
export function resolveScope(ctx: TargetContext, name: string): BranchScope {
  const owner = ctx.graph.labelOwner(name);
  if (owner !== undefined) {
    const anchor = ctx.graph.indexOf(owner);
    return { anchor, mask: lineage(ctx.index, anchor), label: name, name };
  }
  const anchor = resolveRevision(ctx, name, undefined, "branch");
  return { anchor, mask: lineage(ctx.index, anchor), label: undefined, name };
}

/**
 * Resolves a symbol (`head`, `heads`, `base`, `current`, a label, an id or unique prefix),
 * optionally within a branch scope. The result is a list of indices; empty means base.
 *
 * @internal
 * @example
 * ```ts
 * resolveSymbol(ctx, "head", undefined); // [7]
 * ```
 */
export function resolveSymbol(ctx: TargetContext, symbol: string, scope: BranchScope | undefined): number[] {
  const inScope = (i: number): boolean => scope === undefined || scope.mask[i] === 1;
  switch (symbol) {
    case "heads":
      return headsIn(ctx, scope);
    case "head": {
      const heads = headsIn(ctx, scope);
      if (heads.length > 1) throw multipleHeads(ctx, heads, scope);
      return heads;
    }
    case "base": {
      return scope === undefined ? [] : branchStarts(ctx, scope);
    }
    case "current":
      return ctx.current.filter(inScope);
    default: {
      if (scope === undefined) {
        const owner = ctx.graph.labelOwner(symbol);
        if (owner !== undefined) return [ctx.graph.indexOf(owner)];
      }
      return [resolveRevision(ctx, symbol, scope, "revision")];
    }
  }
}

/**
 * `heads` without a branch means real heads (what the version table holds after upgrading
 * everything); inside a branch it means its heads through parent edges, so a branch whose
 * top is only depended on by another branch still has a head.
 */
function headsIn(ctx: TargetContext, scope: BranchScope | undefined): number[] {
  const { index } = ctx;
  if (scope === undefined) return index.order.filter((i) => (index.succs[i]?.length ?? 0) === 0);
  return index.order.filter((i) => scope.mask[i] === 1 && (index.children[i]?.length ?? 0) === 0);
}

/** The first revisions of a branch: members of its span (see branchSpan) with no parent in it. */
function branchStarts(ctx: TargetContext, scope: BranchScope): number[] {
  const span = branchSpan(ctx.index, scope.anchor);
  return ctx.index.order.filter(
    (i) => span[i] === 1 && !(ctx.index.parents[i] ?? []).some((p) => span[p] === 1),
  );
}

function multipleHeads(
  ctx: TargetContext,
  heads: readonly number[],
  scope: BranchScope | undefined,
): AthanorError {
  const ids = idsOf(ctx.index, heads);
  const forms = ids.map((id) => {
    const label = ctx.graph
      .labelsOf(id)
      .find((l) => ids.every((other) => other === id || !ctx.graph.labelsOf(other).includes(l)));
    return label === undefined ? `${id}@head` : `${label}@head`;
  });
  const where = scope === undefined ? "" : ` in branch '${scope.name}'`;
  return new AthanorError(
    "ATHANOR_MULTIPLE_HEADS",
    `Multiple head revisions are present${where} for '${ctx.expression}': ${quoteList(ids)}. Specify one of them (${quoteList(forms)}), or use '${scope === undefined ? "heads" : `${scope.name}@heads`}' for all of them. To join them into one, create a merge revision.`,
    {
      target: ctx.expression,
      heads: ids,
      suggestions: [...forms, scope === undefined ? "heads" : `${scope.name}@heads`],
    },
  );
}

/**
 * An exact id wins; otherwise a unique prefix of an id or of a branch label. Inside a branch,
 * prefixes are matched only against that branch, which lets a short prefix disambiguate.
 *
 * @internal
 * @example
 * ```ts
 * resolveRevision(ctx, "ae", undefined, "revision"); // throws ATHANOR_AMBIGUOUS_PREFIX if ae10 and ae99 exist
 * ```
 */
export function resolveRevision(
  ctx: TargetContext,
  token: string,
  scope: BranchScope | undefined,
  role: "revision" | "branch",
): number {
  const { index } = ctx;
  const exact = index.byId.get(token);
  if (exact !== undefined) {
    if (scope !== undefined && scope.mask[exact] !== 1) throw notInBranch(ctx, token, scope);
    return exact;
  }
  const matches: number[] = [];
  for (const [id, i] of index.byId) if (id.startsWith(token) && token.length > 0) matches.push(i);
  // As in Alembic, a prefix of a branch label names the revision that declares it ("kap" → kappa).
  for (const label of ctx.graph.branchLabels()) {
    const owner = index.byId.get(ctx.graph.labelOwner(label) as string) as number;
    if (label.startsWith(token) && token.length > 0 && !matches.includes(owner)) matches.push(owner);
  }
  const scoped = scope === undefined ? matches : matches.filter((i) => scope.mask[i] === 1);
  if (scoped.length === 1) return scoped[0] as number;
  if (scoped.length > 1) {
    const ids = idsOf(index, scoped).sort();
    throw new AthanorError(
      "ATHANOR_AMBIGUOUS_PREFIX",
      `Multiple revisions start with '${token}': ${quoteList(ids)}. Type more characters of the id to pick one.`,
      { target: ctx.expression, prefix: token, matches: ids },
    );
  }
  if (scope !== undefined && matches.length > 0) throw notInBranch(ctx, token, scope);
  const what = role === "branch" ? "branch label or revision" : "revision, branch label or symbol";
  throw new AthanorError(
    "ATHANOR_UNKNOWN_REVISION",
    `Can't locate ${what} identified by '${token}' in '${ctx.expression}'. Use an id (or a unique prefix of one), a branch label, or head, heads, base, current; ${nextStep({ kind: "list-revisions-and-labels" })}.`,
    { target: ctx.expression, token },
  );
}

function notInBranch(ctx: TargetContext, token: string, scope: BranchScope): AthanorError {
  return new AthanorError(
    "ATHANOR_NOT_IN_BRANCH",
    `Revision '${token}' is not a member of branch '${scope.name}' (neither an ancestor nor a descendant of '${(ctx.index.sources[scope.anchor] as RevisionSource).id}'). Drop the '${scope.name}@' prefix or pick a revision of that branch.`,
    { target: ctx.expression, revision: token, branch: scope.name },
  );
}
