import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, userInfo } from "node:os";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EmbeddedHolds } from "./testing/embedded-hold.js";
import { projectCli, runCli, tempDir } from "./testing/harness.js";
import { revisionFile, setBody } from "./testing/sample-database-project.js";

// The gates between what athanor writes and what it runs, on PGlite (each project its own
// database): unfilled TODO(athanor) placeholders, lint errors in what upgrade would run, DDL
// mixed with a backfill, several heads in CI, and the blank revision template.

const STUB = '"/* TODO(athanor): expression */ NULL"';
let project: string;
// A project's PGlite stays open from the first call that creates it until the case ends, as in
// the story suites (testing/embedded-hold.ts): each call shares it instead of starting PGlite, and
// must leave no transaction open. The template is closed before it is copied.
const holds = new EmbeddedHolds();
const { cli, must } = projectCli(
  () => project,
  () => holds.tag({}),
);

async function base(): Promise<void> {
  await must("init", "--dialect", "postgresql");
  await must("revision", "-m", "users", "--rev-id", "a00000000001");
  setBody(
    project,
    "a00000000001",
    'op.createTable("users", { columns: [{ name: "id", type: "integer", nullable: false }, { name: "tz", type: "text" }], primaryKey: { columns: ["id"] } })',
    'op.dropTable("users")',
  );
  await must("upgrade");
  await must("revision", "-m", "fill tz", "--rev-id", "b00000000001", "--phase", "migrate");
}

const fillTz = (value: string) =>
  setBody(project, "b00000000001", `await op.backfill({ table: "users", set: { tz: ${value} } })`, "");

const versionRows = async () => JSON.parse((await cli("current", "--json")).stdout) as unknown;

// Each case is a few CLI runs on an embedded database: slow on a loaded machine. The base
// project (its PGlite folder included) is built once and copied for each case, which then
// starts from exactly what base() leaves.
describe("contract gates", { timeout: 300_000 }, () => {
  let template: string;
  beforeAll(async () => {
    template = tempDir("athanor-gates-base-");
    project = template;
    await base();
    await holds.closeAll();
  }, 300_000);
  beforeEach(() => {
    project = tempDir("athanor-gates-");
    cpSync(template, project, { recursive: true });
  });
  afterEach(() => holds.closeAll());
  afterAll(() => holds.closeAll());

  it("writes a blank revision as upgrade(op) {} with a one-line hint", () => {
    const text = readFileSync(revisionFile(project, "b00000000001"), "utf8");
    expect(text).toContain("  // Build the change with op (op.addColumn");
    expect(text).toContain("  upgrade(op) {},\n  downgrade(op) {},");
  });

  it("refuses an unfilled TODO(athanor) placeholder online, offline and in lint, naming file:line", async () => {
    fillTz(STUB);
    const file = revisionFile(project, "b00000000001");
    const line =
      readFileSync(file, "utf8")
        .split("\n")
        .findIndex((l) => l.includes("TODO(athanor)")) + 1;
    const where = `migrations/versions/b00000000001_fill_tz.ts:${line}`;
    writeFileSync(file, readFileSync(file, "utf8").replace("  upgrade(op) {", "  async upgrade(op) {"));
    const before = await versionRows();

    const online = await cli("upgrade");
    expect(online.code).toBe(1);
    expect(online.stderr).toContain("error[ATHANOR_TODO_PLACEHOLDER]");
    expect(online.stderr).toContain(where);
    expect(online.stderr).toContain("Nothing was run.");
    expect(await versionRows()).toEqual(before);

    const offline = await cli("upgrade", "--sql", "a00000000001:head");
    expect(offline.code).toBe(1);
    expect(offline.stderr).toContain("error[ATHANOR_TODO_PLACEHOLDER]");
    expect(offline.stdout).toBe("");

    const lint = await cli("lint", "--json");
    expect(lint.code).toBe(1);
    const findings = (JSON.parse(lint.stdout) as { findings: { ruleId: string; message: string }[] })
      .findings;
    expect(findings.filter((f) => f.ruleId === "core/todo-placeholder").map((f) => f.message)).toEqual([
      expect.stringContaining(where),
    ]);

    writeFileSync(file, readFileSync(file, "utf8").replace(STUB, "\"'UTC'\""));
    const filled = await cli("upgrade");
    expect(filled.code, filled.stderr).toBe(0);
  });

  it("flags DDL and a backfill in one revision as core/ddl-with-backfill", async () => {
    setBody(
      project,
      "b00000000001",
      'op.addColumn("users", { name: "n", type: "integer" });\n    await op.backfill({ table: "users", set: { n: "1" } })',
      'op.dropColumn("users", "n")',
    );
    const file = revisionFile(project, "b00000000001");
    writeFileSync(file, readFileSync(file, "utf8").replace("  upgrade(op) {", "  async upgrade(op) {"));
    const lint = await cli("lint", "--json");
    expect(lint.code).toBe(1);
    const ids = (JSON.parse(lint.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId);
    expect(ids).toContain("core/ddl-with-backfill");
  });

  it("refuses an upgrade that status calls not ready, unless silenced or overridden", async () => {
    setBody(
      project,
      "b00000000001",
      'op.createIndex("users_tz_idx", "users", ["tz"])',
      'op.dropIndex("users_tz_idx", "users")',
    );
    const status = await cli("status");
    expect(status.stdout).toContain("not ready");
    const before = await versionRows();
    const refused = await cli("upgrade");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("error[ATHANOR_LINT_ERRORS]");
    expect(refused.stderr).toContain(
      "b00000000001 (migrations/versions/b00000000001_fill_tz.ts): pg/index-not-concurrent",
    );
    expect(refused.stderr).toContain("--ignore-lint-errors");
    expect(await versionRows()).toEqual(before);

    const file = revisionFile(project, "b00000000001");
    const text = readFileSync(file, "utf8");
    writeFileSync(
      file,
      text.replace(
        '  phase: "migrate",',
        '  phase: "migrate",\n  lint: { ignore: [{ rule: "pg/index-not-concurrent", reason: "users is empty" }] },',
      ),
    );
    expect((await cli("status")).stdout).not.toContain("not ready");
    expect((await cli("upgrade")).code).toBe(0);

    await must("downgrade", "a00000000001");
    writeFileSync(file, text);
    const forced = await cli("upgrade", "--ignore-lint-errors");
    expect(forced.code, forced.stderr).toBe(0);
  });

  it("upgrade --sql current:head starts at the database's version, and says so when it cannot read it", async () => {
    const sql = await cli("upgrade", "--sql", "current:head");
    expect(sql.code, sql.stderr).toBe(0);
    expect(sql.stdout).toContain("-- Running upgrade b00000000001");
    expect(sql.stdout).not.toContain("-- Running upgrade a00000000001");
    expect(sql.stdout).not.toContain("version and history tables");
    // the script runs elsewhere, later: no build-machine host or OS user in its history row
    expect(sql.stdout).toContain('INSERT INTO "athanor_version_history"');
    expect(sql.stdout).not.toContain(`'${hostname()}'`);
    expect(sql.stdout).not.toContain(`'${userInfo().username}'`);

    const offline = await runCli(project, ["upgrade", "--sql", "current:head"], {
      env: { DATABASE_URL: "postgres://postgres@127.0.0.1:1/nowhere" },
    });
    expect(offline.code).toBe(1);
    expect(offline.stderr).toContain(
      "error[ATHANOR_CONNECTION_FAILED]: --sql current:head starts at `current`",
    );
    expect(offline.stderr).toContain("--sql <revision>:head");
    expect(offline.stdout).toBe("");
  });

  it("heads --require-single exits 1 on two heads and 0 once merged", async () => {
    expect((await cli("heads", "--require-single")).code).toBe(0);
    await must("revision", "-m", "side", "--head", "a00000000001", "--splice", "--rev-id", "c00000000001");
    const plain = await cli("heads");
    expect(plain.code).toBe(0);
    const guard = await cli("heads", "--require-single");
    expect(guard.code).toBe(1);
    expect(guard.stderr).toContain("error[ATHANOR_MULTIPLE_HEADS]");
    expect(guard.stderr).toContain("b00000000001, c00000000001");
    expect(guard.stderr).toContain("athanor merge");
    await must("merge", "-m", "merge", "heads");
    expect((await cli("heads", "--require-single")).code).toBe(0);
  });
});
