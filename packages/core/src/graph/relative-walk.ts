import { AthanorError, isAthanorError } from "../errors.js";
import type { RevisionSource } from "../revision/revision.js";
import { reach } from "./graph-index.js";
import type { BranchScope } from "./resolve-symbol.js";
import { quoteList, type TargetContext } from "./target-context.js";

/**
 * A relative walk: `steps` edges up (towards heads, through children) or down (towards
 * bases, through parents). Only `parents` edges are walked: a dependency is not a step of
 * a branch. Walking up from base (no start) first steps onto the bases of the scope.
 *
 * @internal
 * @example
 * ```ts
 * walk(ctx, [indexOf("a")], "+", 2, undefined); // [indexOf("c")] in a → b → c
 * ```
 */
export function walk(
  ctx: TargetContext,
  start: readonly number[],
  sign: "+" | "-",
  steps: number,
  scope: BranchScope | undefined,
  explain = true,
): number[] {
  const { index } = ctx;
  const inScope = (i: number): boolean => scope === undefined || scope.mask[i] === 1;
  const name = (i: number | undefined): string =>
    i === undefined ? "base" : (index.sources[i] as RevisionSource).id;
  let at: number | undefined = start[0];
  for (let taken = 0; taken < steps; taken++) {
    let options: readonly number[];
    if (sign === "+") {
      options = (
        at === undefined
          ? index.order.filter((i) => (index.parents[i]?.length ?? 0) === 0)
          : (index.children[at] ?? [])
      ).filter(inScope);
    } else {
      if (at === undefined) throw outOfRange(ctx, sign, steps, taken, "base");
      options = index.parents[at] ?? [];
      if (options.length === 0 && taken === steps - 1) return [];
    }
    if (options.length === 0) throw outOfRange(ctx, sign, steps, taken, name(at));
    if (options.length > 1) {
      const left = steps - taken - 1;
      const candidates = explain ? unique(options.map((o) => candidateFrom(ctx, o, sign, left, scope))) : [];
      const how =
        sign === "+"
          ? `'${name(at)}' is a branch point with children ${quoteList(options.map(name))}`
          : `'${name(at)}' is a merge point with parents ${quoteList(options.map(name))}`;
      throw new AthanorError(
        "ATHANOR_AMBIGUOUS_WALK",
        `Ambiguous walk for '${ctx.expression}': ${how}${taken > 0 ? ` (reached after ${taken} step(s))` : ""}, so the way ${sign === "+" ? "up" : "down"} is not unique. Name the target exactly${candidates.length > 0 ? `, e.g. ${quoteList(candidates)}` : ""}.${sign === "-" && taken === 0 && ctx.direction === "downgrade" ? " Downgrading to either parent undoes only the merge; both parents stay applied." : ""}`,
        { target: ctx.expression, at: name(at), branches: options.map(name), candidates },
      );
    }
    at = options[0];
  }
  return at === undefined ? [] : [at];
}

/** What the walk would reach if it took `option` at the fork: an id, "base", or an expression when it forks again. */
function candidateFrom(
  ctx: TargetContext,
  option: number,
  sign: "+" | "-",
  left: number,
  scope: BranchScope | undefined,
): string | undefined {
  const id = (ctx.index.sources[option] as RevisionSource).id;
  if (left === 0) return id;
  try {
    const reached = walk(ctx, [option], sign, left, scope, false);
    return reached[0] === undefined ? "base" : (ctx.index.sources[reached[0]] as RevisionSource).id;
  } catch (error) {
    if (isAthanorError(error) && error.code === "ATHANOR_AMBIGUOUS_WALK") return `${id}${sign}${left}`;
    return undefined;
  }
}

function unique(candidates: readonly (string | undefined)[]): string[] {
  return [...new Set(candidates.filter((c) => c !== undefined))];
}

function outOfRange(
  ctx: TargetContext,
  sign: "+" | "-",
  steps: number,
  taken: number,
  at: string,
): AthanorError {
  const end = sign === "+" ? "a head" : "base";
  return new AthanorError(
    "ATHANOR_RELATIVE_OUT_OF_RANGE",
    `Relative revision '${ctx.expression}' didn't produce ${steps} migration(s): the walk ${sign === "+" ? "up" : "down"} stopped after ${taken} step(s) at ${at === "base" ? "base" : `'${at}', which is ${end}`}. Use a smaller number${sign === "+" ? ", or 'heads'" : ", or 'base'"}.`,
    { target: ctx.expression, steps, taken, at },
  );
}

/**
 * Chooses where a relative walk without an explicit symbol starts: the current head(s)
 * inside the scope. Several of them make the walk ambiguous; the error lists the target
 * each one would reach.
 *
 * @internal
 * @example
 * ```ts
 * startFromCurrent(ctx, "-", 1, undefined); // [indexOf("b")] when current is ["b"]
 * ```
 */
export function startFromCurrent(
  ctx: TargetContext,
  sign: "+" | "-",
  steps: number,
  scope: BranchScope | undefined,
): number[] {
  let current = ctx.current.filter((i) => scope === undefined || scope.mask[i] === 1);
  const fromTips = current.length === 0 && scope !== undefined;
  if (fromTips) current = appliedTipsInScope(ctx, sign, scope);
  if (current.length <= 1) return current;
  const names = current.map((i) => (ctx.index.sources[i] as RevisionSource).id);
  const candidates = unique(current.map((i) => candidateFrom(ctx, i, sign, steps, scope)));
  // No head of the database is in the branch: the walk starts where the branch's applied part
  // ends, and those are no heads of the database (its version table may hold one row).
  const where = fromTips
    ? `no head of the database is in branch '${scope.name}', and the branch's applied part ends at several revisions`
    : "the database has several heads";
  throw new AthanorError(
    "ATHANOR_AMBIGUOUS_WALK",
    `Ambiguous walk for '${ctx.expression}': it is relative to the current revision, but ${where} (${quoteList(names)}). Walk from one of them ('<rev>${sign}${steps}' or '<label>@${sign}${steps}'), or name the target exactly, e.g. ${quoteList(candidates)}.`,
    { target: ctx.expression, current: names, candidates },
  );
}

/**
 * Where a branch stands when no current head is in it: the applied revisions of the branch
 * (ancestors of the heads, e.g. a shared trunk, or a branch another applied branch depends on)
 * that nothing else applied in the branch builds on. Alembic walks from there too, so
 * `cart@+1` applies cart's first revision when only the trunk below it is applied. Going up,
 * any applied successor in the branch hides a revision; going down, only a child does.
 */
function appliedTipsInScope(ctx: TargetContext, sign: "+" | "-", scope: BranchScope): number[] {
  const { index } = ctx;
  const applied = reach(index.preds, ctx.current, index.sources.length);
  const inBranch = (i: number): boolean => applied[i] === 1 && scope.mask[i] === 1;
  const hiding = sign === "+" ? index.succs : index.children;
  return index.order.filter((i) => inBranch(i) && !(hiding[i] ?? []).some(inBranch));
}
