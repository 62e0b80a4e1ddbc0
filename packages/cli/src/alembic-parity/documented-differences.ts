import type { Mismatch } from "./compare-answers.js";
import type { Answer } from "./parity-fixtures.js";

/** One question and both answers, as the parity test sees it. */
export interface Comparison {
  /** `show`, `history`, `upgrade-sql`, `downgrade`, or `scenario-upgrade|downgrade|stamp`. */
  readonly command: string;
  /** The target (or range, or stamp targets joined by a space) as typed. */
  readonly question: string;
  readonly alembic: Answer;
  readonly athanor: Answer;
  readonly mismatch: Mismatch;
}

/**
 * A deliberate difference from Alembic 1.8, documented as a row of docs/coming-from-alembic.md
 * (`row` is the first cell of that row). `covers` says whether a mismatch belongs to it; `holds`
 * checks that athanor gave its documented answer, so a deliberate difference cannot drift.
 */
export interface DocumentedDifference {
  readonly row: string;
  readonly covers: (c: Comparison) => boolean;
  readonly holds: (c: Comparison) => boolean;
}

const LABEL_BASE = /@base(?:[+-]\d+)?(?::|$)/;
const succeeded = (a: Answer) => a.error === undefined;
const failedWith =
  (...codes: string[]) =>
  (c: Comparison) =>
    c.athanor.error !== undefined && codes.includes(c.athanor.error);
/** An Alembic failure that is a crash of its own (a bare KeyError or assert), not a refusal. */
const alembicCrashed = (a: Answer) =>
  a.error !== undefined &&
  (/^'[0-9a-f]+'$/.test(a.error) || /^AssertionError|downrevision is ambiguous/.test(a.error));

/**
 * Every deliberate difference, in the order of the table in docs/coming-from-alembic.md
 * ("Where targets differ"). A mismatch no row covers fails the parity test.
 */
export const DOCUMENTED_DIFFERENCES: readonly DocumentedDifference[] = [
  {
    row: "`head@label`, `heads@label`, `base@label` (a symbol before `@`)",
    // Alembic's downgrade drops the branch part it cannot find and reverts to the label's
    // revision; its show and upgrade refuse. athanor refuses everywhere.
    covers: (c) => /^(?:heads?|base)@/.test(c.question) && c.mismatch === "athanor-fails",
    holds: failedWith("ATHANOR_UNKNOWN_REVISION"),
  },
  {
    row: "`+0`, `-0`, `base+0`",
    // Alembic refuses a walk of no steps (`Relative revision 0 didn't produce 0 migrations`,
    // `Walked too far`); athanor's stays where it starts.
    covers: (c) => /(?:^|@)(?:[^@:]*)[+-]0$/.test(c.question) && c.mismatch === "alembic-fails",
    holds: (c) => succeeded(c.athanor),
  },
  {
    row: "`base-1`",
    // Below base there is nothing: Alembic's upgrade then runs every revision to the head (one
    // head) and its downgrade does nothing; athanor refuses.
    covers: (c) => c.question === "base-1" && c.mismatch === "athanor-fails",
    holds: failedWith("ATHANOR_RELATIVE_OUT_OF_RANGE"),
  },
  {
    row: "Alembic crashes (`KeyError`, `AssertionError`)",
    covers: (c) => c.mismatch === "alembic-fails" && alembicCrashed(c.alembic),
    holds: (c) => succeeded(c.athanor),
  },
  {
    row: "`show`/`history -r` with `rev±N`, `head-N`, `base+N`, `label@head-N`",
    // Alembic's show only takes plain identifiers (and `-N` from the heads); athanor walks.
    covers: (c) =>
      (c.command === "show" || c.command === "history") &&
      c.mismatch === "alembic-fails" &&
      /[+-]\d+/.test(c.question) &&
      !LABEL_BASE.test(c.question),
    holds: (c) => succeeded(c.athanor),
  },
  {
    row: "`+N`, `-N`, `label@-N` in `show` and `history -r`",
    // athanor walks from the database's revision; Alembic's show/history walk from every head.
    // The replay puts the database at the heads, so they differ only where there are several.
    covers: (c) =>
      (c.command === "show" || c.command === "history") &&
      /(?:^|@|:)[+-]\d+(?::|$)/.test(c.question) &&
      (c.mismatch === "athanor-fails" || c.mismatch === "revisions"),
    holds: (c) =>
      succeeded(c.athanor) || failedWith("ATHANOR_AMBIGUOUS_WALK", "ATHANOR_RELATIVE_OUT_OF_RANGE")(c),
  },
  {
    row: "`downgrade -1` from several heads",
    covers: (c) =>
      /downgrade$/.test(c.command) && /^-\d+$/.test(c.question) && c.mismatch === "athanor-fails",
    holds: failedWith("ATHANOR_AMBIGUOUS_WALK"),
  },
  {
    row: "`label@-N` when no database head is in the label's branch",
    // The walk starts where the branch's applied part ends; where that forks, Alembic walks from
    // one side (or reverts far more than N), athanor refuses and names the exact targets.
    covers: (c) =>
      /downgrade$/.test(c.command) &&
      /^[^@]+@-\d+$/.test(c.question) &&
      c.mismatch === "athanor-fails" &&
      c.athanor.error === "ATHANOR_AMBIGUOUS_WALK",
    holds: failedWith("ATHANOR_AMBIGUOUS_WALK"),
  },
  {
    row: "`label@rev` where rev is not on the label's branch",
    // Alembic checks membership in `show` but not in upgrade/downgrade targets, where it
    // quietly uses the revision; athanor refuses everywhere.
    covers: (c) => c.mismatch === "athanor-fails" && c.athanor.error === "ATHANOR_NOT_IN_BRANCH",
    holds: failedWith("ATHANOR_NOT_IN_BRANCH"),
  },
  {
    row: "`label@base`, `<rev>@base`",
    covers: (c) => LABEL_BASE.test(c.question),
    // athanor's answer is about the branch's first revision: it may be not applied yet
    // (ATHANOR_INVALID_TARGET for a downgrade) or a fork away (an ambiguous walk).
    holds: (c) =>
      succeeded(c.athanor) ||
      failedWith("ATHANOR_AMBIGUOUS_WALK", "ATHANOR_RELATIVE_OUT_OF_RANGE", "ATHANOR_INVALID_TARGET")(c),
  },
  {
    row: "`downgrade label@head(s)`, `downgrade <rev>@head(s)`",
    // Alembic drops the branch of an absolute downgrade target and resolves `head` over the whole
    // graph: with several heads it fails. athanor keeps the branch: that branch's head.
    covers: (c) =>
      /downgrade$/.test(c.command) &&
      c.mismatch === "alembic-fails" &&
      /@heads?$/.test(c.question) &&
      /Multiple head revisions/.test(c.alembic.error ?? ""),
    holds: (c) => succeeded(c.athanor),
  },
  {
    row: "`downgrade` to a revision other branches depend on",
    // athanor reverts what builds on the target through dependsOn too; Alembic only the
    // target's own line, or refuses.
    covers: (c) =>
      /downgrade$/.test(c.command) &&
      (c.mismatch === "revisions" ||
        (c.mismatch === "alembic-fails" && /not a valid downgrade target/.test(c.alembic.error ?? ""))),
    holds: (c) =>
      succeeded(c.athanor) &&
      (c.alembic.steps ?? []).every(([id]) => (c.athanor.steps ?? []).some(([other]) => other === id)),
  },
  {
    row: "`stamp A B` with related revisions",
    covers: (c) => c.command === "scenario-stamp",
    // athanor's rows are the heads of what the named revisions make applied.
    holds: (c) => succeeded(c.athanor),
  },
  {
    row: "version rows after a step that involves `depends_on`",
    // Same revisions in the same order; the rows differ where Alembic's merge/unmerge rules drop
    // or keep a dependency's row. athanor's rows are always the heads of what is applied.
    covers: (c) => c.mismatch === "rows",
    holds: (c) => succeeded(c.athanor),
  },
];

/**
 * The documented difference that covers a mismatch, if any.
 *
 * @example
 * ```ts
 * documentedDifference(comparison)?.row; // "`label@base`, `<rev>@base`"
 * ```
 */
export function documentedDifference(c: Comparison): DocumentedDifference | undefined {
  return DOCUMENTED_DIFFERENCES.find((d) => d.covers(c));
}
