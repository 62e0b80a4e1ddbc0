import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ok, runCli, tempDir, useSchemaFile } from "./testing/harness.js";
import { setBody } from "./testing/sample-database-project.js";

// `dialect: "mysql"` goes through the lazily imported optional peer @athanor/mysql, on MariaDB.
const SERVER = process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
// mysql2 is the peer of @athanor/mysql, not a dependency of the CLI: resolve it from there
const mysql = createRequire(createRequire(import.meta.url).resolve("@athanor/mysql"))("mysql2/promise") as {
  createConnection(url: string): Promise<{ query(sql: string): Promise<[unknown]>; end(): Promise<void> }>;
};
const name = `athanor_cli_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
let project: string;
let env: Record<string, string>;

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
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  env = { DATABASE_URL: url.toString() };
  project = tempDir();
  await ok(project, ["init", "--dialect", "mysql"]);
  await ok(project, ["revision", "-m", "create t", "--rev-id", "aa0000000001"]);
  await ok(project, ["revision", "-m", "add c", "--rev-id", "bb0000000002"]);
  setBody(project, "aa0000000001", 'op.execute("CREATE TABLE t (id int)")', 'op.execute("DROP TABLE t")');
  setBody(
    project,
    "bb0000000002",
    'op.execute("ALTER TABLE t ADD COLUMN c int")',
    'op.execute("ALTER TABLE t DROP COLUMN c")',
  );
});
afterAll(() => admin(`DROP DATABASE IF EXISTS \`${name}\``));

it("upgrades, reports and downgrades a MySQL/MariaDB database (named MariaDB: the test server is one)", async () => {
  const up = await runCli(project, ["upgrade"], { env });
  expect(up.stderr).toBe("");
  expect(up.stdout).toMatch(
    /^applied {2}<base> -> aa0000000001, create t {2}\d+ ms\napplied {2}aa0000000001 -> bb0000000002, add c/,
  );
  const current = JSON.parse((await runCli(project, ["current", "--json"], { env })).stdout);
  expect(current).toMatchObject({ heads: ["bb0000000002"], database: `MariaDB at 127.0.0.1:3306/${name}` });
  expect((await runCli(project, ["downgrade", "base"], { env })).code).toBe(0);
  expect(
    await admin(
      `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = '${name}' AND table_name = 't'`,
    ),
  ).toEqual([]);
  const sql = await runCli(project, ["upgrade", "--sql"], { env });
  expect(sql.stdout).toContain("CREATE TABLE IF NOT EXISTS `athanor_version`");
});

// The test server is MariaDB: named so by its version string behind a mysql:// URL, and by a
// mariadb:// URL (which the CLI reads before connecting)
it("status, check, diff and current name the server MariaDB, whichever URL scheme reaches it", async () => {
  useSchemaFile(project);
  writeFileSync(
    join(project, "schema.ts"),
    `import { int, mysqlTable } from "drizzle-orm/mysql-core";\nexport const t = mysqlTable("t", { id: int("id"), c: int("c") });\n`,
  );
  expect((await runCli(project, ["upgrade"], { env })).code).toBe(0);
  for (const url of [
    env.DATABASE_URL as string,
    (env.DATABASE_URL as string).replace(/^mysql:/, "mariadb:"),
  ]) {
    for (const argv of [["status"], ["check"], ["diff"], ["current", "-v"], ["current", "--json"]]) {
      const run = await runCli(project, argv, { env: { DATABASE_URL: url } });
      const out = run.stdout + run.stderr;
      expect(out, `${argv.join(" ")} (${url})`).toContain(`MariaDB at 127.0.0.1:3306/${name}`);
      expect(out, `${argv.join(" ")} (${url})`).not.toContain("MySQL at");
    }
  }
  expect((await runCli(project, ["downgrade", "base"], { env })).code).toBe(0);
});

// Messages beyond the target's description name the server too: a refusal to render, the
// scratch database's notice, a dev database of the wrong kind (a mysql:// URL, MariaDB behind it)
it("a render refusal and the dev database's notice and refusals name MariaDB", async () => {
  const own = `${name}_named`;
  await admin(`CREATE DATABASE \`${own}\``);
  try {
    const url = new URL(SERVER);
    url.pathname = `/${own}`;
    const ownEnv = { DATABASE_URL: url.toString() };
    const dir = tempDir();
    await ok(dir, ["init", "--dialect", "mysql"]);
    await ok(dir, ["revision", "-m", "raw", "--rev-id", "cc0000000001"]);
    setBody(dir, "cc0000000001", 'op.execute("CREATE TABLE u (id int)")', 'op.execute("DROP TABLE u")');
    expect((await runCli(dir, ["upgrade"], { env: ownEnv })).code).toBe(0);
    const against = ["check", "--against", "migrations"];
    const outputs = [
      [
        await runCli(dir, against, { env: ownEnv }),
        "creating a scratch database on MariaDB at 127.0.0.1:3306 (",
      ],
      [
        await runCli(dir, [...against, "--dev-url", "pglite"], { env: ownEnv }),
        "a MariaDB target needs a mysql:// dev database",
      ],
      [
        await runCli(dir, [...against, "--dev-url", "postgres://postgres@127.0.0.1:5432/test"], {
          env: ownEnv,
        }),
        "cannot be the dev database of a MariaDB target",
      ],
    ] as const;
    await ok(dir, ["revision", "-m", "deferrable", "--rev-id", "dd0000000002"]);
    setBody(
      dir,
      "dd0000000002",
      'op.addUnique("u_id", "u", ["id"], { deferrable: true })',
      'op.dropConstraint("u_id", "u")',
    );
    const refused = await runCli(dir, ["upgrade"], { env: ownEnv });
    expect(refused.code).toBe(1);
    for (const [run, expected] of [
      ...outputs,
      [refused, "Drop `deferrable`; MariaDB checks every constraint immediately"],
    ] as const) {
      const out = run.stdout + run.stderr;
      expect(out).toContain(expected);
      expect(out, expected).not.toContain("MySQL");
    }
  } finally {
    await admin(`DROP DATABASE IF EXISTS \`${own}\``);
  }
}, 120_000);
