import type { RevisionGraph } from "../graph/revision-graph.js";
import { nextStep } from "../text/next-step.js";
import { type BackfillUnderWay, backfillUnderWayIn } from "./backfill-under-way.js";
import type { HistoryEntry } from "./run-state.js";

/**
 * A revision whose last attempt stopped part-way, as the history table records it: how many of
 * its statements (operation statements, backfills, `op.query` calls, in order) are done and
 * committed. `status`, `current`, `upgrade`'s refusal and the failing run itself all describe it
 * with {@link partialStory}, so they tell the same story.
 */
export interface PartialRun {
  readonly revision: string;
  readonly direction: "upgrade" | "downgrade";
  /** Statements done and committed: the index of the statement a resumed run starts with. */
  readonly statementsDone: number;
  /** What the attempt recorded last: its commit point, or the error that stopped it. */
  readonly note: string | null;
  /** The revision file's checksum when the attempt ran (a resume refuses a changed file). */
  readonly checksum: string | null;
  /**
   * The backfill it stopped inside (statement #`statementsDone`), as the runner recorded it in
   * the note; absent when it stopped elsewhere.
   */
  readonly backfill?: BackfillUnderWay | undefined;
}

/** The partial run recorded by a history row (null when the row is not a partial run). */
export function partialRunOf(entry: HistoryEntry): PartialRun | null {
  if (entry.status !== "partial") return null;
  if (entry.direction !== "upgrade" && entry.direction !== "downgrade") return null;
  const statementsDone = entry.statementIndex ?? 0;
  const backfill = backfillUnderWayIn(entry.note, statementsDone);
  return {
    revision: entry.revision,
    direction: entry.direction,
    statementsDone,
    note: entry.note,
    checksum: entry.checksum,
    ...(backfill === undefined ? {} : { backfill }),
  };
}

/**
 * Why this athanor cannot resume a partial run whose file is unchanged (its done statements
 * render differently, or cannot be checked), and the way on besides undoing by hand.
 */
export interface RenderingStory {
  /** One clause: "its revision file is unchanged, but athanor 0.5.0 renders statement #1 …". */
  readonly reason: string;
  /** The clause after "Either": "resume it with athanor 0.4.0: `athanor upgrade --resume`". */
  readonly restore: string;
  /** The athanor version the run's history row recorded (null when it recorded none). */
  readonly recordedVersion: string | null;
}

/** What happened, what state the database is in, and the exact next commands. */
export interface PartialStory {
  /** One line: `upgrade of b2 stopped part-way: statements #0–#1 are applied and committed, #2 on did not run`. */
  readonly summary: string;
  /** The command that finishes it, when the runner can (always, unless the file changed). */
  readonly resume: string | null;
  /** The way back by hand: undo what ran, then stamp. */
  readonly undo: string;
  /** Summary and both ways forward, as a paragraph. */
  readonly text: string;
}

/**
 * Tells a partial run's story in the words every command uses.
 *
 * @example
 * ```ts
 * partialStory({ revision: "b2", direction: "upgrade", statementsDone: 1, note: null, checksum: null }, graph).resume;
 * // "athanor upgrade --resume"
 * ```
 */
export function partialStory(
  run: PartialRun,
  graph: RevisionGraph,
  options: {
    readonly fileChanged?: boolean;
    /**
     * The file is unchanged but this athanor renders its done statements differently (or cannot
     * tell): why (a sentence), and the athanor version that started the run ("athanor 0.3.0").
     */
    readonly renderingChanged?: RenderingStory | undefined;
    /** The version table's heads: where the database stands when the revision's file is gone. */
    readonly versionHeads?: readonly string[];
    /**
     * The target of the downgrade that is speaking (the one that stopped, or `downgrade base`
     * refused by the partial run): its resume goes on to it, as asked, instead of stopping after
     * the partial revision.
     */
    readonly downgradeTarget?: string | undefined;
    /** Told to a single-transaction run, which cannot resume: the advised resume runs a transaction a revision. */
    readonly eachRevision?: boolean | undefined;
  } = {},
): PartialStory {
  const n = run.statementsDone;
  const done =
    n === 0
      ? "none of its statements is recorded as complete"
      : n === 1
        ? "statement #0 is applied and committed"
        : `statements #0–#${n - 1} are applied and committed`;
  const backfill = run.backfill?.statementIndex === n ? run.backfill : undefined;
  const underWay = backfill === undefined ? "" : `; ${backfillClause(backfill)}`;
  const summary = `the ${run.direction} of revision ${run.revision} stopped part-way: ${done}${underWay}`;
  const known = graph.get(run.revision);
  // A file deleted since (the revision regenerated, say): its parents are unknown here, but the
  // version table never moved past them, so stamping its heads is the way back.
  const parents = known?.parents ?? options.versionHeads ?? [];
  const single = graph.heads().length <= 1;
  // A deploy's first stage stopped part-way: resuming must not run the contract revisions
  // after it while the old code still runs (a plain `upgrade --resume` would).
  const expandOnly = known?.phase === "expand" || known?.phase === "migrate" ? true : undefined;
  const resume =
    options.fileChanged === true || options.renderingChanged !== undefined || known === undefined
      ? null
      : run.direction === "upgrade"
        ? nextStep({
            kind: "run",
            direction: "upgrade",
            target: single ? undefined : run.revision,
            resume: true,
            expandOnly,
            eachRevision: options.eachRevision,
          })
        : nextStep({
            kind: "run",
            direction: "downgrade",
            target: options.downgradeTarget,
            resume: true,
            eachRevision: options.eachRevision,
          });
  const ran = n === 0 ? "what statement #0 did" : n === 1 ? "statement #0" : `statements #0–#${n - 1}`;
  // The backfill's committed batches changed rows too: undoing only the statements before it
  // and stamping the parent would leave them changed.
  const ranWithBatches =
    backfill !== undefined && n > 0 && backfill.batches !== 0
      ? `${ran} and the ${backfill.batches === undefined ? "batches" : batchCount(backfill.batches)} the backfill of statement #${n} committed`
      : ran;
  const resumeAfterRestore = nextStep({
    kind: "run",
    direction: run.direction,
    resume: true,
    eachRevision: options.eachRevision,
  });
  // A downgrade's way back by hand ends at the revision itself, and `stamp` refuses a revision
  // no file declares: with the file gone, restoring it is the only way athanor can record.
  const downgradeFileGone = run.direction === "downgrade" && known === undefined;
  const undo =
    run.direction === "upgrade"
      ? `undo ${ranWithBatches} by hand, then \`${nextStep({ kind: "stamp", revisions: parents.length === 0 ? "base" : parents.join(" ") })}\``
      : downgradeFileGone
        ? `restore revision ${run.revision}'s file, then \`${resumeAfterRestore}\``
        : `redo ${ran} of the downgrade's reverse by hand, then \`${nextStep({ kind: "stamp", revisions: run.revision })}\``;
  const forward = downgradeFileGone
    ? `Its revision file is no longer in the versions folder, so athanor cannot resume it: restore the file to resume with \`${resumeAfterRestore}\`. Stamping cannot stand in for it: \`stamp\` refuses revision ${run.revision}, which no file declares.`
    : known === undefined
      ? `Its revision file is no longer in the versions folder, so athanor cannot resume it: restore the file to resume with \`${resumeAfterRestore}\`, or ${undo}.`
      : options.renderingChanged !== undefined
        ? `It cannot be resumed: ${options.renderingChanged.reason}. Either ${options.renderingChanged.restore}, or ${undo}.`
        : resume === null
          ? `The revision file changed since that run, so athanor cannot tell which of its statements ran: restore the file to resume with \`${resumeAfterRestore}\`, or ${undo}.`
          : `Next: \`${resume}\` runs the rest, from statement #${n} (a backfill continues from its saved cursor); or ${undo}.`;
  return { summary, resume, undo, text: `${capitalise(summary)}. ${forward}` };
}

/** What the summary says of the backfill a partial run stopped inside. */
function backfillClause(backfill: BackfillUnderWay): string {
  const committed =
    backfill.batches === undefined
      ? "its batches so far are committed"
      : backfill.batches === 0
        ? "none of its batches is committed"
        : `${batchCount(backfill.batches)} of it ${backfill.batches === 1 ? "is" : "are"} committed`;
  return `the backfill of ${backfill.table} (statement #${backfill.statementIndex}) was under way: ${committed}, and a resume continues from its saved cursor`;
}

function batchCount(batches: number): string {
  return `${batches.toLocaleString("en-US")} batch${batches === 1 ? "" : "es"}`;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
