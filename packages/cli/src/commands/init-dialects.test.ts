import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtInDialectChoices } from "../database/dialect-registry.js";
import { runCli, tempDir } from "../testing/harness.js";

describe("athanor init offers every built-in dialect", () => {
  it("lists PostgreSQL, MySQL and SQLite, from the registry's built-in entries", () => {
    expect(builtInDialectChoices().map((choice) => choice.value)).toEqual(["postgresql", "mysql", "sqlite"]);
    for (const choice of builtInDialectChoices()) expect(choice.label).not.toBe("");
  });

  it("writes dialect: sqlite with --dialect sqlite", async () => {
    const dir = tempDir("athanor-init-sqlite-");
    const result = await runCli(dir, ["init", "--dialect", "sqlite"]);
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, "athanor.config.ts"), "utf8")).toContain('dialect: "sqlite",');
  });

  it("without a dialect (no terminal to ask), the config names every choice in a comment", async () => {
    const dir = tempDir("athanor-init-none-");
    expect((await runCli(dir, ["init"])).code).toBe(0);
    expect(readFileSync(join(dir, "athanor.config.ts"), "utf8")).toContain(
      '// dialect: "postgresql" | "mysql" | "sqlite",',
    );
  });

  it("refuses a dialect it does not know, naming the choices, and writes nothing", async () => {
    const dir = tempDir("athanor-init-bad-");
    const result = await runCli(dir, ["init", "--dialect", "oracle"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("sqlite");
    expect(() => readFileSync(join(dir, "athanor.config.ts"))).toThrow();
  });

  it("after import drizzle (the history exists), the next step is check, then autogenerate", async () => {
    const dir = tempDir("athanor-init-imported-");
    writeFileSync(
      join(dir, "drizzle.config.ts"),
      'export default { dialect: "sqlite", schema: "./schema.ts", out: "./drizzle" };\n',
    );
    mkdirSync(join(dir, "athanor", "versions"), { recursive: true });
    writeFileSync(join(dir, "athanor", "versions", "b0627bd35014_0000_init.ts"), "export default {};\n");
    const result = await runCli(dir, ["init", "--versions", "athanor/versions"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("(1 file(s), imported from drizzle-kit)");
    expect(result.stdout).toContain("  athanor check\n");
    expect(result.stdout).not.toContain("write your first revision");
  });
});
