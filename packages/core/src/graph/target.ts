import type { RevisionGraph } from "./revision-graph.js";

/**
 * API CONTRACT (skeleton — to be implemented).
 *
 * Resolves a target expression (Alembic grammar, ../shared/reference/alembic.md §1) to a set of
 * revision ids. `current` is the database's current heads (for `+N`, `-N`, `current`), empty when
 * unknown/offline. The empty set means `base`.
 *
 * Grammar: head | heads | base | current | <id or unique prefix> | <label> | <label>@head |
 * <label>@heads | <label>@base | <label>@<rev> | <rev>@head | +N | -N | <sym>+N | <sym>-N |
 * <label>@+N | <label>@-N | <label>@head-N.
 *
 * Errors: ATHANOR_UNKNOWN_REVISION, ATHANOR_AMBIGUOUS_PREFIX (meta.matches), ATHANOR_MULTIPLE_HEADS
 * (meta.heads, message suggests `label@head` forms and `heads`), ATHANOR_INVALID_TARGET,
 * ATHANOR_RELATIVE_OUT_OF_RANGE, ATHANOR_AMBIGUOUS_WALK (meta.candidates: exact targets that work),
 * ATHANOR_NOT_IN_BRANCH.
 */
export function resolveTarget(
  _graph: RevisionGraph,
  _target: string,
  _options?: { readonly current?: readonly string[]; readonly direction?: "upgrade" | "downgrade" },
): readonly string[] {
  throw new Error("not implemented");
}

/** A parsed `start:end` range; either side may be absent. */
export interface TargetRange {
  readonly start?: string | undefined;
  readonly end?: string | undefined;
}

/** Parses `start:end`, `start:`, `:end`. Throws ATHANOR_INVALID_RANGE for anything else. */
export function parseRange(_expression: string): TargetRange {
  throw new Error("not implemented");
}

/**
 * Revisions in a range for `history -r`, newest first (Alembic's order): descendants of start (inclusive)
 * that are ancestors of end (inclusive). Missing start = base, missing end = heads.
 * Throws ATHANOR_INVALID_RANGE when start is not an ancestor of end.
 */
export function revisionsInRange(
  _graph: RevisionGraph,
  _range: TargetRange,
  _options?: { readonly current?: readonly string[] },
): readonly string[] {
  throw new Error("not implemented");
}
