import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sqliteDialect } from "@athanor/sqlite";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "../testing/harness.js";

// sqlite/table-rebuild through `athanor lint`: the finding names the table, and the rows it copies
// once the database file exists (counted by the module's lintTableRows); a small table is info.
// Two changes to one table in a row are one rebuild, so one finding.
const revision = (id: string, parents: string[], up: string) =>
  `import { defineRevision } from "@athanor/core";
export default defineRevision({ id: ${JSON.stringify(id)}, parents: ${JSON.stringify(parents)}, message: ${JSON.stringify(id)},
  upgrade(op) { ${up} },
  downgrade(op) { throw new Error("not needed"); },
});
`;

function project(): string {
  const dir = tempDir("athanor-sqlite-lint-");
  symlinkSync(join(import.meta.dirname, "../../node_modules"), join(dir, "node_modules"), "dir");
  const versions = join(dir, "migrations/versions");
  mkdirSync(versions, { recursive: true });
  writeFileSync(
    join(dir, "athanor.config.ts"),
    'import { defineConfig } from "athanor";\nexport default defineConfig({ url: "file:./app.db" });\n',
  );
  writeFileSync(
    join(versions, "a1_create.ts"),
    revision(
      "a1",
      [],
      'op.createTable("big", { columns: [{ name: "id", type: "integer", nullable: false }, { name: "v", type: "text" }], primaryKey: ["id"] }); op.createTable("small", { columns: [{ name: "id", type: "integer", nullable: false }, { name: "v", type: "text" }], primaryKey: ["id"] });',
    ),
  );
  writeFileSync(
    join(versions, "b2_alter.ts"),
    revision(
      "b2",
      ["a1"],
      'op.alterColumn("big", "v", { nullable: false, existingNullable: true, default: "\'x\'" }); op.addCheck("big_v", "big", "v <> \'\'"); op.addCheck("small_v", "small", "v <> \'\'"); op.addColumn("big", { name: "note", type: "text" });',
    ),
  );
  return dir;
}

type Finding = { ruleId: string; severity: string; table: string | null; message: string };
const findings = async (dir: string): Promise<Finding[]> => {
  const r = await runCli(dir, ["lint", "--json"]);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout).findings as Finding[]).filter((f) => f.ruleId === "sqlite/table-rebuild");
};

describe("sqlite/table-rebuild", () => {
  it("warns that the table is rebuilt without a database file, and states the rows counted in the live file", async () => {
    const dir = project();
    const offline = await findings(dir);
    expect(offline.map((f) => [f.table, f.severity])).toEqual([
      ["big", "warning"],
      ["small", "warning"],
    ]);
    expect(offline[0]?.message).toBe(
      "Changing a column (and the 1 change to it right after, in the same rebuild) rebuilds big on SQLite: every row is copied into a new table and its indexes are built again, while other writers wait.",
    );

    expect((await runCli(dir, ["upgrade", "a1"])).code).toBe(0);
    const conn = await sqliteDialect({ file: join(dir, "app.db") }).connect();
    await conn.query(
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 25000) INSERT INTO big (id, v) SELECT i, 'v' FROM n",
    );
    await conn.query("INSERT INTO small (id, v) VALUES (1, 'a'), (2, 'b')");
    await conn.close();
    const live = await findings(dir);
    expect(live.map((f) => [f.table, f.severity])).toEqual([
      ["big", "warning"],
      ["small", "info"],
    ]);
    expect(live[0]?.message).toContain("The table-size hint says about 25000 rows.");
    expect(live[1]?.message).toContain("about 2 rows (below 10000), so this is brief");
    rmSync(dir, { recursive: true, force: true });
  });
});
