import { randomBytes } from "node:crypto";
import { type MysqlConnection, openMysqlConnection } from "../mysql-driver.js";

/** The test server; override with ATHANOR_TEST_MYSQL_URL. */
export const TEST_MYSQL_URL = process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";

/**
 * A throw-away database on the test server (named `athanor_t_<random>`, so test files run in
 * parallel). Not exported from the package entry. Fails, never skips, when the server is down.
 *
 * @example
 * ```ts
 * const db = await scratchMysqlDatabase();
 * await db.connection.executeScript(["CREATE TABLE t (id int)"]);
 * await db.dispose();
 * ```
 */
export interface ScratchMysqlDatabase {
  readonly name: string;
  /** URL of the scratch database, for dialects and child processes. */
  readonly url: string;
  readonly connection: MysqlConnection;
  /** Closes the connection and drops the database. */
  dispose(): Promise<void>;
}

/** A fresh database name `athanor_t_<random>`. */
export function scratchDatabaseName(): string {
  return `athanor_t_${randomBytes(6).toString("hex")}`;
}

export async function scratchMysqlDatabase(
  name: string = scratchDatabaseName(),
): Promise<ScratchMysqlDatabase> {
  const admin = await openMysqlConnection({ url: TEST_MYSQL_URL, connectTimeoutMs: 5_000 });
  await admin.executeScript([
    `DROP DATABASE IF EXISTS \`${name}\``,
    `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
  ]);
  const url = new URL(TEST_MYSQL_URL);
  url.pathname = `/${name}`;
  const connection = await openMysqlConnection({ url: url.toString() });
  return {
    name,
    url: url.toString(),
    connection,
    async dispose() {
      await connection.close().catch(() => undefined);
      await admin.executeScript([`DROP DATABASE IF EXISTS \`${name}\``]);
      await admin.close();
    },
  };
}
