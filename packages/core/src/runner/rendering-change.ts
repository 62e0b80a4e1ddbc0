import type { Connection } from "../dialect/connection.js";
import { AthanorError } from "../errors.js";
import { inertText } from "../text/inert-text.js";
import { nextStep } from "../text/next-step.js";
import { readPartialRecord } from "./partial-record.js";
import { capitalise, type PartialRun, partialStory, type RenderingStory } from "./partial-story.js";
import type { PreparedRun } from "./prepare-run.js";
import { renderDonePrefix } from "./render-done-prefix.js";
import { athanorVersion } from "./run-identity.js";
import { type PrintDifference, parseRecordedPrints } from "./statement-prints.js";
import type { FoundPartialRun } from "./verify-state.js";

/**
 * Why a partial run's done statements may no longer be the revision's first statements, though
 * its file is unchanged: this athanor renders them differently (`statements`), or the row was
 * written by another athanor version that recorded no fingerprint (`unrecorded`), or its record
 * cannot be read (`unreadable`: edited by hand, or a format this athanor does not know).
 */
export type RenderingChange =
  | {
      readonly kind: "statements";
      readonly difference: PrintDifference;
      readonly recordedVersion: string | null;
    }
  | { readonly kind: "unrecorded"; readonly recordedVersion: string | null }
  | { readonly kind: "unreadable"; readonly recordedVersion: string | null };

/**
 * Whether resuming `partial` would skip other statements than the ones its attempt did: the
 * revision is rendered again (nothing is sent) and its first `statementsDone` statements compared
 * with the row's record. Undefined when they are the same, when nothing is done (a resume then
 * skips nothing), when the file is gone, or when the revision cannot be rendered (the resumed
 * run reports that error itself before it sends anything). Reads only.
 *
 * @example
 * ```ts
 * const change = await findRenderingChange(conn, run, found.run, found.entryId);
 * if (change !== undefined) throw renderingChangedError(change, found.run, run, state.heads);
 * ```
 */
export async function findRenderingChange(
  conn: Connection,
  run: PreparedRun,
  partial: PartialRun,
  entryId: number,
): Promise<RenderingChange | undefined> {
  if (partial.statementsDone === 0 || run.graph.get(partial.revision) === undefined) return undefined;
  const record = await readPartialRecord(conn, run.sql, entryId);
  const recordedVersion = record.athanorVersion;
  if (record.fingerprint === null) {
    // an older athanor recorded no fingerprint: only the version that wrote it renders the same
    const running = athanorVersion();
    return recordedVersion !== null && running !== undefined && recordedVersion === running
      ? undefined
      : { kind: "unrecorded", recordedVersion };
  }
  const recorded = parseRecordedPrints(record.fingerprint);
  if (recorded === undefined || recorded.n !== partial.statementsDone)
    return { kind: "unreadable", recordedVersion };
  let prefix: Awaited<ReturnType<typeof renderDonePrefix>>;
  try {
    const definition = await run.revisions.definition(partial.revision);
    prefix = await renderDonePrefix(
      conn,
      run.options.dialect,
      definition,
      partial.direction,
      partial.statementsDone,
    );
  } catch {
    return undefined;
  }
  const difference = prefix.prints.compare(recorded, prefix.complete);
  return difference === undefined ? undefined : { kind: "statements", difference, recordedVersion };
}

/**
 * Why `found`'s partial run cannot be resumed with this athanor (its done statements render
 * differently now, or cannot be checked), in the words every command uses; undefined when a
 * resume would pass this check (or is refused anyway: a changed file). Renders, sends nothing.
 *
 * @example
 * ```ts
 * const renderingChanged = await partialRenderingStory(conn, run, found);
 * partialStory(found.run, run.graph, { renderingChanged }).resume; // null when it is defined
 * ```
 */
export async function partialRenderingStory(
  conn: Connection,
  run: PreparedRun,
  found: FoundPartialRun,
): Promise<RenderingStory | undefined> {
  if (found.fileChanged) return undefined;
  const change = await findRenderingChange(conn, run, found.run, found.entryId);
  return change === undefined ? undefined : renderingChangeStory(change, found.run.direction);
}

/**
 * Why `partial` cannot be resumed with this athanor, and the way on besides undoing by hand: the
 * athanor version that started it — or, when that is this very version (the revision's own code
 * builds other statements now), making the revision build what it built then.
 *
 * @example
 * ```ts
 * renderingChangeStory({ kind: "unrecorded", recordedVersion: "0.3.0" }, "upgrade").restore;
 * // "resume it with athanor 0.3.0: `athanor upgrade --resume`"
 * ```
 */
export function renderingChangeStory(
  change: RenderingChange,
  direction: PartialRun["direction"],
): RenderingStory {
  const started = versionName(change.recordedVersion);
  const runningVersion = athanorVersion() ?? null;
  const running = versionName(runningVersion);
  const resume = `\`${nextStep({ kind: "run", direction, resume: true })}\``;
  const sameVersion = change.recordedVersion !== null && change.recordedVersion === runningVersion;
  const restore = sameVersion
    ? `make the revision build the statements it built in that run, then ${resume}`
    : `resume it with ${change.recordedVersion === null ? "the athanor version that started it" : started}: ${resume}`;
  switch (change.kind) {
    case "statements": {
      const { index, exact } = change.difference;
      const which = exact ? `statement #${index}` : `a statement from #${index} on`;
      const reason = sameVersion
        ? `${which} of the revision differs from the one that ran (the same ${started} started that run: the revision's code builds other statements now), so the statements a resume would skip are not the ones that ran`
        : `its revision file is unchanged, but ${running} renders ${which} of it differently from ${started}, which started that run, so the statements a resume would skip are not the ones that ran`;
      return { reason, restore, recordedVersion: change.recordedVersion };
    }
    case "unrecorded":
      return {
        reason: `${started} started that run and recorded no fingerprint of the statements it did; ${running} may render the revision to other statements, so it cannot tell which of them ran`,
        restore,
        recordedVersion: change.recordedVersion,
      };
    case "unreadable":
      return {
        reason: `the history table's record of the statements that run did (written by ${started}) cannot be read — edited by hand, or written by a newer athanor — so athanor cannot tell which of them ran`,
        restore: `resume it with the athanor version that wrote that record: ${resume}`,
        recordedVersion: change.recordedVersion,
      };
  }
}

/**
 * The differing statement, both ways, as lines for a terminal: cut and made inert. Empty unless
 * the change is a statement athanor can name.
 */
export function renderingChangeDetail(change: RenderingChange): string {
  if (change.kind !== "statements" || !change.difference.exact) return "";
  const { index, recorded, current } = change.difference;
  const show = (text: string | undefined, none: string) =>
    text === undefined ? none : inertText(text.length > 120 ? `${text.slice(0, 120)}…` : text);
  return (
    `\nStatement #${index} when the run stopped:\n  ${show(recorded, "(not recorded)")}` +
    `\nStatement #${index} now:\n  ${show(current, "(none: the revision now renders fewer statements)")}`
  );
}

/**
 * ATHANOR_RESUME_REFUSED for a resume whose done statements are not the revision's first
 * statements any more: the partial run's story, the differing statement both ways, and the
 * ways on (the athanor version that started it, or undo by hand and stamp). Thrown before
 * anything of the run was sent.
 */
export function renderingChangedError(
  change: RenderingChange,
  partial: PartialRun,
  run: PreparedRun,
  versionHeads: readonly string[],
): AthanorError {
  const cause = renderingChangeStory(change, partial.direction);
  const story = partialStory(partial, run.graph, { renderingChanged: cause, versionHeads });
  const difference = change.kind === "statements" ? change.difference : undefined;
  return new AthanorError(
    "ATHANOR_RESUME_REFUSED",
    `${capitalise(story.summary)}. It cannot be resumed: ${cause.reason}. Nothing was run.` +
      `${renderingChangeDetail(change)}\nEither ${cause.restore}, or ${story.undo}.`,
    {
      revision: partial.revision,
      direction: partial.direction,
      statementsDone: partial.statementsDone,
      reason: `rendering-${change.kind}`,
      recordedVersion: change.recordedVersion,
      runningVersion: athanorVersion() ?? null,
      ...(difference === undefined ? {} : { statementIndex: difference.index }),
      hint: story.undo,
    },
  );
}

function versionName(version: string | null): string {
  return version === null ? "an athanor version that was not recorded" : `athanor ${inertText(version)}`;
}
