import { expect, it } from "vitest";
import { addConfigField } from "./testing/config-field.js";
import { ok, runCli, tempDir } from "./testing/harness.js";
import { setBody } from "./testing/sample-database-project.js";

// Offline, athanor cannot ask the server its version: a mysql:// URL is rendered for MySQL 8.0.0,
// which has no enforced CHECK constraints, so a user on MySQL 8.0.36 could not get a review script
// for a revision with a CHECK without connecting. `mysql: { serverVersion }` names it. Nothing here
// connects: the URL's host does not exist.
const URL = "mysql://root@athanor-no-such-host.invalid:3306/app";

async function withCheckRevision(mysqlSettings?: string): Promise<string> {
  const dir = tempDir();
  await ok(dir, ["init", "--dialect", "mysql"]);
  await ok(dir, ["revision", "-m", "create t", "--rev-id", "aa0000000001"]);
  setBody(
    dir,
    "aa0000000001",
    'op.createTable("t", { columns: [{ name: "n", type: "int" }], checks: [{ name: "n_positive", expression: "n > 0" }] })',
    'op.dropTable("t")',
  );
  if (mysqlSettings !== undefined) addConfigField(dir, `mysql: ${mysqlSettings}`);
  return dir;
}

const env = { env: { DATABASE_URL: URL } };

it("upgrade --sql renders a CHECK for the MySQL version the config names", async () => {
  const dir = await withCheckRevision('{ serverVersion: "8.0.36" }');
  const script = await runCli(dir, ["upgrade", "--sql"], env);
  expect(script.code, script.stderr).toBe(0);
  expect(script.stdout).toContain("CONSTRAINT `n_positive` CHECK (n > 0)");
}, 60_000);

it("without it, the refusal names the setting; nothing is written", async () => {
  const dir = await withCheckRevision();
  const script = await runCli(dir, ["upgrade", "--sql"], env);
  expect(script.code).not.toBe(0);
  expect(script.stdout).toBe("");
  expect(script.stderr).toContain("before 8.0.16");
  expect(script.stderr).toContain('mysql: { serverVersion: "8.0.36" }');
}, 60_000);

it("an older version named is refused as the server's own limit", async () => {
  const dir = await withCheckRevision('{ serverVersion: "8.0.15" }');
  const script = await runCli(dir, ["upgrade", "--sql"], env);
  expect(script.code).not.toBe(0);
  expect(script.stderr).toContain("Upgrade the server");
}, 60_000);

it("lint judges by the named version: a MariaDB version selects MariaDB's rules", async () => {
  const dir = await withCheckRevision('{ serverVersion: "10.11.6-MariaDB" }');
  const report = await runCli(dir, ["lint", "--json"], env);
  expect(report.code, report.stderr).toBe(0);
  expect(JSON.parse(report.stdout)).toMatchObject({ dialect: "mariadb" });
  const plain = await withCheckRevision();
  const mysqlReport = await runCli(plain, ["lint", "--json"], env);
  expect(JSON.parse(mysqlReport.stdout)).toMatchObject({ dialect: "mysql" });
}, 60_000);

it.each([
  ["a number", "8"],
  ["not a version", '"latest"'],
  ["a version with an escape", '"8.0.36-\\u001b[31m"'],
])(
  "a serverVersion that is %s is ATHANOR_CONFIG_INVALID and nothing is written",
  async (_, value) => {
    const dir = await withCheckRevision(`{ serverVersion: ${value} }`);
    const script = await runCli(dir, ["upgrade", "--sql"], env);
    expect(script.code).not.toBe(0);
    expect(script.stdout).toBe("");
    expect(script.stderr).toContain("ATHANOR_CONFIG_INVALID");
    expect(script.stderr).toContain("mysql.serverVersion");
    expect(script.stderr).not.toContain("\u001b[31m");
  },
  60_000,
);
