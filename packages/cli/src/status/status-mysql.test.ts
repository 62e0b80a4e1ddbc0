import { createRequire } from "node:module";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ok, runCli, tempDir } from "../testing/harness.js";
import { setBody } from "../testing/sample-database-project.js";
import { statusLines } from "./status-lines.js";

// `athanor status` on MariaDB through the optional @athanor/mysql peer: the lock holder comes
// from IS_USED_LOCK and the process list, while a second connection holds the lock.
const SERVER = process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
type Conn = { query(sql: string, values?: unknown[]): Promise<[unknown]>; end(): Promise<void> };
const mysql = createRequire(createRequire(import.meta.url).resolve("@athanor/mysql"))("mysql2/promise") as {
  createConnection(url: string): Promise<Conn>;
};
const name = `athanor_cli_status_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
let project: string;
let env: Record<string, string>;
let url: string;

async function admin(sql: string): Promise<unknown> {
  const conn = await mysql.createConnection(SERVER);
  try {
    return (await conn.query(sql))[0];
  } finally {
    await conn.end();
  }
}

beforeAll(async () => {
  await admin(`CREATE DATABASE \`${name}\``);
  const u = new URL(SERVER);
  u.pathname = `/${name}`;
  url = u.toString();
  env = { DATABASE_URL: url };
  project = tempDir("athanor-status-mysql-");
  await ok(project, ["init", "--dialect", "mysql"]);
  await ok(project, ["revision", "-m", "create t", "--rev-id", "aa0000000001", "--phase", "expand"]);
  await ok(project, ["revision", "-m", "drop t.old", "--rev-id", "bb0000000002", "--phase", "contract"]);
  setBody(
    project,
    "aa0000000001",
    'op.execute("CREATE TABLE t (id int, old int)")',
    'op.execute("DROP TABLE t")',
  );
  setBody(
    project,
    "bb0000000002",
    'op.execute("ALTER TABLE t DROP COLUMN old")',
    'op.execute("ALTER TABLE t ADD COLUMN old int")',
  );
});
afterAll(() => admin(`DROP DATABASE IF EXISTS \`${name}\``));

it("names the session holding the migration lock, and says busy (exit 0)", async () => {
  const holder = await mysql.createConnection(url);
  try {
    const [got] = (await holder.query("SELECT GET_LOCK(?, 0) AS got, CONNECTION_ID() AS id", [
      `athanor:${name}:athanor:.athanor_version`,
    ])) as [{ got: number; id: number }[]];
    expect(got[0]?.got).toBe(1);
    const result = await runCli(project, ["status", "--json"], { env });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.verdict.kind).toBe("busy");
    expect(report.lock).toMatchObject({ state: "held", holder: { pid: Number(got[0]?.id), user: "root" } });
    expect(statusLines({ color: false }, report).at(-1)).toMatch(
      new RegExp(`^Lock: +held by pid ${got[0]?.id}, user root from [^,]+, Sleep.* for \\d+ s$`),
    );
  } finally {
    await holder.end();
  }
  const free = JSON.parse((await runCli(project, ["status", "--json"], { env })).stdout);
  expect(free.lock).toEqual({ state: "free", holder: null });
  expect(free.verdict.line).toBe(
    "ready to run `athanor upgrade --phase expand`: 1 expand pending; 1 contract waits",
  );
  expect(free.lint.dialect).toBe("mysql");
});
