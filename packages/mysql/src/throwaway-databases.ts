import type { ThrowawayDatabase, ThrowawayDatabases } from "@athanor/core";
import { urlWithDatabase, withConnection } from "@athanor/core/dialect";
import { mysqlDialect } from "./mysql-dialect.js";
import { quoteIdent } from "./quote.js";

// utf8mb4 whatever the server default (MariaDB 10.11 still defaults to latin1), as applications use.
const CHARSET = "CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci";

/**
 * Test databases on MySQL/MariaDB (`@athanor/testing`): a database is a schema, so `reset()`
 * drops and recreates it and `dispose()` drops it.
 *
 * @example
 * ```ts
 * const db = await mysqlThrowawayDatabases.onServer("mysql://root@127.0.0.1:3306/test", "athanor_t_x", { connectTimeoutMs: 10_000, applicationName: "athanor-testing" });
 * ```
 */
export const mysqlThrowawayDatabases: ThrowawayDatabases = {
  async onServer(adminUrl, name, { connectTimeoutMs }): Promise<ThrowawayDatabase> {
    const admin = mysqlDialect({ url: adminUrl, connectTimeoutMs });
    const quoted = quoteIdent(name);
    const recreate = [`DROP DATABASE IF EXISTS ${quoted}`, `CREATE DATABASE ${quoted} ${CHARSET}`];
    await withConnection(admin, (conn) => conn.executeScript(recreate));
    const url = urlWithDatabase(adminUrl, name);
    let disposed = false;
    return {
      flavour: "mysql",
      name,
      url,
      dialect: mysqlDialect({ url, connectTimeoutMs }),
      reset: () => withConnection(admin, (conn) => conn.executeScript(recreate)),
      async dispose() {
        if (disposed) return;
        disposed = true;
        await withConnection(admin, (conn) => conn.executeScript([`DROP DATABASE IF EXISTS ${quoted}`]));
      },
    };
  },
};
