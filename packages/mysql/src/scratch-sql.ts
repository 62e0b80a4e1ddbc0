import type { Connection, ScratchArea, ScratchDatabaseSql } from "@athanor/core";
import { urlWithDatabase } from "@athanor/core/dialect";
import { quoteIdent } from "./quote.js";

const COUNT_OBJECTS = "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE()";
const TABLES =
  "SELECT table_name AS name, table_type AS kind FROM information_schema.tables WHERE table_schema = DATABASE()";

const createDatabase = (name: string) => [`CREATE DATABASE ${quoteIdent(name)}`];
const dropDatabase = (name: string) => [`DROP DATABASE IF EXISTS ${quoteIdent(name)}`];

/**
 * Where the canonicaliser builds models on MySQL/MariaDB: a database of its own on the server
 * (a schema is a database), made current while views are created since a view's query names
 * its tables unqualified and MySQL resolves them in the current database.
 *
 * @example
 * ```ts
 * mysqlScratchArea.database?.use("athanor_scratch_1"); // ["USE `athanor_scratch_1`"]
 * ```
 */
export const mysqlScratchArea: ScratchArea = {
  label: "MySQL/MariaDB database",
  probePlan: "mysql",
  begin: ["BEGIN"],
  rollback: ["ROLLBACK"],
  // The probes may go on the live session into a database of their own, created and dropped
  // there: the same server and user as the scratch database, one session instead of three.
  mayProbeOnLive: async () => true,
  database: {
    create: createDatabase,
    drop: dropDatabase,
    async current(conn: Connection) {
      return (await conn.query<{ db: string | null }>("SELECT DATABASE() AS db")).rows[0]?.db ?? null;
    },
    use: (name) => [`USE ${quoteIdent(name)}`],
    dropTables: (database, tables) => [
      `DROP TABLE IF EXISTS ${tables.map((t) => `${quoteIdent(database)}.${quoteIdent(t)}`).join(", ")}`,
    ],
  },
};

/**
 * Scratch and dev databases on MySQL/MariaDB, where a database is a schema: created and dropped
 * on the server, emptied by dropping every view and table of the session's database.
 *
 * @example
 * ```ts
 * mysqlScratchSql.createDatabase("athanor_scratch_1"); // ["CREATE DATABASE `athanor_scratch_1`"]
 * ```
 */
export const mysqlScratchSql: ScratchDatabaseSql = {
  createPrivilege: {
    name: "CREATE",
    missing:
      "the user has no CREATE privilege on new databases (GRANT CREATE, DROP ON *.* or on `athanor\\_%`.* grants it)",
    deniedCodes: [1044, "ER_DBACCESS_DENIED_ERROR"],
  },
  createDatabase,
  dropDatabase,
  databaseUrl: urlWithDatabase,
  async countObjects(conn: Connection) {
    const [row] = (await conn.query<{ n: number | string }>(COUNT_OBJECTS)).rows;
    return Number(row?.n ?? 0);
  },
  async empty(conn: Connection) {
    const rows = (await conn.query<{ name: string; kind: string }>(TABLES)).rows;
    const views = rows
      .filter((r) => r.kind === "VIEW")
      .map((r) => `DROP VIEW IF EXISTS ${quoteIdent(r.name)}`);
    const tables = rows
      .filter((r) => r.kind !== "VIEW")
      .map((r) => `DROP TABLE IF EXISTS ${quoteIdent(r.name)}`);
    await conn.executeScript([
      "SET FOREIGN_KEY_CHECKS = 0",
      ...views,
      ...tables,
      "SET FOREIGN_KEY_CHECKS = 1",
    ]);
  },
  area: mysqlScratchArea,
};
