import { randomBytes } from "node:crypto";
import type { Connection } from "@athanor/core";
import { introspectMysql, mysqlDialect } from "@athanor/mysql";
import { introspectPostgres, postgresDialect } from "@athanor/postgres";

/** The test servers; the suite fails (never skips) when one is down. */
export const SERVERS = {
  postgresql: process.env.ATHANOR_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test",
  mysql: process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test",
} as const;

export type ServerDialect = keyof typeof SERVERS;

/**
 * A throw-away database on a real server, owned by one test file, with the reads the reliability
 * checks need: the introspected schema, the version and history tables, and the other sessions
 * (to wait for a killed runner's connection to go, or to cut it).
 *
 * @example
 * ```ts
 * const db = await scratchDatabase("postgresql", "crash");
 * await db.reset();
 * expect(await db.model()).toBe(expected);
 * ```
 */
export interface ScratchDatabase {
  readonly dialect: ServerDialect;
  readonly name: string;
  readonly url: string;
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Drops every table (and type, on PostgreSQL): the database at base, without athanor's tables. */
  reset(): Promise<void>;
  /** The introspected schema without athanor's tables, as canonical JSON with the database name masked. */
  model(): Promise<string>;
  /** Heads in the version table, sorted; `null` when the table does not exist. */
  versionRows(): Promise<string[] | null>;
  /** History rows without times, hosts and run ids, in insertion order; `null` when absent. */
  historyRows(): Promise<HistoryRow[] | null>;
  /** Model, version and history together: what must not change when a command is refused. */
  catalogue(): Promise<string>;
  /** Ids of the other sessions connected to this database. */
  otherSessions(): Promise<number[]>;
  /** Cuts a session: `pg_terminate_backend` / `KILL`. */
  killSession(id: number): Promise<void>;
  /** Waits until no other session is connected (a killed runner's backend may outlive it briefly). */
  waitForNoOtherSessions(timeoutMs?: number): Promise<void>;
  dispose(): Promise<void>;
}

export interface HistoryRow {
  readonly revision: string;
  readonly direction: string;
  readonly status: string;
  readonly checksum: string | null;
}

/** Creates `athanor_rel_<prefix>_<random>` on the dialect's test server. */
export async function scratchDatabase(dialect: ServerDialect, prefix: string): Promise<ScratchDatabase> {
  const name = `athanor_rel_${prefix}_${randomBytes(4).toString("hex")}`;
  const server = SERVERS[dialect];
  const admin = await connect(dialect, server);
  const q = dialect === "postgresql" ? `"${name}"` : `\`${name}\``;
  try {
    await admin.query(
      dialect === "postgresql"
        ? `CREATE DATABASE ${q}`
        : `CREATE DATABASE ${q} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await admin.close();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  const conn = await connect(dialect, url.toString());
  const query = async <Row>(sql: string, params?: readonly unknown[]) =>
    [...(await conn.query<Row>(sql, params)).rows] as Row[];
  const tableExists = async (table: string) =>
    (
      await query(
        dialect === "postgresql"
          ? "SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = $1"
          : "SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?",
        [table],
      )
    ).length > 0;
  const self: ScratchDatabase = {
    dialect,
    name,
    url: url.toString(),
    query,
    async reset() {
      if (dialect === "postgresql") {
        await conn.executeScript(["DROP SCHEMA public CASCADE", "CREATE SCHEMA public"]);
        return;
      }
      const tables = await query<{ t: string }>(
        "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE()",
      );
      await conn.executeScript([
        "SET FOREIGN_KEY_CHECKS = 0",
        ...tables.map((r) => `DROP TABLE \`${r.t.replaceAll("`", "``")}\``),
        "SET FOREIGN_KEY_CHECKS = 1",
      ]);
    },
    async model() {
      const model = dialect === "postgresql" ? await introspectPostgres(conn) : await introspectMysql(conn);
      return JSON.stringify(model, null, 1).replaceAll(name, "<db>");
    },
    async versionRows() {
      if (!(await tableExists("athanor_version"))) return null;
      const rows = await query<{ v: string }>("SELECT version_num AS v FROM athanor_version");
      return rows.map((r) => r.v).sort();
    },
    async historyRows() {
      if (!(await tableExists("athanor_version_history"))) return null;
      return query<HistoryRow>(
        "SELECT revision, direction, status, checksum FROM athanor_version_history ORDER BY id",
      );
    },
    async catalogue() {
      const [model, version, history] = [
        await self.model(),
        await self.versionRows(),
        await self.historyRows(),
      ];
      return JSON.stringify({ model: JSON.parse(model), version, history }, null, 1);
    },
    async otherSessions() {
      const rows = await query<{ id: number | string }>(
        dialect === "postgresql"
          ? "SELECT pid AS id FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()"
          : "SELECT id FROM information_schema.processlist WHERE db = ? AND id <> CONNECTION_ID()",
        [name],
      );
      return rows.map((r) => Number(r.id));
    },
    async killSession(id) {
      if (dialect === "postgresql") await query("SELECT pg_terminate_backend($1)", [id]);
      else await query(`KILL ${Number(id)}`).catch(() => undefined); // already gone is fine
    },
    async waitForNoOtherSessions(timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const others = await self.otherSessions();
        if (others.length === 0) return;
        if (Date.now() > until)
          throw new Error(`sessions ${others.join(", ")} still connected to ${name} after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async dispose() {
      await conn.close().catch(() => undefined);
      const again = await connect(dialect, server);
      try {
        await again.query(
          dialect === "postgresql"
            ? `DROP DATABASE IF EXISTS ${q} WITH (FORCE)`
            : `DROP DATABASE IF EXISTS ${q}`,
        );
      } finally {
        await again.close();
      }
    },
  };
  return self;
}

async function connect(dialect: ServerDialect, url: string): Promise<Connection> {
  return dialect === "postgresql" ? postgresDialect({ url }).connect() : mysqlDialect({ url }).connect();
}
