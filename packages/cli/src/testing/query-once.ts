import type { Connection } from "@athanor/core";

/**
 * Rows of `sql` over a connection of its own, closed afterwards: a test reading the database
 * outside athanor.
 *
 * @example
 * ```ts
 * await queryOnce(sqliteDialect({ file }), "SELECT name FROM sqlite_schema");
 * ```
 */
export async function queryOnce<Row = Record<string, unknown>>(
  dialect: { connect(): Promise<Connection> },
  sql: string,
): Promise<Row[]> {
  const conn = await dialect.connect();
  try {
    return [...(await conn.query<Row>(sql)).rows];
  } finally {
    await conn.close();
  }
}
