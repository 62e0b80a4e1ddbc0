// The MariaDB side of the autogenerate corpus driver: a live and a scratch database of their
// own, the server's renderer and the introspector. Test-only.

import type { Connection } from "@athanor/core";
import { createMysqlRenderer, introspectMysql, mysqlDifferHooks, mysqlScratchArea } from "@athanor/mysql";
import { mysqlTestDatabase } from "../test-databases.js";
import type { CorpusBackend } from "./run-corpus-case.js";
import type { ScenarioBackend } from "./run-scenario.js";

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
    hooks: mysqlDifferHooks,
    area: mysqlScratchArea,
    database: live.name,
    live: live.connection,
    scratch: scratch.connection,
    render: (op) => render(op),
    introspect: (conn, schemas) =>
      introspectMysql(conn, schemas[0] === undefined ? {} : { database: schemas[0] }),
    reset: () => emptyMysqlDatabase(live.connection),
    async dispose() {
      await Promise.all([live.dispose(), scratch.dispose()]);
    },
  };
}

/** Drops every table of the session's database. */
export async function emptyMysqlDatabase(conn: Connection): Promise<void> {
  const { rows } = await conn.query<{ name: string; type: string }>(
    "SELECT TABLE_NAME AS name, TABLE_TYPE AS type FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()",
  );
  await conn.executeScript([
    "SET FOREIGN_KEY_CHECKS = 0",
    // Views too (TABLE_TYPE 'VIEW'), which DROP TABLE refuses.
    ...rows.map(
      (r) => `DROP ${r.type === "VIEW" ? "VIEW" : "TABLE"} IF EXISTS \`${r.name.replaceAll("`", "``")}\``,
    ),
    "SET FOREIGN_KEY_CHECKS = 1",
  ]);
}

/**
 * {@link mariadbCorpusBackend} plus a third database for drizzle-kit's SQL.
 *
 * @example
 * ```ts
 * const backend = await mariadbScenarioBackend("scenarios");
 * ```
 */
export async function mariadbScenarioBackend(
  prefix: string,
): Promise<ScenarioBackend & { dispose(): Promise<void> }> {
  const [corpus, kit] = await Promise.all([mariadbCorpusBackend(prefix), mysqlTestDatabase(`${prefix}_kit`)]);
  return {
    ...corpus,
    kit: kit.connection,
    resetKit: () => emptyMysqlDatabase(kit.connection),
    async dispose() {
      await Promise.all([corpus.dispose(), kit.dispose()]);
    },
  };
}
