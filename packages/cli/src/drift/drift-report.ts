import { AthanorError, formatSchemaDifferences, type SchemaDifference } from "@athanor/core";
import type { MigrationComparison } from "./compare-with-migrations.js";

const at = (heads: readonly string[]) => (heads.length === 0 ? "base" : heads.join(", "));

/** One difference as JSON: where, what happened, and both sides. */
export interface DriftEntry {
  readonly change: SchemaDifference["change"];
  /** `table "public"."users" › column "email" › nullable` */
  readonly object: string;
  readonly migrations: unknown;
  readonly live: unknown;
}

/**
 * The differences in a JSON-friendly shape, named from the migrations' side to the live side.
 *
 * @example
 * ```ts
 * driftEntries(comparison.differences)[0]; // { change: "added", object: 'table "public"."audit"', migrations: null, live: {...} }
 * ```
 */
export function driftEntries(differences: readonly SchemaDifference[]): DriftEntry[] {
  return differences.map((d) => ({
    change: d.change,
    object: d.path.join(" › "),
    migrations: d.before,
    live: d.after,
  }));
}

/**
 * Lines for a human: a header saying which revisions were replayed where, then one line per
 * difference (`+` only in the live database, `-` missing from it, `~` changed).
 *
 * @example
 * ```ts
 * printLines(ctx, driftLines(comparison, "PostgreSQL at db:5432/app"));
 * ```
 */
export function driftLines(comparison: MigrationComparison, database: string): string[] {
  const n = comparison.differences.length;
  if (n === 0)
    return [
      `No drift: ${database} matches the schema its revisions build (replayed up to ${at(comparison.heads)} in ${comparison.scratch}).`,
    ];
  return [
    `${n} difference${n === 1 ? "" : "s"} between ${database} and the schema its revisions build (replayed up to ${at(comparison.heads)} in ${comparison.scratch}):`,
    "  (+ only in the live database, - missing from it, ~ changed: migrations → live)",
    ...formatSchemaDifferences(comparison.differences)
      .split("\n")
      .map((line) => `  ${line}`),
  ];
}

/**
 * The error of `check --against migrations` when the live database drifted.
 *
 * @example
 * ```ts
 * if (comparison.differences.length > 0) throw migrationDrift(comparison);
 * ```
 */
export function migrationDrift(comparison: MigrationComparison): AthanorError {
  const n = comparison.differences.length;
  return new AthanorError(
    "ATHANOR_MIGRATION_DRIFT",
    `The database differs from the schema its revisions build up to ${at(comparison.heads)} (${n} difference${n === 1 ? "" : "s"}): it was changed outside the migrations. Put the change into a revision (athanor revision --autogenerate), or undo it by hand.`,
    { heads: [...comparison.heads], differences: driftEntries(comparison.differences) },
  );
}

/**
 * The error of `stamp --verify REV` when the database does not have REV's schema.
 *
 * @example
 * ```ts
 * if (comparison.differences.length > 0) throw stampMismatch(comparison, ["ae10"]);
 * ```
 */
export function stampMismatch(comparison: MigrationComparison, requested: readonly string[]): AthanorError {
  const n = comparison.differences.length;
  return new AthanorError(
    "ATHANOR_STAMP_MISMATCH",
    `Not stamped: the database does not have the schema the revisions build up to ${at(comparison.heads)} (${n} difference${n === 1 ? "" : "s"}), so recording it there would make the next upgrade run on a wrong assumption. Stamp the revision whose schema the database has, or migrate it first.`,
    {
      requested: [...requested],
      heads: [...comparison.heads],
      differences: driftEntries(comparison.differences),
      hint: "athanor check --against migrations shows what differs from the recorded revisions",
    },
  );
}
