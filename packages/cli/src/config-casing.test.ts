import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ok, runCli, tempDir } from "./testing/harness.js";

// drizzle's `casing` names a column written only by its key (`firstName: text()`): with
// "snake_case" the database column is first_name. athanor read drizzle.config's casing not at all,
// so check and autogenerate wanted a column "firstName" where drizzle-kit and the app use first_name.

function project(config: Record<string, unknown>, file = "drizzle.config.json"): string {
  const dir = tempDir("athanor-casing-");
  symlinkSync(join(import.meta.dirname, "../node_modules"), join(dir, "node_modules"), "dir");
  mkdirSync(join(dir, "src"), { recursive: true });
  // check only reads, so the database must exist: an empty file is an empty SQLite database
  writeFileSync(join(dir, "app.db"), "");
  mkdirSync(join(dir, "athanor/versions"), { recursive: true });
  writeFileSync(
    join(dir, "src/schema.ts"),
    `import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
export const users = sqliteTable("users", { id: integer().primaryKey(), firstName: text(), lastName: text("LastName") },
  (t) => [index("users_first_idx").on(t.firstName)]);
`,
  );
  const body = {
    dialect: "sqlite",
    schema: "./src/schema.ts",
    dbCredentials: { url: "file:./app.db" },
    ...config,
  };
  writeFileSync(
    join(dir, file),
    file.endsWith(".json")
      ? JSON.stringify(body)
      : `export default ${JSON.stringify({ ...body, dbCredentials: undefined, versions: "athanor/versions" })};\n`,
  );
  return dir;
}

async function columnsCheckWants(dir: string): Promise<string> {
  const run = await runCli(dir, ["check", "--json"], { env: { DATABASE_URL: "file:./app.db" } });
  expect(run.code, run.output).toBe(1);
  const differences: string[] = JSON.parse(run.stdout).error.meta.differences;
  return differences.find((d) => d.startsWith("+ table users")) ?? differences.join("\n");
}

describe("casing", () => {
  it("drizzle.config's snake_case names key-only columns as drizzle-kit does; an explicit name is kept", async () => {
    expect(await columnsCheckWants(project({ casing: "snake_case" }))).toBe(
      "+ table users (id, first_name, LastName)",
    );
    expect(await columnsCheckWants(project({}))).toBe("+ table users (id, firstName, LastName)");
  });

  it("athanor.config's casing does the same, and the revision autogenerate writes builds first_name", async () => {
    const dir = project({ casing: "snake_case" }, "athanor.config.mjs");
    expect(await columnsCheckWants(dir)).toBe("+ table users (id, first_name, LastName)");
    const env = { env: { DATABASE_URL: "file:./app.db" } };
    expect((await runCli(dir, ["revision", "--autogenerate", "-m", "users"], env)).code).toBe(0);
    expect((await runCli(dir, ["upgrade"], env)).code).toBe(0);
    const check = await runCli(dir, ["check"], env);
    expect(check.code, check.output).toBe(0);
  });

  it("init copies drizzle.config's casing into athanor.config.ts", async () => {
    const dir = project({ casing: "snake_case" });
    await ok(dir, ["init"]);
    expect(readFileSync(join(dir, "athanor.config.ts"), "utf8")).toContain('  casing: "snake_case",');
    expect(await columnsCheckWants(dir)).toBe("+ table users (id, first_name, LastName)");
  });

  it("another value is ATHANOR_CONFIG_INVALID naming the field", async () => {
    for (const file of ["drizzle.config.json", "athanor.config.mjs"]) {
      const run = await runCli(project({ casing: "kebab-case" }, file), ["heads", "--json"]);
      expect(run.code, run.output).toBe(1);
      expect(JSON.parse(run.stdout).error).toMatchObject({
        code: "ATHANOR_CONFIG_INVALID",
        meta: { field: "casing" },
      });
    }
  });
});
