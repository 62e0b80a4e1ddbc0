import type { Connection } from "@athanor/core";
import { databaseUrl, importPeer, redact, withConnection } from "./database-helpers.js";
import type { TestDatabase } from "./test-database-shape.js";

// utf8mb4 whatever the server default (MariaDB 10.11 still defaults to latin1), as applications use.
const CHARSET = "CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci";

/**
 * A new database `name` on the MySQL/MariaDB server of `adminUrl`. On MySQL a database is a
 * schema, so `reset()` simply drops and recreates it; `dispose()` drops it.
 *
 * @example
 * ```ts
 * const db = await mysqlTestDatabase("mysql://root@127.0.0.1:3306/test", "athanor_t_x", 10_000);
 * ```
 */
export async function mysqlTestDatabase(
  adminUrl: string,
  name: string,
  connectTimeoutMs: number,
): Promise<TestDatabase> {
  const my = await importPeer("@athanor/mysql", () => import("@athanor/mysql"), "A MySQL test database");
  const admin = my.mysqlDialect({ url: adminUrl, connectTimeoutMs });
  const quoted = my.quoteIdent(name);
  const recreate = [`DROP DATABASE IF EXISTS ${quoted}`, `CREATE DATABASE ${quoted} ${CHARSET}`];
  await withConnection(admin, (conn) => conn.executeScript(recreate));
  const url = databaseUrl(adminUrl, name);
  const dialect = my.mysqlDialect({ url, connectTimeoutMs });
  let disposed = false;
  return {
    kind: "mysql",
    dialectName: "mysql",
    name,
    url,
    dialect,
    connect: () => dialect.connect(),
    introspect(options = {}) {
      const read = (conn: Connection) =>
        my.introspectMysql(conn, {
          versionTable: options.versionTable,
          ...(options.schemas?.[0] === undefined ? {} : { database: options.schemas[0] }),
        });
      return options.connection === undefined ? withConnection(dialect, read) : read(options.connection);
    },
    reset: () => withConnection(admin, (conn) => conn.executeScript(recreate)),
    async dispose() {
      if (disposed) return;
      disposed = true;
      await withConnection(admin, (conn) => conn.executeScript([`DROP DATABASE IF EXISTS ${quoted}`]));
    },
    toString: () => `MySQL database ${name} on ${redact(adminUrl)}`,
  } as TestDatabase;
}
