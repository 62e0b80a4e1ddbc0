import type { Connection } from "./connection.js";
import type { Dialect } from "./dialect.js";

/**
 * Runs `work` on a new session of `dialect` and always closes it.
 *
 * @example
 * ```ts
 * await withConnection(dialect, (conn) => conn.executeScript(["CREATE DATABASE x"]));
 * ```
 */
export async function withConnection<T>(
  dialect: Pick<Dialect, "connect">,
  work: (conn: Connection) => Promise<T>,
): Promise<T> {
  const conn = await dialect.connect();
  try {
    return await work(conn);
  } finally {
    await conn.close();
  }
}
