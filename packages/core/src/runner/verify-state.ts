import { AthanorError } from "../errors.js";
import type { RevisionGraph } from "../graph/revision-graph.js";
import { nextStep } from "../text/next-step.js";
import { checksumsConflict } from "./checksum.js";
import { type PartialRun, partialRunOf, partialStory, type RenderingStory } from "./partial-story.js";
import type { RevisionSet } from "./revision-set.js";
import { type RunState, recordedChecksums, unresolvedPartials } from "./run-state.js";

/** An applied revision whose file no longer matches what was applied. */
export interface ChecksumMismatch {
  readonly revision: string;
  readonly recorded: string;
  readonly current: string;
}

/**
 * Throws ATHANOR_UNKNOWN_APPLIED_REVISION when the version table names a revision the graph
 * lacks (a deleted or squashed file, or the wrong versions folder).
 *
 * @example
 * ```ts
 * assertKnownHeads(graph, state.heads, "athanor_version");
 * ```
 */
export function assertKnownHeads(graph: RevisionGraph, heads: readonly string[], table: string): void {
  const unknown = heads.filter((id) => graph.get(id) === undefined);
  if (unknown.length === 0) return;
  const known = heads.filter((id) => graph.get(id) !== undefined);
  throw new AthanorError(
    "ATHANOR_UNKNOWN_APPLIED_REVISION",
    `The version table ${table} says revision${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} ${unknown.length > 1 ? "are" : "is"} applied, ` +
      "but no revision file declares it. Either restore the missing file (was it deleted, squashed, or is the versions folder wrong?), " +
      `or tell athanor where the database really is with \`${nextStep({ kind: "stamp", placeholder: "<revision>", purge: true })}\`.`,
    {
      unknown,
      heads,
      table,
      ...(known[0] === undefined
        ? {}
        : { hint: nextStep({ kind: "stamp", revisions: known[0], purge: true }) }),
    },
  );
}

/**
 * Every applied revision (ancestors of the heads) whose current checksum conflicts with the one
 * recorded in history. Revisions without a recorded checksum (stamped offline, applied by an
 * older athanor) are not reported.
 */
export function findChecksumMismatches(
  graph: RevisionGraph,
  state: RunState,
  revisions: RevisionSet,
): ChecksumMismatch[] {
  if (state.heads.length === 0) return [];
  const recorded = recordedChecksums(state.history);
  const out: ChecksumMismatch[] = [];
  for (const id of graph.ancestors(state.heads)) {
    const was = recorded.get(id);
    if (was === undefined) continue;
    const now = revisions.checksum(id);
    if (checksumsConflict(was, now)) out.push({ revision: id, recorded: was, current: now });
  }
  revisions.saveCaches();
  return out.sort((a, b) => a.revision.localeCompare(b.revision));
}

/** Throws ATHANOR_CHECKSUM_MISMATCH naming every changed applied revision. */
export function assertChecksums(mismatches: readonly ChecksumMismatch[]): void {
  if (mismatches.length === 0) return;
  const ids = mismatches.map((m) => m.revision);
  throw new AthanorError(
    "ATHANOR_CHECKSUM_MISMATCH",
    `Applied revision${ids.length > 1 ? "s" : ""} ${ids.join(", ")} changed since ${ids.length > 1 ? "they were" : "it was"} applied, ` +
      "so the database may not match the files. Revert the edit and put the change in a new revision, " +
      `or, if the edit does not change what the revision did, accept it with \`${nextStep({ kind: "accept-checksums", revisions: ids })}\` (recorded in the history table with your name).`,
    { mismatches: mismatches.map((m) => ({ ...m })) },
  );
}

/** An unresolved partial run, its history row, and whether its revision file changed since. */
export interface FoundPartialRun {
  readonly run: PartialRun;
  readonly fileChanged: boolean;
  readonly entryId: number;
}

/**
 * The unresolved partial run, if any, with whether its revision file changed since (then a
 * resume cannot tell which statements ran).
 */
export function findPartialRun(
  state: RunState,
  graph: RevisionGraph,
  revisions: RevisionSet,
): FoundPartialRun | undefined {
  for (const entry of unresolvedPartials(state.history)) {
    const run = partialRunOf(entry);
    if (run === null) continue;
    const fileChanged =
      run.checksum !== null &&
      graph.get(run.revision) !== undefined &&
      checksumsConflict(run.checksum, revisions.checksum(run.revision));
    return { run, fileChanged, entryId: entry.id };
  }
  return undefined;
}

/**
 * Throws ATHANOR_PARTIAL_REVISION while a revision that stopped part-way is unresolved; the
 * message is the partial run's story (what ran, the exact next commands).
 */
export function assertNoPartialRevision(state: RunState, graph: RevisionGraph, revisions: RevisionSet): void {
  const found = findPartialRun(state, graph, revisions);
  if (found !== undefined) throw partialRevisionError(found, graph, state.heads);
}

/**
 * ATHANOR_PARTIAL_REVISION for `found`: its story, with no resume advised when `renderingChanged`
 * says this athanor would refuse it (the way on is then the athanor that started it, or undo).
 */
export function partialRevisionError(
  found: FoundPartialRun,
  graph: RevisionGraph,
  versionHeads: readonly string[],
  renderingChanged?: RenderingStory,
  /** The refused run's downgrade target, which the advised `downgrade TARGET --resume` keeps. */
  downgradeTarget?: string,
  /** The refused run was a single transaction: the advised resume says one transaction a revision. */
  eachRevision?: boolean,
): AthanorError {
  const { run, fileChanged } = found;
  const story = partialStory(run, graph, {
    fileChanged,
    renderingChanged,
    versionHeads,
    downgradeTarget,
    eachRevision,
  });
  return new AthanorError("ATHANOR_PARTIAL_REVISION", story.text, {
    revision: run.revision,
    direction: run.direction,
    statementIndex: run.statementsDone,
    statementsDone: run.statementsDone,
    note: run.note,
    resume: story.resume,
    hint: story.resume ?? story.undo,
  });
}
