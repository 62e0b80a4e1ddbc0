import type { Dialect } from "../dialect/dialect.js";
import { AthanorError, isAthanorError } from "../errors.js";
import { checkTargetName } from "./fleet-target.js";

/**
 * Runs a fleet's listing query (`SELECT schema_name FROM tenants WHERE active`) and returns the
 * first column of every row, in the order the query gives, each checked with `checkTargetName`.
 * The query is the config's own text; the names it returns are data and are only ever quoted.
 *
 * @example
 * ```ts
 * const schemas = await listFleetTargets(server, "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'tenant\\_%' ORDER BY 1");
 * ```
 */
export async function listFleetTargets(dialect: Dialect, query: string): Promise<string[]> {
  const conn = await dialect.connect();
  try {
    const { rows } = await conn.query<Record<string, unknown>>(query).catch((error: unknown) => {
      if (isAthanorError(error)) throw error;
      throw new AthanorError(
        "ATHANOR_FLEET_TARGET_INVALID",
        `The fleet's listing query failed: ${(error as Error)?.message ?? String(error)}.`,
        { target: JSON.stringify(query), problem: "query" },
        { cause: error },
      );
    });
    return rows.map((row) => checkTargetName(String(Object.values(row)[0] ?? ""), "listed tenant"));
  } finally {
    await conn.close();
  }
}
