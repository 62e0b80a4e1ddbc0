import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type DatabaseBackend, postgresBackend } from "./testing/database-backend.js";
import { ok, runCli, tempDir } from "./testing/harness.js";

// A database shared with another application: its tables must never be proposed for dropping.
// drizzle-kit's tablesFilter and schemaFilter say which live tables and schemas are the app's;
// athanor read neither, so check showed "- table other_orders" and autogenerate wrote the drop.

let backend: DatabaseBackend & { readonly url: string };
// each test on a database of its own, holding another application's table and schema
beforeEach(async () => {
  backend = await postgresBackend("filters");
  await backend.query("", "CREATE TABLE other_orders (id integer primary key)");
  await backend.query("", "CREATE SCHEMA legacy");
  await backend.query("", "CREATE TABLE legacy.junk (id integer)");
});
afterEach(async () => {
  await backend.dispose();
});

function project(config: Record<string, unknown>, models: string): string {
  const dir = tempDir("athanor-filters-");
  symlinkSync(join(import.meta.dirname, "../node_modules"), join(dir, "node_modules"), "dir");
  mkdirSync(join(dir, "src"), { recursive: true });
  mkdirSync(join(dir, "athanor/versions"), { recursive: true });
  writeFileSync(join(dir, "src/schema.ts"), models);
  writeFileSync(
    join(dir, "drizzle.config.json"),
    JSON.stringify({ dialect: "postgresql", schema: "./src/schema.ts", ...config }),
  );
  return dir;
}

const APP = `import { integer, pgTable } from "drizzle-orm/pg-core";
export const appUsers = pgTable("app_users", { id: integer().primaryKey() });
`;

async function run(dir: string, args: string[]): Promise<void> {
  const result = await runCli(dir, args, { env: backend.env() });
  expect(result.code, result.output).toBe(0);
}

async function differences(dir: string, args: string[] = ["check", "--json"]): Promise<string[]> {
  const run = await runCli(dir, args, { env: backend.env() });
  if (run.code === 0) return [];
  return JSON.parse(run.stdout).error.meta.differences ?? [JSON.parse(run.stdout).error.code];
}

describe("tablesFilter and schemaFilter (PostgreSQL)", () => {
  it("without them, the other application's table is a difference (what the filters are for)", async () => {
    expect(await differences(project({}, APP))).toEqual(["+ table app_users (id)", "- table other_orders"]);
    // legacy is not compared by default (not the models' schema, not public)
  });

  it("tablesFilter (with schemaFilter for check --against, which reads every schema) leaves the others out", async () => {
    const dir = project({ tablesFilter: ["app_*"], schemaFilter: ["public"] }, APP);
    expect(await differences(dir)).toEqual(["+ table app_users (id)"]);
    await run(dir, ["revision", "--autogenerate", "-m", "users"]);
    const [file] = readdirSync(join(dir, "athanor/versions")).filter((f) => f.endsWith("_users.ts"));
    const revision = readFileSync(join(dir, "athanor/versions", file ?? "missing"), "utf8");
    expect(revision).toContain('op.createTable("app_users"');
    expect(revision).not.toContain("other_orders");
    await run(dir, ["upgrade"]);
    expect(await differences(dir)).toEqual([]);
    expect(await differences(dir, ["check", "--against", "migrations", "--json"])).toEqual([]);
    // without schemaFilter, check --against migrations still sees the legacy schema: it reads every schema
    writeFileSync(
      join(dir, "drizzle.config.json"),
      JSON.stringify({ dialect: "postgresql", schema: "./src/schema.ts", tablesFilter: ["app_*"] }),
    );
    expect(await differences(dir, ["check", "--against", "migrations", "--json"])).not.toEqual([]);
    await run(dir, ["downgrade", "base"]);
  });

  it("schemaFilter names the compared schemas: public left out when not listed", async () => {
    const models = `import { integer, pgSchema } from "drizzle-orm/pg-core";
export const app = pgSchema("app");
export const things = app.table("things", { id: integer().primaryKey() });
`;
    const dir = project({ schemaFilter: ["app"] }, models);
    expect(await differences(dir)).toEqual(["+ schema app", "+ table app.things (id)"]);
    const listed = project({ schemaFilter: ["app", "legacy"] }, models);
    expect(await differences(listed)).toEqual([
      "+ schema app",
      "+ table app.things (id)",
      "- table legacy.junk",
      "- schema legacy",
    ]);
  });

  it("init copies them into athanor.config.ts; a wrong value is ATHANOR_CONFIG_INVALID", async () => {
    const dir = project({ tablesFilter: "app_*", schemaFilter: ["public"] }, APP);
    await ok(dir, ["init"]);
    const config = readFileSync(join(dir, "athanor.config.ts"), "utf8");
    expect(config).toContain('  tablesFilter: ["app_*"],');
    expect(config).toContain('  schemaFilter: ["public"],');
    expect(await differences(dir)).toEqual(["+ table app_users (id)"]);
    const bad = await runCli(project({ tablesFilter: [] }, APP), ["heads", "--json"]);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).error).toMatchObject({
      code: "ATHANOR_CONFIG_INVALID",
      meta: { field: "tablesFilter" },
    });
  });
});
