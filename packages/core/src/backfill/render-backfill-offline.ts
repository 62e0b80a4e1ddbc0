import type { Dialect } from "../dialect/dialect.js";
import { AthanorError } from "../errors.js";
import { sqlComment } from "../text/inert-text.js";
import { nextStep } from "../text/next-step.js";
import { type NormalizedBackfill, tableLabel } from "./backfill-spec.js";

/**
 * How `op.backfill` appears in an offline (`--sql`) script. Batching needs the live table (its
 * primary key, a cursor, a transaction per batch), so the script carries a comment saying what
 * an online run would do, then ONE plain UPDATE with the same `set` and `where`: correct, and
 * re-runnable thanks to `where`, but a single transaction holding its row locks to the end. A
 * `compute` backfill runs JavaScript and cannot be rendered: ATHANOR_UNSUPPORTED.
 *
 * @example
 * ```ts
 * renderBackfillOffline(dialect, normalizeBackfill({ table: "users", set: { a: "lower(b)" }, where: "a IS NULL" }), "b2");
 * // ["-- athanor backfill of users: online runs ...\nUPDATE \"users\" SET \"a\" = lower(b) WHERE a IS NULL"]
 * ```
 */
export function renderBackfillOffline(
  dialect: Dialect,
  spec: NormalizedBackfill,
  revision: string,
): string[] {
  const label = tableLabel(spec.table);
  if (spec.mode === "compute") {
    throw new AthanorError(
      "ATHANOR_UNSUPPORTED",
      `Revision ${revision} backfills ${label} with a compute callback (JavaScript), which cannot be rendered as SQL offline. Run it online, or render the range around it.`,
      { revision, table: label },
    );
  }
  const table =
    spec.table.schema === undefined
      ? dialect.quoteIdent(spec.table.name)
      : `${dialect.quoteIdent(spec.table.schema)}.${dialect.quoteIdent(spec.table.name)}`;
  const assignments = Object.entries(spec.set)
    .map(([column, expression]) => `${dialect.quoteIdent(column)} = ${expression}`)
    .join(", ");
  const comment = [
    sqlComment(
      `athanor backfill of ${label}: online runs update it in keyset batches of ${spec.batchSize} rows by primary key,`,
    ),
    `-- each batch its own transaction${spec.sleepMs > 0 ? ` with ${spec.sleepMs} ms pauses` : ""}, resumable from a saved cursor.`,
    "-- Offline it is the single UPDATE below: one transaction that locks every row it changes until COMMIT.",
    `-- On a large table run this revision online (${nextStep({ kind: "run", direction: "upgrade" })}) instead.`,
  ].join("\n");
  // one statement (comment included), so drivers that reject comment-only statements still run it
  return [
    `${comment}\nUPDATE ${table} SET ${assignments}${spec.where === undefined ? "" : ` WHERE ${spec.where}`}`,
  ];
}
