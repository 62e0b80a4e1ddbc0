import { createRequire } from "node:module";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ok, runCli, tempDir } from "./testing/harness.js";
import { setBody } from "./testing/sample-database-project.js";

// An offline script has no measured times: its history rows said CURRENT_TIMESTAMP, which a
// MariaDB DATETIME keeps as the session's wall clock, while athanor writes and reads the column as
// UTC. Run by a client whose session is at '+12:45', started_at and finished_at were 12 h 45 min
// in the future for `history`, `status` and the fleet's failure times.
const SERVER = process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
const mysql = createRequire(createRequire(import.meta.url).resolve("@athanor/mysql"))("mysql2/promise") as {
  createConnection(options: { uri: string; multipleStatements?: boolean }): Promise<{
    query(sql: string): Promise<[unknown]>;
    end(): Promise<void>;
  }>;
};
const name = `athanor_offline_times_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
const url = new URL(SERVER);
url.pathname = `/${name}`;

async function session<T>(
  uri: string,
  work: (query: (sql: string) => Promise<unknown>) => Promise<T>,
): Promise<T> {
  const conn = await mysql.createConnection({ uri, multipleStatements: true });
  try {
    return await work(async (sql) => (await conn.query(sql))[0]);
  } finally {
    await conn.end();
  }
}

beforeAll(() => session(SERVER, (query) => query(`CREATE DATABASE \`${name}\``)));
afterAll(() => session(SERVER, (query) => query(`DROP DATABASE IF EXISTS \`${name}\``)));

it("an offline script run in a '+12:45' session records its history times in UTC", async () => {
  const project = tempDir();
  await ok(project, ["init", "--dialect", "mysql"]);
  await ok(project, ["revision", "-m", "create t", "--rev-id", "aa0000000001"]);
  setBody(project, "aa0000000001", 'op.execute("CREATE TABLE t (id int)")', 'op.execute("DROP TABLE t")');
  const script = await runCli(project, ["upgrade", "--sql"], { env: { DATABASE_URL: url.toString() } });
  expect(script.code, script.stderr).toBe(0);
  const lags = await session(url.toString(), async (query) => {
    await query("SET time_zone = '+12:45'");
    await query(script.stdout);
    return query(
      "SELECT TIMESTAMPDIFF(SECOND, started_at, UTC_TIMESTAMP(6)) AS started, TIMESTAMPDIFF(SECOND, finished_at, UTC_TIMESTAMP(6)) AS finished FROM athanor_version_history",
    );
  });
  const rows = lags as { started: number; finished: number }[];
  expect(rows).toHaveLength(1);
  // seconds ago, not 45,900 s ahead
  for (const lag of [rows[0]?.started, rows[0]?.finished]) {
    expect(Number(lag)).toBeGreaterThanOrEqual(0);
    expect(Number(lag)).toBeLessThan(600);
  }
}, 120_000);
