import { AthanorError } from "../errors.js";
import { nextStep } from "../text/next-step.js";
import { RESERVED_SYMBOLS } from "./graph-errors.js";
import { startFromCurrent, walk } from "./relative-walk.js";
import { type BranchScope, resolveScope, resolveSymbol } from "./resolve-symbol.js";
import type { RevisionGraph } from "./revision-graph.js";
import { idsOf, type TargetContext, targetContext } from "./target-context.js";

/** Options of {@link resolveTarget}. */
export interface ResolveTargetOptions {
  /** The database's current heads (version-table rows); empty/absent when unknown or at base. */
  readonly current?: readonly string[];
  /** When given, `upgrade -N` and `downgrade +N` (no symbol) are rejected as Alembic does. */
  readonly direction?: "upgrade" | "downgrade";
}

const RELATIVE = /^(?:([^@]+)@)?([^@+\-:\s]*)([+-])(\d+)$/;

/**
 * Resolves a target expression (Alembic grammar, reference/alembic.md §1) to revision ids in
 * topological order. `current` is the database's current heads (for `+N`, `-N`, `current`).
 * The empty list means `base`.
 *
 * Grammar: head | heads | base | current | <id or unique prefix> | <label> | <label>@head |
 * <label>@heads | <label>@base | <label>@<rev> | <rev>@head | +N | -N | <sym>+N | <sym>-N |
 * <label>@+N | <label>@-N | <label>@head-N. A whole-string match of a label or id wins over
 * the relative form, so a label such as `v-2` stays addressable.
 *
 * `head` and `heads` without a branch use the real heads (`graph.heads()`); inside a branch
 * (`x@head`) they use that branch's heads through parent edges.
 *
 * Errors: ATHANOR_UNKNOWN_REVISION, ATHANOR_AMBIGUOUS_PREFIX (meta.matches), ATHANOR_MULTIPLE_HEADS
 * (meta.heads, meta.suggestions), ATHANOR_INVALID_TARGET, ATHANOR_RELATIVE_OUT_OF_RANGE,
 * ATHANOR_AMBIGUOUS_WALK (meta.candidates: exact targets that work), ATHANOR_NOT_IN_BRANCH,
 * ATHANOR_UNKNOWN_APPLIED_REVISION (a `current` id no file declares).
 *
 * @example
 * ```ts
 * resolveTarget(graph, "head");                         // ["c3"]
 * resolveTarget(graph, "cart@head-1");                  // ["b2"]
 * resolveTarget(graph, "+1", { current: ["a1"] });      // ["b2"]
 * resolveTarget(graph, "base");                         // []
 * ```
 */
export function resolveTarget(
  graph: RevisionGraph,
  target: string,
  options: ResolveTargetOptions = {},
): readonly string[] {
  const expression = typeof target === "string" ? target.trim() : "";
  const ctx = targetContext(graph, expression, options);
  return idsOf(ctx.index, resolveIndices(ctx));
}

/**
 * Resolves several targets (e.g. `stamp a b`, `merge a b`) into one set of ids. The same
 * revision named twice throws ATHANOR_DUPLICATE_TARGET.
 *
 * @example
 * ```ts
 * resolveTargets(graph, ["cart@head", "net@head"]); // ["c3", "n2"]
 * ```
 */
export function resolveTargets(
  graph: RevisionGraph,
  targets: readonly string[],
  options: ResolveTargetOptions = {},
): readonly string[] {
  const seen = new Set<string>();
  for (const target of targets) {
    for (const id of resolveTarget(graph, target, options)) {
      if (seen.has(id)) {
        throw new AthanorError(
          "ATHANOR_DUPLICATE_TARGET",
          `Revision '${id}' is named more than once in ${targets.map((t) => `'${t}'`).join(", ")}. Name each revision once.`,
          { targets: [...targets], duplicate: id },
        );
      }
      seen.add(id);
    }
  }
  return idsOf(
    graph.index,
    [...seen].map((id) => graph.indexOf(id)),
  );
}

/**
 * True when resolving `expression` needs the database's current heads: it names `current`
 * (`current`, `current-1`, `cart@current`) or walks from them (`+1`, `-2`, `cart@-1`). A range
 * (`-2:current`) needs them when either side does. Commands that are database-free otherwise
 * (`show`, `history -r`) connect only then.
 *
 * @example
 * ```ts
 * readsCurrent("-1");        // true
 * readsCurrent("-3:");       // true
 * readsCurrent("head-1");    // false
 * ```
 */
export function readsCurrent(expression: string): boolean {
  return expression.split(":").some((side) => {
    const text = side.trim();
    if (/(^|@)current([+-]\d+)?$/.test(text)) return true;
    const relative = RELATIVE.exec(text);
    return relative !== null && (relative[2] ?? "") === "";
  });
}

/**
 * The branch a target is scoped to (`cart@c60f`, `cart@-1`, `c60f@head-1`): the id of the
 * revision the part before `@` names (the label's owner, or the revision itself), else
 * undefined. A downgrade uses it to stay inside that branch, as Alembic does.
 *
 * @example
 * ```ts
 * targetBranch(graph, "cart@-1"); // "c1" (the revision declaring the label cart)
 * targetBranch(graph, "c2");      // undefined
 * ```
 */
export function targetBranch(graph: RevisionGraph, target: string): string | undefined {
  const text = target.trim();
  if (RESERVED_SYMBOLS.has(text) || graph.index.byId.has(text) || graph.labelOwner(text) !== undefined)
    return undefined;
  const branch = RELATIVE.exec(text)?.[1] ?? (text.includes("@") ? text.split("@")[0] : undefined);
  if (branch === undefined || branch.length === 0) return undefined;
  const scope = resolveScope(targetContext(graph, text), branch);
  return (graph.index.sources[scope.anchor] as { id: string }).id;
}

function resolveIndices(ctx: TargetContext): number[] {
  const text = ctx.expression;
  if (text.length === 0) throw invalid(ctx, "it is empty");
  if (text.includes(":")) throw invalid(ctx, `it is a range; ${nextStep({ kind: "where-ranges-go" })}`);
  if (RESERVED_SYMBOLS.has(text) || ctx.index.byId.has(text) || ctx.graph.labelOwner(text) !== undefined) {
    return resolveSymbol(ctx, text, undefined);
  }
  const relative = RELATIVE.exec(text);
  if (relative !== null) {
    const [, branch, symbol = "", sign, digits = "0"] = relative;
    return resolveRelative(ctx, branch, symbol, sign as "+" | "-", Number.parseInt(digits, 10));
  }
  const parts = text.split("@");
  if (parts.length > 2 || parts.some((p) => p.length === 0))
    throw invalid(ctx, "'@' must separate a branch and a symbol, as in 'label@head'");
  if (parts.length === 2)
    return resolveSymbol(ctx, parts[1] as string, resolveScope(ctx, parts[0] as string));
  if (/[\s+]/.test(text))
    throw invalid(ctx, "it contains whitespace or '+' outside a relative form like 'rev+2'");
  return resolveSymbol(ctx, text, undefined);
}

function resolveRelative(
  ctx: TargetContext,
  branch: string | undefined,
  symbol: string,
  sign: "+" | "-",
  steps: number,
): number[] {
  if (!Number.isSafeInteger(steps)) throw invalid(ctx, "the step count is too large");
  const scope: BranchScope | undefined = branch === undefined ? undefined : resolveScope(ctx, branch);
  if (symbol === "" || symbol === "current") {
    if (symbol === "" && ctx.direction === "upgrade" && sign === "-")
      throw invalid(ctx, "upgrade takes +N (steps up); use downgrade for -N");
    if (symbol === "" && ctx.direction === "downgrade" && sign === "+")
      throw invalid(ctx, "downgrade takes -N (steps down); use upgrade for +N");
    return walk(ctx, startFromCurrent(ctx, sign, steps, scope), sign, steps, scope);
  }
  if (symbol === "base" && (scope === undefined || sign === "-" || steps === 0))
    return walk(ctx, [], sign, steps, scope);
  if (symbol === "base") {
    // `label@base+1` is the first revision of the branch, as `base+1` is the first of all.
    return walkFrom(ctx, resolveSymbol(ctx, "base", scope), sign, steps - 1, scope);
  }
  return walkFrom(ctx, resolveSymbol(ctx, symbol === "heads" ? "head" : symbol, scope), sign, steps, scope);
}

/** A start of several revisions (a branch with two starts) is ambiguous like several current heads. */
function walkFrom(
  ctx: TargetContext,
  start: number[],
  sign: "+" | "-",
  steps: number,
  scope: BranchScope | undefined,
): number[] {
  const from = start.length > 1 ? startFromCurrent({ ...ctx, current: start }, sign, steps, scope) : start;
  return walk(ctx, from, sign, steps, scope);
}

function invalid(ctx: TargetContext, why: string): AthanorError {
  return new AthanorError(
    "ATHANOR_INVALID_TARGET",
    `Invalid target '${ctx.expression}': ${why}. Valid forms: head, heads, base, current, <id or prefix>, <label>, <label>@head|heads|base|<rev>, <rev>@head, +N, -N, <rev>+N, <label>@-N, <label>@head-N.`,
    { target: ctx.expression },
  );
}
