import { AthanorError } from "../errors.js";
import { type PartialRun, partialStory } from "./partial-story.js";
import { type PreparedRun, prepareRun } from "./prepare-run.js";
import { currentIdentity, newRunId } from "./run-identity.js";
import { readRunState, unresolvedPartials } from "./run-state.js";
import type { RunnerOptions } from "./runner-options.js";
import { withSession } from "./session.js";
import { type ChecksumMismatch, findChecksumMismatches, findPartialRun } from "./verify-state.js";

/** Where the database is, as `current` reports it. */
export interface CurrentState {
  /** Rows of the version table, sorted. Empty at base or when the table does not exist. */
  readonly heads: readonly string[];
  /** Heads that no revision file declares (recover with `stamp --purge`). */
  readonly unknownHeads: readonly string[];
  /** Every applied revision: ancestors of the known heads. */
  readonly applied: readonly string[];
  readonly tablesExist: boolean;
  /** Revisions whose last run stopped part-way and is not resolved yet. */
  readonly partial: readonly string[];
  /** The same runs in detail: direction, statements done, the story and the next command. */
  readonly partialRuns: readonly PartialRunReport[];
}

/** What the caller's next run would be told, so the advised command is one it will take. */
export interface CurrentAdvice {
  /**
   * The caller's runs default to one transaction for the whole run (a config's
   * `singleTransaction`), which refuses `--resume`: the advised resume then says
   * `--no-single-transaction`.
   */
  readonly singleTransaction?: boolean | undefined;
}

/** A partial run as `current` and `status` show it (text and `--json`). */
export interface PartialRunReport extends PartialRun {
  /** One line: what happened and what is committed. */
  readonly summary: string;
  /** The command that finishes it (null when the revision file changed since, or is gone). */
  readonly resume: string | null;
  /** True when no file in the versions folder declares the revision any more. */
  readonly fileMissing: boolean;
  /**
   * True when the file is unchanged but this athanor renders the statements the run did
   * differently (or cannot tell: an older athanor's row, another version): a resume refuses.
   */
  readonly renderingChanged: boolean;
  /** Why, when {@link renderingChanged} (one sentence). */
  readonly renderingChange?: string | undefined;
  /**
   * The way on besides undoing by hand, when {@link renderingChanged}: the athanor version that
   * started the run (`resume it with athanor 0.4.0: \`athanor upgrade --resume\``), the words of
   * `upgrade`'s refusal.
   */
  readonly restore?: string | undefined;
  /**
   * When {@link renderingChanged}: the athanor version that started the run, as its history row
   * recorded it (null when it recorded none).
   */
  readonly recordedVersion?: string | null | undefined;
  /** The way back by hand. */
  readonly undo: string;
}

/**
 * Reads where the database is. Takes no lock and creates nothing (Alembic #694).
 *
 * @example
 * ```ts
 * const { heads } = await current({ dialect, revisions: "migrations/versions" });
 * ```
 */
export async function current(
  options: RunnerOptions | PreparedRun,
  advice: CurrentAdvice = {},
): Promise<CurrentState> {
  const run = await prepareRun(options);
  return withSession(run.options, { lock: false }, async ({ conn }) => {
    const state = await readRunState(conn, run.sql);
    const known = state.heads.filter((h) => run.graph.get(h) !== undefined);
    const found = findPartialRun(state, run.graph, run.revisions);
    const partialRuns: PartialRunReport[] = [];
    if (found !== undefined) {
      const { partialRenderingStory } = await import("./rendering-change.js");
      const change = await partialRenderingStory(conn, run, found);
      const story = partialStory(found.run, run.graph, {
        fileChanged: found.fileChanged,
        renderingChanged: change,
        versionHeads: state.heads,
        eachRevision: advice.singleTransaction === true ? true : undefined,
      });
      partialRuns.push({
        ...found.run,
        summary: story.summary,
        resume: story.resume,
        undo: story.undo,
        fileMissing: run.graph.get(found.run.revision) === undefined,
        renderingChanged: change !== undefined,
        ...(change === undefined
          ? {}
          : {
              renderingChange: change.reason,
              restore: change.restore,
              recordedVersion: change.recordedVersion,
            }),
      });
    }
    return {
      heads: state.heads,
      unknownHeads: state.heads.filter((h) => run.graph.get(h) === undefined),
      applied: [...run.graph.ancestors(known)].sort(),
      tablesExist: state.tablesExist,
      partial: unresolvedPartials(state.history).map((p) => p.revision),
      partialRuns,
    };
  });
}

/**
 * Lists applied revisions whose files changed since they were applied, without failing.
 *
 * @example
 * ```ts
 * for (const m of await checkChecksums(options)) console.log(m.revision);
 * ```
 */
export async function checkChecksums(options: RunnerOptions | PreparedRun): Promise<ChecksumMismatch[]> {
  const run = await prepareRun(options);
  return withSession(run.options, { lock: false }, async ({ conn }) =>
    findChecksumMismatches(run.graph, await readRunState(conn, run.sql), run.revisions),
  );
}

/**
 * Accepts the current file of changed applied revisions: appends an `accept` history row (with
 * the database user, OS user and host) carrying the new checksum, after which upgrades proceed.
 * Without `revisions` every mismatch is accepted; naming a revision that has no mismatch fails.
 *
 * @example
 * ```ts
 * await acceptChecksum(options, ["3f2a9c1b7d4e"], { note: "reformatted only" });
 * ```
 */
export async function acceptChecksum(
  options: RunnerOptions | PreparedRun,
  revisions?: readonly string[],
  extra: { readonly note?: string | undefined } = {},
): Promise<ChecksumMismatch[]> {
  const run = await prepareRun(options);
  return withSession(run.options, { lock: true }, async ({ conn }) => {
    const mismatches = findChecksumMismatches(run.graph, await readRunState(conn, run.sql), run.revisions);
    const wanted =
      revisions === undefined ? mismatches : mismatches.filter((m) => revisions.includes(m.revision));
    const missing = (revisions ?? []).filter((id) => !mismatches.some((m) => m.revision === id));
    if (missing.length > 0) {
      throw new AthanorError(
        "ATHANOR_USAGE",
        `Nothing to accept for ${missing.join(", ")}: ${missing.length > 1 ? "they are" : "it is"} not an applied revision with a changed checksum. ` +
          `Changed: ${mismatches.map((m) => m.revision).join(", ") || "none"}.`,
        { missing, mismatches: mismatches.map((m) => m.revision) },
      );
    }
    if (wanted.length === 0) return [];
    const runId = newRunId();
    const who = currentIdentity();
    const now = new Date();
    const note = `checksum change accepted by ${who.osUser ?? "unknown"}@${who.host ?? "unknown"}${extra.note ? `: ${extra.note}` : ""}`;
    await conn.executeScript([
      run.options.dialect.beginTransaction,
      ...wanted.map((m) =>
        run.sql.historyRow({
          runId,
          revision: m.revision,
          direction: "accept",
          status: "ok",
          startedAt: now,
          finishedAt: now,
          durationMs: 0,
          checksum: m.current,
          who,
          note,
        }),
      ),
      run.options.dialect.commitTransaction,
    ]);
    return wanted;
  });
}
