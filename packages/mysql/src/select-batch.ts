import type { MysqlClientLike } from "./client-types.js";
import { watchSessionLoss } from "./session-loss.js";

/**
 * The rows of several SELECTs sent as one multi-statement query, one list per statement in
 * order; `undefined` for a client opened without `multipleStatements` (or for one statement).
 * The server runs them back to back without waiting for the client between two, which may be
 * busy meanwhile (a CLI compiling the models). A session lost meanwhile rejects: mysql2 tells
 * the connection then, not the running query.
 *
 * @example
 * ```ts
 * const [tables, columns] = (await selectBatch(client, ["SELECT 1 AS a", "SELECT 2 AS b"])) ?? [];
 * ```
 */
export async function selectBatch(
  client: MysqlClientLike,
  statements: readonly string[],
): Promise<unknown[][] | undefined> {
  const core = client.connection;
  if (core === undefined || core.config?.multipleStatements !== true || statements.length < 2)
    return undefined;
  let stop: (() => void) | undefined;
  try {
    return await new Promise<unknown[][]>((resolve, reject) => {
      const sets: unknown[][] = statements.map(() => []);
      let failed = false;
      const fail = (error: Error) => {
        if (failed) return;
        failed = true;
        reject(error);
      };
      stop = watchSessionLoss(core, fail);
      core
        .query(statements.join(";\n"))
        .on("result", (row, index) => {
          sets[index ?? 0]?.push(row);
        })
        .on("error", fail)
        .on("end", () => {
          if (!failed) resolve(sets);
        });
    });
  } finally {
    stop?.();
  }
}
