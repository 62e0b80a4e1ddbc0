import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ok, runCli, tempDir } from "./testing/harness.js";

// drizzle-kit takes `schema` as a path, a folder, a glob or a list of them; athanor used to
// refuse a list ("must be one path") and read a glob as a file name that did not exist.

function project(config: Record<string, unknown>): string {
  const dir = tempDir("athanor-schema-globs-");
  symlinkSync(join(import.meta.dirname, "../node_modules"), join(dir, "node_modules"), "dir");
  mkdirSync(join(dir, "src/db/tables"), { recursive: true });
  // check only reads, so the database must exist: an empty file is an empty SQLite database
  writeFileSync(join(dir, "app.db"), "");
  mkdirSync(join(dir, "athanor/versions"), { recursive: true });
  const table = (name: string) =>
    `import { integer, sqliteTable } from "drizzle-orm/sqlite-core";\nexport const ${name} = sqliteTable("${name}", { id: integer().primaryKey() });\n`;
  writeFileSync(join(dir, "src/db/users.ts"), table("users"));
  writeFileSync(join(dir, "src/db/tables/posts.ts"), table("posts"));
  writeFileSync(join(dir, "src/db/tables/tags.ts"), table("tags"));
  writeFileSync(
    join(dir, "src/db/tables/tags.test.ts"),
    `throw new Error("a test is not a schema module");\n`,
  );
  writeFileSync(
    join(dir, "drizzle.config.json"),
    JSON.stringify({ dialect: "sqlite", dbCredentials: { url: "file:./app.db" }, ...config }),
  );
  return dir;
}

async function tablesCheckSees(dir: string): Promise<string[]> {
  // init never copies the URL: the environment gives it, as the docs say
  const run = await runCli(dir, ["check", "--json"], { env: { DATABASE_URL: "file:./app.db" } });
  expect(run.code, run.output).toBe(1);
  const differences: string[] = JSON.parse(run.stdout).error.meta.differences;
  return differences.map((d) => d.replace(/^\+ table (\w+).*$/, "$1")).sort();
}

describe("schema as drizzle-kit takes it", () => {
  it("a list of a file and a glob: check reads every module they name, tests left out", async () => {
    const dir = project({ schema: ["./src/db/users.ts", "./src/db/tables/*.ts"] });
    expect(await tablesCheckSees(dir)).toEqual(["posts", "tags", "users"]);
  });

  it("a recursive glob", async () => {
    const dir = project({ schema: "./src/**/*.ts" });
    expect(await tablesCheckSees(dir)).toEqual(["posts", "tags", "users"]);
  });

  it("init copies the list into athanor.config.ts, which reads the same models", async () => {
    const dir = project({ schema: ["./src/db/users.ts", "./src/db/tables/*.ts"] });
    await ok(dir, ["init"]);
    expect(readFileSync(join(dir, "athanor.config.ts"), "utf8")).toContain(
      'schema: ["src/db/users.ts","src/db/tables/*.ts"],',
    );
    expect(await tablesCheckSees(dir)).toEqual(["posts", "tags", "users"]);
  });

  it("an empty list or a glob matching nothing is a coded error", async () => {
    const empty = await runCli(project({ schema: [] }), ["heads", "--json"]);
    expect(empty.code).toBe(1);
    expect(JSON.parse(empty.stdout).error).toMatchObject({
      code: "ATHANOR_CONFIG_INVALID",
      meta: { field: "schema" },
    });
    const none = await runCli(project({ schema: "./src/nothing/*.ts" }), ["check", "--json"]);
    expect(none.code).toBe(1);
    expect(JSON.parse(none.stdout).error.code).toBe("ATHANOR_SCHEMA_LOAD_FAILED");
  });

  it("a path that runs through a file (ENOTDIR) is the schema's coded error, not an internal one", async () => {
    const run = await runCli(project({ schema: "./src/db/users.ts/inner.ts" }), ["check", "--json"], {
      env: { DATABASE_URL: "file:./app.db" },
    });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).error.code).toBe("ATHANOR_SCHEMA_LOAD_FAILED");
  });
});
