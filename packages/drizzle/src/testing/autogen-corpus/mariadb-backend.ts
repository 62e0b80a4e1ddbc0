// The MariaDB side of the autogenerate corpus driver: a live and a scratch database of their
// own, the server's renderer and the introspector. Test-only.
import { createMysqlRenderer, introspectMysql } from "@athanor/mysql";
import { mysqlTestDatabase } from "../test-databases.js";
import type { CorpusBackend } from "./run-corpus-case.js";

/** A backend plus what the test must close. */
export interface OwnedCorpusBackend extends CorpusBackend {
  /** Drops both databases. */
  dispose(): Promise<void>;
}

/**
 * Two fresh databases on the MariaDB test server (`prefix` keeps names unique per test file).
 *
 * @example
 * ```ts
 * const backend = await mariadbCorpusBackend("corpus");
 * await runCorpusCase(backend, MYSQL_CASES[0]);
 * await backend.dispose();
 * ```
 */
export async function mariadbCorpusBackend(prefix: string): Promise<OwnedCorpusBackend> {
  const [live, scratch] = await Promise.all([
    mysqlTestDatabase(prefix),
    mysqlTestDatabase(`${prefix}_scratch`),
  ]);
  const render = createMysqlRenderer({ server: live.connection.server });
  return {
    dialect: "mariadb",
    database: live.name,
    live: live.connection,
    scratch: scratch.connection,
    render: (op) => render(op),
    introspect: (conn, schemas) =>
      introspectMysql(conn, schemas[0] === undefined ? {} : { database: schemas[0] }),
    async reset() {
      const { rows } = await live.connection.query<{ name: string }>(
        "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()",
      );
      await live.connection.executeScript([
        "SET FOREIGN_KEY_CHECKS = 0",
        ...rows.map((r) => `DROP TABLE IF EXISTS \`${r.name}\``),
        "SET FOREIGN_KEY_CHECKS = 1",
      ]);
    },
    async dispose() {
      await Promise.all([live.dispose(), scratch.dispose()]);
    },
  };
}
