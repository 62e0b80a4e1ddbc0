import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "../testing/harness.js";

// The running-code rules on SQLite through `athanor lint`: a hand-written revision that renames or
// drops what running code uses, or adds a required column, is an error; a contract revision may
// drop; and what `revision --autogenerate` writes for the same changes carries each rule's silence
// with SQLite's reason, so it passes lint while the finding stays listed.
const revision = (id: string, parents: string[], up: string, phase?: string) =>
  `import { defineRevision } from "@athanor/core";
export default defineRevision({ id: ${JSON.stringify(id)}, parents: ${JSON.stringify(parents)}, message: ${JSON.stringify(id)},${phase === undefined ? "" : ` phase: ${JSON.stringify(phase)},`}
  upgrade(op) { ${up} },
  downgrade(op) { throw new Error("not needed"); },
});
`;

const CREATE =
  'op.createTable("users", { columns: [{ name: "id", type: "integer", nullable: false }, { name: "mail", type: "text" }, { name: "bio", type: "text" }], primaryKey: ["id"] }); op.createTable("logs", { columns: [{ name: "id", type: "integer", nullable: false }], primaryKey: ["id"] });';

function project(schema?: string): string {
  const dir = tempDir("athanor-sqlite-running-code-");
  symlinkSync(join(import.meta.dirname, "../../node_modules"), join(dir, "node_modules"), "dir");
  mkdirSync(join(dir, "migrations/versions"), { recursive: true });
  writeFileSync(
    join(dir, "athanor.config.ts"),
    `import { defineConfig } from "athanor";\nexport default defineConfig({ url: "file:./app.db"${schema === undefined ? "" : `, schema: "./schema.ts"`} });\n`,
  );
  if (schema !== undefined) writeFileSync(join(dir, "schema.ts"), schema);
  return dir;
}

interface LintJson {
  readonly findings: readonly { ruleId: string; severity: string; revision: string; message: string }[];
  readonly silenced: readonly { ruleId: string; revision: string; reason: string }[];
}

async function lint(dir: string): Promise<{ code: number; report: LintJson }> {
  const r = await runCli(dir, ["lint", "--json"]);
  return { code: r.code, report: JSON.parse(r.stdout) as LintJson };
}

describe("running-code lint rules on SQLite", () => {
  it("a hand-written revision that renames, drops or adds a required column is an error; a contract revision may drop", async () => {
    const dir = project();
    const versions = join(dir, "migrations/versions");
    writeFileSync(join(versions, "a1_create.ts"), revision("a1", [], CREATE));
    writeFileSync(
      join(versions, "b2_break.ts"),
      revision(
        "b2",
        ["a1"],
        'op.renameColumn("users", "mail", "email"); op.dropColumn("users", "bio"); op.dropTable("logs"); op.addColumn("users", { name: "plan", type: "text", nullable: false });',
      ),
    );
    writeFileSync(
      join(versions, "c3_contract.ts"),
      revision("c3", ["b2"], 'op.dropColumn("users", "plan");', "contract"),
    );
    const { code, report } = await lint(dir);
    expect(code).toBe(1);
    const errors = report.findings.filter((f) => f.severity === "error");
    expect(errors.map((f) => [f.revision, f.ruleId])).toEqual([
      ["b2", "sqlite/rename-column"],
      ["b2", "sqlite/drop-column"],
      ["b2", "sqlite/drop-table"],
      ["b2", "sqlite/add-required-column"],
    ]);
    expect(errors[3]?.message).toBe(
      "users.plan is NOT NULL without a default: SQLite cannot add it in place, the rebuild that adds it fails if the table has rows, and running code that inserts without it fails afterwards.",
    );
    // the contract revision's drop is what contract revisions are for; a1 created its own tables
    expect(report.findings.filter((f) => f.revision !== "b2" && f.severity === "error")).toEqual([]);
  }, 120_000);

  it("autogenerate writes the silences with SQLite's reason: lint passes and still lists each finding", async () => {
    const model = (columns: string, logs: boolean) =>
      `import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";\nexport const users = sqliteTable("users", {\n  id: integer("id").primaryKey(),\n${columns}\n});\n${logs ? 'export const logs = sqliteTable("logs", { id: integer("id").primaryKey() });\n' : ""}`;
    const dir = project(model('  mail: text("mail"),\n  bio: text("bio"),', true));
    const must = async (...argv: string[]) => {
      const r = await runCli(dir, argv);
      if (r.code !== 0)
        throw new Error(`athanor ${argv.join(" ")} exited ${r.code}:\n${r.stderr}${r.stdout}`);
      return r;
    };
    await must("revision", "--autogenerate", "-m", "before", "--rev-id", "a00000000001");
    await must("upgrade");
    writeFileSync(
      join(dir, "schema.ts"),
      model('  email: text("email"),\n  plan: text("plan").notNull(),', false),
    );
    await must(
      "revision",
      "--autogenerate",
      "-m",
      "after",
      "--rev-id",
      "b00000000001",
      "--rename",
      "users.mail:email",
    );
    const file = readdirSync(join(dir, "migrations/versions")).find((f) => f.startsWith("b00000000001"));
    const text = readFileSync(join(dir, "migrations/versions", file as string), "utf8");
    expect(text).toContain("written in place: athanor writes no expand/contract recipe on SQLite");

    const { code, report } = await lint(dir);
    expect(report.findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(code).toBe(0);
    expect(report.silenced.map((f) => f.ruleId).sort()).toEqual([
      "sqlite/add-required-column",
      "sqlite/drop-column",
      "sqlite/drop-table",
      "sqlite/rename-column",
    ]);
    for (const f of report.silenced) expect(f.reason).toMatch(/^written in place: athanor writes no expand/);
  }, 120_000);
});
