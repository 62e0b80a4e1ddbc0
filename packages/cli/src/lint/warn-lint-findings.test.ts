import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "../testing/harness.js";

function fill(file: string, upgrade: string, downgrade: string): void {
  const text = readFileSync(file, "utf8")
    .replace("upgrade(op) {}", `upgrade(op) {\n    ${upgrade}\n  }`)
    .replace("downgrade(op) {}", `downgrade(op) {\n    ${downgrade}\n  }`);
  writeFileSync(file, text);
}

describe("upgrade --sql prints the lint findings of the revisions it renders", () => {
  it("on stderr, with the SQL untouched on stdout and exit 0", async () => {
    const dir = tempDir();
    for (const argv of [
      ["init"],
      ["revision", "-m", "users", "--rev-id", "aaa"],
      ["revision", "-m", "index", "--rev-id", "bbb"],
    ]) {
      expect((await runCli(dir, argv)).code).toBe(0);
    }
    const versions = join(dir, "migrations", "versions");
    fill(
      join(versions, "aaa_users.ts"),
      'op.createTable("users", { columns: [{ name: "id", type: "integer", nullable: false }, { name: "email", type: "text" }] });',
      'op.dropTable("users");',
    );
    fill(
      join(versions, "bbb_index.ts"),
      'op.createIndex("users_email", "users", ["email"]);',
      'op.dropIndex("users_email");',
    );

    const result = await runCli(dir, ["upgrade", "--sql", "base:heads"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('CREATE INDEX "users_email" ON "users"');
    expect(result.stdout).not.toContain("pg/index-not-concurrent");
    expect(result.stderr).toContain("pg/index-not-concurrent");
    expect(result.stderr).toContain("bbb");

    // A range that leaves the index out has nothing to report.
    const clean = await runCli(dir, ["upgrade", "--sql", "base:aaa"]);
    expect(clean.code).toBe(0);
    expect(clean.stderr).toBe("");
  }, 120_000);

  it("runs each revision function once: lint replays the render, also where the render is PGlite's", async () => {
    // a project without a URL renders for PGlite (op.dialect "pglite") while its lint flavour is
    // "postgresql": lint must still judge the recording the render made, not run the function again
    const dir = tempDir();
    for (const argv of [["init"], ["revision", "-m", "t", "--rev-id", "aaa"]]) {
      expect((await runCli(dir, argv)).code).toBe(0);
    }
    const counter = "__athanorSqlLintRuns";
    fill(
      join(dir, "migrations", "versions", "aaa_t.ts"),
      `(globalThis as Record<string, number>).${counter} = ((globalThis as Record<string, number>).${counter} ?? 0) + 1;\n    op.execute(\`CREATE TABLE t_\${op.dialect} (id int)\`);`,
      'op.execute("DROP TABLE t");',
    );
    const runs = () => (globalThis as Record<string, unknown>)[counter];
    const result = await runCli(dir, ["upgrade", "--sql"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("CREATE TABLE t_pglite (id int);");
    expect(runs()).toBe(1);
  }, 120_000);
});
