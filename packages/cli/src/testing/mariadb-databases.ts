import type { Connection } from "@athanor/core";
import { mysqlDialect } from "@athanor/mysql";

/** Scratch databases on the test MariaDB server, a root session to it, and each one's URL. */
export interface MariadbDatabases {
  readonly root: Connection;
  urlOf(database: string): string;
  dispose(): Promise<void>;
}

/**
 * Creates (dropping first) `names` on the test server (ATHANOR_TEST_MYSQL_URL, else root on
 * 127.0.0.1:3306); `dispose` drops them and closes the session.
 *
 * @example
 * ```ts
 * const dbs = await mariadbDatabases(["fleetx_a", "fleetx_b"]);
 * dbs.urlOf("fleetx_a"); // "mysql://root@127.0.0.1:3306/fleetx_a"
 * ```
 */
export async function mariadbDatabases(names: readonly string[]): Promise<MariadbDatabases> {
  const server = new URL(process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test");
  const root = await mysqlDialect({ url: server.toString() }).connect();
  await root.executeScript(
    names.flatMap((d) => [`DROP DATABASE IF EXISTS \`${d}\``, `CREATE DATABASE \`${d}\``]),
  );
  return {
    root,
    urlOf(database) {
      const url = new URL(server);
      url.pathname = `/${database}`;
      return url.toString();
    },
    async dispose() {
      await root.executeScript(names.map((d) => `DROP DATABASE IF EXISTS \`${d}\``));
      await root.close();
    },
  };
}
