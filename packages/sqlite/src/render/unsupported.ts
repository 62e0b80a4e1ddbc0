import { AthanorError } from "@athanor/core";
import type { ReplayGap } from "./render-context.js";

/**
 * ATHANOR_UNSUPPORTED for an operation SQLite cannot run faithfully: never a statement that does
 * something else than the operation says.
 *
 * @example
 * ```ts
 * throw unsupported("createEnum", "named enum types", "use a text column with a CHECK (col IN (...))");
 * ```
 */
export function unsupported(kind: string, what: string, instead: string): AthanorError {
  return new AthanorError(
    "ATHANOR_UNSUPPORTED",
    `SQLite has no ${what}, so the ${kind} operation cannot be rendered faithfully. ${instead}.`,
    { kind, what, dialect: "sqlite" },
  );
}

const WHY = {
  noContext:
    "the table's current definition is not known here: offline (--sql) nothing is read from the database. Run it online (athanor upgrade reads the table first)",
  noTable: "the table does not exist in the database",
} as const;

/**
 * ATHANOR_UNSUPPORTED for an operation SQLite runs by rebuilding the table when the table's
 * current definition is not available (docs/sqlite.md, "Rebuilds").
 */
export function needsRebuild(kind: string, table: string, why: keyof typeof WHY): AthanorError {
  return new AthanorError(
    "ATHANOR_UNSUPPORTED",
    `SQLite's ALTER TABLE cannot ${kind} on ${JSON.stringify(table)}: it needs a table rebuild (create, copy, drop, rename), and ${WHY[why]}. Nothing was run.`,
    { kind, table, dialect: "sqlite", needs: "rebuild", why },
  );
}

/**
 * ATHANOR_UNSUPPORTED for a rebuild offline when the replayed definition of the table cannot be
 * trusted: `revision` holds SQL naming it that the replay could not run (render/offline-replay.ts).
 */
export function replayGapRebuild(kind: string, table: string, gap: ReplayGap): AthanorError {
  return new AthanorError(
    "ATHANOR_UNSUPPORTED",
    `SQLite's ALTER TABLE cannot ${kind} on ${JSON.stringify(table)}: it needs a table rebuild (create, copy, drop, rename) from the table's current definition, which offline (--sql) is known only by replaying the revisions, and revision ${gap.revision} cannot be replayed: ${gap.reason}. Nothing was rendered. Run it online (athanor upgrade reads the table first), or render a range that starts after the table's last change.`,
    { kind, table, dialect: "sqlite", needs: "rebuild", why: "notReplayed", unknownSince: gap.revision },
  );
}

/**
 * ATHANOR_UNSUPPORTED for a rebuild of a table whose stored definition says what no table model
 * holds (`ON CONFLICT`, a column's `PRIMARY KEY DESC`): the new table would silently lose it.
 */
export function cannotRebuildFaithfully(table: string, unkept: readonly string[]): AthanorError {
  return new AthanorError(
    "ATHANOR_UNSUPPORTED",
    `A rebuild of ${JSON.stringify(table)} would drop what its stored definition says and athanor cannot write back: ${unkept.join("; ")}. Nothing was run. Rebuild the table by hand with op.execute (create the new table with the clause, copy, drop, rename), or remove the clause first.`,
    { table, dialect: "sqlite", needs: "rebuild", why: "unkeptClauses", unkept: [...unkept] },
  );
}

/**
 * Deferrable constraints are refused for now: SQLite has no deferrable UNIQUE, and deferrable
 * foreign keys are not yet read back and compared (docs/sqlite.md, "Not yet").
 */
export function noDeferrable(kind: string): AthanorError {
  return unsupported(kind, "deferrable constraints athanor manages yet", "Leave `deferrable` out");
}
