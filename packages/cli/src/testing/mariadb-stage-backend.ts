import { createRequire } from "node:module";
import type { StageBackend } from "./stage-suite.js";

const SERVER = process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
// mysql2 is the peer of @athanor/mysql, not a dependency of the CLI: resolve it from there
const mysql = createRequire(createRequire(import.meta.url).resolve("@athanor/mysql"))("mysql2/promise") as {
  createConnection(url: string): Promise<{ query(sql: string): Promise<[unknown]>; end(): Promise<void> }>;
};

async function run(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const conn = await mysql.createConnection(url);
  try {
    return (await conn.query(sql))[0] as Record<string, unknown>[];
  } finally {
    await conn.end();
  }
}

/**
 * A throw-away database `athanor_cli_<prefix>_<pid>_<random>` on the MariaDB test server;
 * fails (never skips) when the server is down.
 *
 * @example
 * ```ts
 * defineStageSuite(() => mariadbStageBackend("stage"));
 * ```
 */
export async function mariadbStageBackend(prefix: string): Promise<StageBackend> {
  const name = `athanor_cli_${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await run(SERVER, `CREATE DATABASE \`${name}\``);
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  return {
    dialect: "mysql",
    env: { DATABASE_URL: url.toString() },
    query: (sql) => run(url.toString(), sql),
    dispose: async () => {
      await run(SERVER, `DROP DATABASE IF EXISTS \`${name}\``);
    },
  };
}
