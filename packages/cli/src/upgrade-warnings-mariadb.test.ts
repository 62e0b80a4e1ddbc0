import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { createTestDatabase, type TestDatabase } from "@athanor/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok, runCli, tempDir } from "./testing/harness.js";
import { revisionFile, setBody } from "./testing/sample-database-project.js";

const SERVER = process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
const CODE = "ATHANOR_PROCESS_PRIVILEGE_MISSING";

// `athanor revision --autogenerate` warned a MariaDB user without PROCESS that its dependents
// check cannot see other users' DDL; `upgrade`, which runs that check, said nothing: the runner
// had no way to warn. Now a dialect's warnings reach stderr and `--json`, once, when the run
// applies an operation they concern.
describe("upgrade on MariaDB as a user without the PROCESS privilege", () => {
  let db: TestDatabase;
  let dir: string;
  const user = `athanor_np_${randomBytes(4).toString("hex")}`;
  const urlAs = (name: string | undefined) => {
    const url = new URL(db.url ?? "");
    if (name !== undefined) {
      url.username = name;
      url.password = "pw";
    }
    return url.toString();
  };
  const admin = async (sql: string) => {
    const conn = await db.connect();
    try {
      await conn.query(sql);
    } finally {
      await conn.close();
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase({ url: SERVER, prefix: "upgrade_warnings" });
    const database = new URL(db.url ?? "").pathname.slice(1);
    await admin(`CREATE USER '${user}'@'%' IDENTIFIED BY 'pw'`);
    await admin(`GRANT ALL ON \`${database}\`.* TO '${user}'@'%'`);
    dir = tempDir("athanor-upgrade-warnings-");
    await ok(dir, ["init", "--dialect", "mysql"]);
    for (const id of ["r001", "r002", "r003"]) await ok(dir, ["revision", "-m", id, "--rev-id", id]);
    const exec = (sql: string) => `op.execute(${JSON.stringify(sql)})`;
    setBody(
      dir,
      "r001",
      exec("CREATE TABLE users (id int PRIMARY KEY, mail text, legacy text)"),
      exec("DROP TABLE users"),
    );
    setBody(
      dir,
      "r002",
      'op.requireNoDependents("users", ["mail"]);\n    op.dropColumn("users", "mail")',
      'op.addColumn("users", { name: "mail", type: "text" })',
    );
    setBody(
      dir,
      "r003",
      'op.requireNoDependents("users", ["legacy"]);\n    op.dropColumn("users", "legacy")',
      'op.addColumn("users", { name: "legacy", type: "text" })',
    );
    for (const id of ["r002", "r003"]) {
      const file = revisionFile(dir, id);
      const silence = `  message: "${id}",\n  lint: { ignore: [{ rule: "my/drop-column", reason: "a test table no code reads" }] },`;
      writeFileSync(file, readFileSync(file, "utf8").replace(`  message: "${id}",`, silence));
    }
  }, 120_000);
  afterAll(async () => {
    await admin(`DROP USER IF EXISTS '${user}'@'%'`).catch(() => undefined);
    await db?.dispose();
  });

  it("warns on stderr and in --json once, only when a check runs, and not for a user with PROCESS", async () => {
    const env = { DATABASE_URL: urlAs(user) };
    // no requireNoDependents in r001: nothing to warn of
    const first = await runCli(dir, ["upgrade", "r001", "--json"], { env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).not.toContain(CODE);
    expect(JSON.parse(first.stdout).warnings).toEqual([]);

    // two revisions with checks: one warning, on stderr and in the document
    const checked = await runCli(dir, ["upgrade", "r003", "--json"], { env });
    expect(checked.code, checked.stderr).toBe(0);
    const line = `warning: ${CODE}: the op.requireNoDependents checks may miss objects outside the models: this user lacks the PROCESS privilege`;
    expect(checked.stderr.split(line).length - 1).toBe(1);
    expect(JSON.parse(checked.stdout).warnings).toEqual([
      { code: CODE, message: expect.stringContaining("lacks the PROCESS privilege") },
    ]);

    // the text form says it too; a user with PROCESS (root) is not warned
    expect((await runCli(dir, ["downgrade", "r002"], { env })).stderr).not.toContain(CODE);
    const text = await runCli(dir, ["upgrade"], { env });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stderr).toContain(line);
    expect((await runCli(dir, ["downgrade", "r002"], { env: { DATABASE_URL: urlAs(undefined) } })).code).toBe(
      0,
    );
    const root = await runCli(dir, ["upgrade", "--json"], { env: { DATABASE_URL: urlAs(undefined) } });
    expect(root.code, root.stderr).toBe(0);
    expect(root.stderr).not.toContain(CODE);
    expect(JSON.parse(root.stdout).warnings).toEqual([]);
  }, 180_000);
});
