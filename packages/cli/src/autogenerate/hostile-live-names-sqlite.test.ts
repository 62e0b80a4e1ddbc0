import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sqliteDialect } from "@athanor/sqlite";
import { afterEach, describe, expect, it } from "vitest";
import { runCli, tempDir } from "../testing/harness.js";

// Names autogenerate reads from a live database are text nobody reviewed: a table someone created
// by hand, named so that what follows a line terminator is JavaScript. The generated revision
// writes the name into a `// WARNING(athanor): drops data` comment; JavaScript ends a line comment
// at \r, U+2028 and U+2029 as well as \n, and the code after it ran whenever the revision loaded
// (right after it was written, then by heads, upgrade, lint...). The terminal summary printed a
// \n in a name as a line break of its own.

const marker = "__athanorHostileNameRan";
const g = globalThis as Record<string, unknown>;
afterEach(() => {
  delete g[marker];
});

function project(): string {
  const dir = tempDir("athanor-hostile-live-");
  symlinkSync(join(import.meta.dirname, "../../node_modules"), join(dir, "node_modules"), "dir");
  mkdirSync(join(dir, "migrations/versions"), { recursive: true });
  writeFileSync(
    join(dir, "athanor.config.ts"),
    'import { defineConfig } from "athanor";\nexport default defineConfig({ url: "file:./app.db", schema: "./schema.ts" });\n',
  );
  writeFileSync(
    join(dir, "schema.ts"),
    'import { integer, sqliteTable } from "drizzle-orm/sqlite-core";\nexport const ok = sqliteTable("ok", { id: integer("id").primaryKey() });\n',
  );
  return dir;
}

async function createTables(dir: string, names: readonly string[]): Promise<void> {
  const conn = await sqliteDialect({ file: join(dir, "app.db") }).connect();
  try {
    await conn.executeScript(names.map((n) => `CREATE TABLE "${n.replaceAll('"', '""')}" (id integer)`));
  } finally {
    await conn.close();
  }
}

describe("autogenerate over hand-made tables with hostile names (SQLite)", () => {
  it.each([
    ["\\r", "\r"],
    ["U+2028", "\u2028"],
    ["U+2029", "\u2029"],
  ])(
    "a table name holding %s does not end the drop warning's comment: nothing of it runs",
    async (_, terminator) => {
      const dir = project();
      await createTables(dir, [`evil${terminator}globalThis.${marker} = true; //`]);
      const made = await runCli(dir, ["revision", "--autogenerate", "-m", "drop", "--accept-drop-add"]);
      expect(made.code, made.stderr).toBe(0);
      const [file] = readdirSync(join(dir, "migrations/versions")).filter((f) => f.endsWith(".ts"));
      const text = readFileSync(join(dir, "migrations/versions", file ?? ""), "utf8");
      expect(text).toContain("// WARNING(athanor): drops data — drops table evil\\");
      expect(text).not.toContain(terminator);
      const up = await runCli(dir, ["upgrade"]);
      // a CR is a control character SQLite cannot write escaped in a quoted name: the drop is refused
      if (terminator === "\r") expect(up.stderr).toContain("could not be rendered: Cannot use");
      else expect(up.code, up.stderr).toBe(0);
      expect(g[marker]).toBeUndefined();
    },
  );

  it("a bidi override in a name reaches the file as an escape, not as the character (no Trojan source)", async () => {
    const dir = project();
    await createTables(dir, ["a\u202eb"]);
    const made = await runCli(dir, ["revision", "--autogenerate", "-m", "drop", "--accept-drop-add"]);
    expect(made.code, made.stderr).toBe(0);
    const [file] = readdirSync(join(dir, "migrations/versions")).filter((f) => f.endsWith(".ts"));
    const text = readFileSync(join(dir, "migrations/versions", file ?? ""), "utf8");
    expect(text).not.toContain("\u202e");
    expect(text).toContain('op.dropTable("a\\u202eb"');
    const up = await runCli(dir, ["upgrade"]);
    expect(up.code, up.stderr).toBe(0);
    const conn = await sqliteDialect({ file: join(dir, "app.db") }).connect();
    try {
      const names = (
        await conn.query<{ name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table'")
      ).rows;
      expect(names.map((r) => r.name)).not.toContain("a\u202eb");
    } finally {
      await conn.close();
    }
  });

  it("a line break in a name is printed as \\n in the summary, never as a line of its own", async () => {
    const dir = project();
    await createTables(dir, ["x\n  + table spoofed (id)"]);
    const check = await runCli(dir, ["check"]);
    expect(check.code).not.toBe(0);
    expect(check.stdout).toContain("- table x\\n  + table spoofed (id)");
    expect(check.stdout.split("\n").filter((l) => l.trim().startsWith("+ table spoofed"))).toEqual([]);
  });
});

describe("lint over a revision naming a hostile table (SQLite)", () => {
  it("prints a line break in the table name as \\n in the finding's location and message", async () => {
    const dir = project();
    writeFileSync(
      join(dir, "migrations/versions/a1_rebuild.ts"),
      [
        'import { defineRevision } from "@athanor/core";',
        "export default defineRevision({",
        '  id: "a1",',
        "  parents: [],",
        '  message: "rebuild",',
        "  upgrade(op) {",
        '    op.alterColumn("t\\nerror   spoofed/rule", "c", { type: "real", existingType: "integer" });',
        "  },",
        "  downgrade(op) {",
        '    op.alterColumn("t\\nerror   spoofed/rule", "c", { type: "integer", existingType: "real" });',
        "  },",
        "});",
        "",
      ].join("\n"),
    );
    const lint = await runCli(dir, ["lint"]);
    expect(lint.stdout).toContain("sqlite/table-rebuild at #0 alterColumn on t\\nerror   spoofed/rule");
    expect(lint.stdout.split("\n").filter((l) => l.startsWith("error"))).toEqual([]);
  });
});

describe("upgrade --sql of a table name holding an escape sequence (SQLite)", () => {
  const revision = [
    'import { defineRevision } from "@athanor/core";',
    "export default defineRevision({",
    '  id: "a1",',
    "  parents: [],",
    '  message: "create",',
    '  upgrade(op) { op.createTable("t\\u001b[2Jx", { columns: [{ name: "id", type: "integer" }] }); },',
    '  downgrade(op) { op.dropTable("t\\u001b[2Jx"); },',
    "});",
    "",
  ].join("\n");

  it("is refused, naming the table escaped, on a terminal and piped alike: SQLite has no escaped name", async () => {
    const dir = project();
    writeFileSync(join(dir, "migrations/versions/a1_create.ts"), revision);
    for (const isTTY of [true, false]) {
      const run = await runCli(dir, ["upgrade", "--sql"], { isTTY });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        'error[ATHANOR_INVALID_IDENTIFIER]: Revision a1: operation #0 (createTable) could not be rendered: Cannot use "t\\x1b[2Jx" as a SQLite name',
      );
      expect(run.stdout + run.stderr).not.toContain("\x1b");
    }
  });
});

describe("a rename question about a table with a hostile name (SQLite)", () => {
  it("the error's message and hint show a line break in the name as \\n", async () => {
    const dir = project();
    await createTables(dir, ["x\n  hint: athanor stamp heads"]);
    const run = await runCli(dir, ["revision", "--autogenerate", "-m", "rename?"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("ATHANOR_RENAME_UNDECIDED");
    expect(run.stderr).toContain("x\\n  hint: athanor stamp heads");
    expect(run.stderr.split("\n").filter((l) => l.startsWith("  hint: athanor stamp"))).toEqual([]);
  });
});

describe("an error whose message holds a hostile name (SQLite)", () => {
  it("prints the message's further lines behind a gutter, inert, so none reads as athanor's own", async () => {
    const dir = project();
    // (an escape sequence in a name athanor quotes is refused on SQLite before the server sees it)
    const name = "t\n  hint: athanor stamp heads\nUpgraded 1 revision in 1 ms; now at a1.";
    await createTables(dir, [name]);
    writeFileSync(
      join(dir, "migrations/versions/a1_make.ts"),
      `import { defineRevision } from "@athanor/core";
export default defineRevision({
  id: "a1",
  parents: [],
  message: "make",
  createdAt: "2026-12-06T00:00:00.000Z",
  upgrade(op) { op.createTable(${JSON.stringify(name)}, { columns: [{ name: "id", type: "integer" }] }); },
  downgrade(op) { op.dropTable(${JSON.stringify(name)}); },
});
`,
    );
    const run = await runCli(dir, ["upgrade"]);
    expect(run.code).toBe(1);
    const error = run.stderr.slice(run.stderr.indexOf("error["));
    expect(error).toBe(
      [
        'error[ATHANOR_MIGRATION_FAILED]: upgrade of revision a1 failed in statement #0 (operation #0, createTable): table "t',
        "  |   hint: athanor stamp heads",
        '  | Upgraded 1 revision in 1 ms; now at a1." already exists',
        '  |   SQL: CREATE TABLE "t',
        "  |   hint: athanor stamp heads",
        '  | Upgraded 1 revision in 1 ms; now at a1." ("id" integer)',
        "  | Nothing of it was applied: its transaction was rolled back and no statement of it is recorded as committed.",
        "",
      ].join("\n"),
    );
    // no line of the error starts as a hint or a run summary of its own
    const lines = error.split("\n");
    expect(lines.filter((l) => l.startsWith("  hint: athanor stamp") || l.startsWith("Upgraded"))).toEqual(
      [],
    );
  });
});
