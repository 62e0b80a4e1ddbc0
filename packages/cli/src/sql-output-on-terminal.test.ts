import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ESCAPED_SQL_NOTICE } from "./terminal-guard.js";
import { runCli, tempDir } from "./testing/harness.js";

// `upgrade --sql` / `downgrade --sql` print SQL holding text nobody at the terminal reviewed: a
// name or statement with an escape sequence, a bell, a carriage return. Shown on a terminal —
// stdin a terminal or not (`athanor upgrade --sql < /dev/null`), colours on or off — none reaches
// it raw and a first comment says the script is shown escaped; written to a file or a pipe, the
// script keeps its exact bytes.

// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for exactly these
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

function project(upgrade: string, downgrade: string): string {
  const dir = tempDir("athanor-sql-terminal-");
  symlinkSync(join(import.meta.dirname, "../node_modules"), join(dir, "node_modules"), "dir");
  mkdirSync(join(dir, "migrations/versions"), { recursive: true });
  writeFileSync(
    join(dir, "athanor.config.ts"),
    'import { defineConfig } from "athanor";\nexport default defineConfig({ url: "file:./app.db", schema: "./schema.ts" });\n',
  );
  writeFileSync(
    join(dir, "migrations/versions/a1_create.ts"),
    [
      'import { defineRevision } from "@athanor/core";',
      "export default defineRevision({",
      '  id: "a1",',
      "  parents: [],",
      '  message: "create",',
      `  upgrade(op) { ${upgrade} },`,
      `  downgrade(op) { ${downgrade} },`,
      "});",
      "",
    ].join("\n"),
  );
  return dir;
}

// SQL a revision writes itself goes out as written (a name athanor quotes cannot hold these on
// SQLite: control-names-sqlite.test.ts)
const hostile = () =>
  project(
    'op.execute(\'CREATE TABLE "t\\u001b[8mx" ("id" integer)\'); op.execute("SELECT \'bell\\u0007\\rover\'")',
    "op.execute('DROP TABLE \"t\\u001b[8mx\"')",
  );

describe("--sql on a terminal", () => {
  it("stdout a terminal, stdin not: escaped, said in a first comment; piped: the exact bytes", async () => {
    const dir = hostile();
    const shown = await runCli(dir, ["upgrade", "--sql"], { isTTY: false, stdoutIsTerminal: true });
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout.split("\n")[0]).toBe(ESCAPED_SQL_NOTICE);
    expect(shown.stdout).toContain('CREATE TABLE "t\\x1b[8mx"');
    expect(shown.stdout).toContain("SELECT 'bell\\x07\\rover'");
    expect(shown.stdout).not.toMatch(RAW_CONTROL);

    const piped = await runCli(dir, ["upgrade", "--sql"]);
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stdout).not.toContain(ESCAPED_SQL_NOTICE);
    expect(piped.stdout).toContain('CREATE TABLE "t\x1b[8mx"');
    expect(piped.stdout).toContain("SELECT 'bell\x07\rover'");

    const down = await runCli(dir, ["downgrade", "--sql", "a1:base"], { stdoutIsTerminal: true });
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout).toContain('DROP TABLE "t\\x1b[8mx"');
    expect(down.stdout).not.toMatch(RAW_CONTROL);
  });

  it("a terminal with colours on: an escape sequence that looks like a colour is escaped as well", async () => {
    const shown = await runCli(hostile(), ["upgrade", "--sql"], { isTTY: true, color: true });
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('CREATE TABLE "t\\x1b[8mx"');
    expect(shown.stdout).not.toMatch(RAW_CONTROL);
  });

  it("a script without control characters is the same on a terminal as piped", async () => {
    const dir = project(
      'op.createTable("t", { columns: [{ name: "id", type: "integer" }] })',
      'op.dropTable("t")',
    );
    const shown = await runCli(dir, ["upgrade", "--sql"], { stdoutIsTerminal: true });
    expect(shown.code, shown.stderr).toBe(0);
    // each script has its own run id
    const runIds = (text: string) => text.replace(/'[0-9a-f-]{36}'/g, "'<run id>'");
    expect(runIds(shown.stdout)).toBe(runIds((await runCli(dir, ["upgrade", "--sql"])).stdout));
    expect(shown.stdout).not.toContain("-- athanor: control characters");
  });
});
