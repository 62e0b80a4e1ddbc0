import type { InvalidIndex, LockReading } from "@athanor/core";
import { inertText } from "@athanor/core/text";
import { PHASE_GROUPS, type PhaseGroup } from "./pending-work.js";

/** Something that must be fixed before an upgrade can (or should) run; each makes exit code 1. */
export type StatusProblem =
  | { readonly kind: "checksum-mismatch"; readonly revisions: readonly string[] }
  | { readonly kind: "lint-errors"; readonly count: number }
  | { readonly kind: "unknown-heads"; readonly revisions: readonly string[] }
  | {
      /** Left by an interrupted CREATE INDEX CONCURRENTLY: writes maintain it, no query uses it. */
      readonly kind: "invalid-indexes";
      readonly indexes: readonly InvalidIndex[];
    }
  | {
      readonly kind: "partial-run";
      readonly revisions: readonly string[];
      /** The command that finishes it (null when the file changed since, or is gone). */
      readonly resume: string | null;
      /** True when the revision's file is gone from the versions folder. */
      readonly fileMissing: boolean;
      /** True when athanor renders the done statements differently now (the file is unchanged). */
      readonly renderingChanged?: boolean | undefined;
      /** Then, the athanor version that started the run, when its history row recorded one. */
      readonly recordedVersion?: string | null | undefined;
    };

/**
 * The one-line answer at the top of `athanor status`, and the command it suggests:
 * - `blocked`: `upgrade` would refuse (changed applied revision, unknown version-table rows,
 *   an unresolved partial run);
 * - `fix-lint`: pending revisions carry lint errors;
 * - `busy`: another run holds the migration lock;
 * - `up-to-date`, `ready-expand` (contract steps wait), `ready` (nothing waits),
 *   `ready-contract` (only contract-stage work is left).
 *
 * @example
 * ```ts
 * const v: Verdict = { kind: "ready", command: "athanor upgrade", line: "ready to run `athanor upgrade`: 1 ordinary pending" };
 * ```
 */
export interface Verdict {
  readonly kind:
    | "blocked"
    | "repair"
    | "fix-lint"
    | "busy"
    | "up-to-date"
    | "ready-expand"
    | "ready"
    | "ready-contract";
  /** The command to run next, when there is one. */
  readonly command: string | null;
  readonly line: string;
}

/** What the verdict looks at. */
export interface VerdictInput {
  readonly problems: readonly StatusProblem[];
  readonly pending: {
    readonly total: number;
    readonly runnable: Readonly<Record<PhaseGroup, number>>;
    readonly waiting: Readonly<Record<PhaseGroup, number>>;
  };
  readonly lock: LockReading;
  /** Heads of the graph: with several, `upgrade` needs the target `heads`. */
  readonly headCount: number;
}

/**
 * Picks the verdict: problems first (they decide the exit code), then a run in progress, then
 * what the next deploy step is.
 *
 * @example
 * ```ts
 * statusVerdict(input).line; // "ready to run `athanor upgrade --phase expand`: 2 expand, 1 migrate pending; 1 contract waits"
 * ```
 */
export function statusVerdict(input: VerdictInput): Verdict {
  const { problems, pending, lock } = input;
  const target = input.headCount > 1 ? " heads" : "";
  const expandCommand = `athanor upgrade${target} --phase expand`;
  const fullCommand = `athanor upgrade${target}`;
  const runnable = total(pending.runnable);
  const waiting = total(pending.waiting);
  const next = runnable > 0 && waiting > 0 ? expandCommand : fullCommand;

  // an invalid index blocks only the revision that creates it, so it is said apart from refusals
  const refusals = problems
    .filter((p) => p.kind !== "lint-errors" && p.kind !== "invalid-indexes")
    .map(describeProblem);
  const lint = problems.find((p) => p.kind === "lint-errors");
  const invalid = problems.find((p) => p.kind === "invalid-indexes");
  if (refusals.length > 0) {
    const also = [lint, invalid]
      .flatMap((p) => (p === undefined ? [] : [`; also ${describeProblem(p)}`]))
      .join("");
    const partial = problems.find((p) => p.kind === "partial-run");
    const onlyPartial = refusals.length === 1 && partial !== undefined;
    return {
      kind: "blocked",
      command: onlyPartial ? partial.resume : null,
      line: `blocked: \`athanor upgrade\` would refuse — ${refusals.join("; ")}${also}`,
    };
  }
  if (invalid !== undefined) {
    return {
      kind: "repair",
      command: null,
      line: `repair first: ${describeProblem(invalid)}${lint === undefined ? "" : `; also ${describeProblem(lint)}`}`,
    };
  }
  if (lint !== undefined && pending.total > 0) {
    return {
      kind: "fix-lint",
      command: null,
      line: `not ready: ${describeProblem(lint)} — fix or silence ${lint.count === 1 ? "it" : "them"} with a reason, then run \`${next}\``,
    };
  }
  if (lock.state === "held") {
    return {
      kind: "busy",
      command: null,
      line: `busy: another run holds the migration lock (pid ${lock.holder.pid}); let it finish and run \`athanor status\` again`,
    };
  }
  if (pending.total === 0) {
    return {
      kind: "up-to-date",
      command: null,
      line:
        input.headCount === 0
          ? "up to date: there are no revisions yet (`athanor revision -m MESSAGE` writes the first)"
          : `up to date: the database is at ${input.headCount === 1 ? "the head" : `all ${input.headCount} heads`}`,
    };
  }
  if (runnable === 0) {
    return {
      kind: "ready-contract",
      command: fullCommand,
      line: `contract stage: run \`${fullCommand}\` once no running code uses what it removes: ${counts(pending.waiting)} pending`,
    };
  }
  const waits = waiting === 0 ? "" : `; ${counts(pending.waiting)} ${waiting === 1 ? "waits" : "wait"}`;
  return {
    kind: waiting > 0 ? "ready-expand" : "ready",
    command: next,
    line: `ready to run \`${next}\`: ${counts(pending.runnable)} pending${waits}`,
  };
}

/**
 * A problem as a clause of the verdict line.
 *
 * @example
 * ```ts
 * describeProblem({ kind: "lint-errors", count: 2 }); // "2 lint errors in pending revisions"
 * ```
 */
export function describeProblem(problem: StatusProblem): string {
  // ids the database holds: one inert line whatever they contain
  const ids = (revisions: readonly string[]) => inertText(revisions.join(", "));
  switch (problem.kind) {
    case "checksum-mismatch":
      return `applied revision${problem.revisions.length === 1 ? "" : "s"} ${ids(problem.revisions)} changed since applied`;
    case "lint-errors":
      return `${problem.count} lint error${problem.count === 1 ? "" : "s"} in pending revisions`;
    case "unknown-heads":
      return `the version table names ${ids(problem.revisions)}, which no revision file declares`;
    case "invalid-indexes": {
      const first = problem.indexes[0];
      const more = problem.indexes.length - 1;
      const name = (i: InvalidIndex) => inertText(`${i.schema}.${i.index}`);
      return `an interrupted CREATE INDEX CONCURRENTLY left invalid index ${problem.indexes.map(name).join(", ")} (writes maintain it, no query uses it, a revision that creates it refuses): \`${inertText(first?.fix ?? "")}\`${more > 0 ? ` and ${more} more (see below)` : ""}`;
    }
    case "partial-run":
      return `a run of ${ids(problem.revisions)} stopped part-way${problem.resume === null ? ` (${unresumable(problem)})` : ` (\`${problem.resume}\` finishes it)`}`;
  }
}

/** Why this athanor cannot resume a partial run, and where to read the way on. */
function unresumable(problem: Extract<StatusProblem, { kind: "partial-run" }>): string {
  if (problem.fileMissing) return "its file is gone: see `athanor current`";
  if (problem.renderingChanged !== true) return "its file changed since: see `athanor current`";
  const started = problem.recordedVersion;
  return started === null || started === undefined
    ? "athanor renders its done statements differently now: see `athanor current`"
    : `athanor renders its done statements differently now: resume it with athanor ${inertText(started)}, which started it, or see \`athanor current\``;
}

function total(groups: Readonly<Record<PhaseGroup, number>>): number {
  return PHASE_GROUPS.reduce((sum, g) => sum + groups[g], 0);
}

function counts(groups: Readonly<Record<PhaseGroup, number>>): string {
  return PHASE_GROUPS.filter((g) => groups[g] > 0)
    .map((g) => `${groups[g]} ${g}`)
    .join(", ");
}
