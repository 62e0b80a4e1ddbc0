import { AthanorError } from "@athanor/core/errors";

// drizzle runs parts of the user's model lazily, when athanor reads it: a table's extra-config
// callback (indexes, checks, foreign keys, policies) inside getTableConfig, and a column's
// `references(() => …)` when the foreign key is read. An exception there is a defect of the
// models, not of athanor: it gets the models' code, naming the table, instead of ATHANOR_INTERNAL.

const DRIZZLE_NAME = Symbol.for("drizzle:Name");

/** The SQL name drizzle gave a table object, or "?" for a value that is not one. */
export function drizzleTableName(table: object): string {
  const name = (table as Record<symbol, unknown>)[DRIZZLE_NAME];
  return typeof name === "string" ? name : "?";
}

/**
 * Runs a piece of the user's model code that drizzle evaluates lazily; what it throws becomes
 * ATHANOR_SCHEMA_INVALID naming the table and the part.
 *
 * @example
 * ```ts
 * runModelCallback("users", "its indexes, checks and foreign keys (the third argument of pgTable)", () =>
 *   getTableConfig(users),
 * );
 * ```
 */
export function runModelCallback<T>(table: string, part: string, run: () => T): T {
  try {
    return run();
  } catch (cause) {
    if (cause instanceof AthanorError) throw cause;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new AthanorError(
      "ATHANOR_SCHEMA_INVALID",
      `Reading table ${JSON.stringify(table)} of the Drizzle models failed in ${part}: ${reason}. Fix the models (a column that does not exist on the table, or a table used before it is defined, are the usual causes).`,
      { table },
      { cause },
    );
  }
}
