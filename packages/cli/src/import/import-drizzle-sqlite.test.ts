import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { createOp, loadRevisionModule, type Operation } from "@athanor/core";
import { sqliteDialect } from "@athanor/sqlite";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliRevisionImporter } from "../database/revision-importer.js";
import { runCli } from "../testing/harness.js";
import { type DrizzleKitProject, drizzleKitProject } from "./testing/drizzle-kit-project.js";

// better-sqlite3 is the peer of @athanor/sqlite: resolve it from there
const Database = createRequire(createRequire(import.meta.url).resolve("@athanor/sqlite"))(
  "better-sqlite3",
) as new (
  file: string,
) => { close(): void };

const env = { DATABASE_URL: "file:./app.db" };
const V1 = `import { sql } from "drizzle-orm";
import { check, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
export const users = sqliteTable("users", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  email: text("email").notNull().unique(),
  active: integer("active", { mode: "boolean" }).default(true),
  created: integer("created").default(sql\`(unixepoch())\`),
}, (t) => [check("users_id_positive", sql\`\${t.id} > 0\`)]);
`;
const V2 = `${V1}export const posts = sqliteTable("posts", { id: integer("id").primaryKey(), author: integer("author").references(() => users.id, { onDelete: "cascade" }), body: text("body") });
`;
// nick: ADD COLUMN; the FK's new action: drizzle-kit's own table rebuild (its __new_posts copy)
const V3 = V2.replace(
  'created: integer("created")',
  'nick: text("nick").default("anon"),\n  created: integer("created")',
).replace('{ onDelete: "cascade" }', '{ onDelete: "set null" }');

let project: DrizzleKitProject;
const file = () => join(project.dir, "app.db");

async function query<T = Record<string, unknown>>(sql: string): Promise<T[]> {
  const conn = await sqliteDialect({ file: file() }).connect();
  try {
    return (await conn.query<T>(sql)).rows as T[];
  } finally {
    await conn.close();
  }
}
const columns = async (table: string) =>
  (await query<{ name: string }>(`SELECT name FROM pragma_table_info('${table}')`)).map((r) => r.name).sort();
const tables = async () =>
  (await query<{ name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"))
    .map((r) => r.name)
    .filter((t) => !t.startsWith("athanor") && !t.startsWith("sqlite_"));

beforeAll(() => {
  project = drizzleKitProject("sqlite");
  project.generate("init", V1);
  project.generate("posts", V2);
  project.generate("nick", V3);
  const db = new Database(file());
  try {
    migrate(drizzle(db as never), { migrationsFolder: project.out });
  } finally {
    db.close();
  }
}, 60_000);

afterAll(() => project?.dispose());

describe("athanor import drizzle on SQLite (drizzle-kit 0.31, better-sqlite3)", () => {
  it("imports, stamps at the last applied migration, upgrade replays nothing, and check finds the models", async () => {
    const result = await runCli(project.dir, ["import", "drizzle", "--json"], { env });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.dialect).toBe("sqlite");
    expect(report.revisions.map((r: { tag: string }) => r.tag)).toEqual([
      "0000_init",
      "0001_posts",
      "0002_nick",
    ]);
    expect(report.revisions.map((r: { irreversible: boolean }) => r.irreversible)).toEqual([
      false,
      false,
      false,
    ]);
    expect(report.database.stampedAt).toBe(report.revisions[2].revision);
    const sql = readFileSync(join(project.out, "0002_nick.sql"), "utf8");
    const { definition } = await loadRevisionModule(report.revisions[2].file, cliRevisionImporter);
    const ops: Operation[] = [];
    await definition.upgrade(
      createOp({ dialect: "sqlite", emit: (o) => ops.push(o), query: async () => [] }),
    );
    expect(ops.map((o) => (o.kind === "execute" ? o.sql : o.kind)).join("--> statement-breakpoint")).toBe(
      sql,
    );
    const up = await runCli(project.dir, ["upgrade", "--json"], { env });
    expect(JSON.parse(up.stdout).results).toEqual([]);
    // the database drizzle-kit built, read in the canonical form, is what the models say
    const check = await runCli(project.dir, ["check"], { env });
    expect(check.stderr).toBe("");
    expect(check.stdout).toContain("No differences");
    const again = JSON.parse((await runCli(project.dir, ["import", "drizzle", "--json"], { env })).stdout);
    expect(again.revisions.every((r: { status: string }) => r.status === "unchanged")).toBe(true);
    expect(readdirSync(join(project.dir, "athanor/versions"))).toHaveLength(3);
  });

  it("downgrades the last two migrations from the snapshots (rebuilds keep the rows) and upgrades again", async () => {
    await query("INSERT INTO users (email) VALUES ('a@x'), ('b@x')");
    await query("INSERT INTO posts (id, author, body) VALUES (1, 1, 'hi')");
    expect(await columns("users")).toEqual(["active", "created", "email", "id", "nick"]);
    const down = await runCli(project.dir, ["downgrade", "-2"], { env });
    expect(down.stderr).toBe("");
    expect(down.code).toBe(0);
    expect(await columns("users")).toEqual(["active", "created", "email", "id"]);
    expect(await tables()).toEqual(["__drizzle_migrations", "users"]);
    expect(await query("SELECT count(*) AS n FROM users")).toEqual([{ n: 2 }]);
    const up = await runCli(project.dir, ["upgrade"], { env });
    expect(up.stderr).toBe("");
    expect(await tables()).toEqual(["__drizzle_migrations", "posts", "users"]);
    expect(await columns("users")).toEqual(["active", "created", "email", "id", "nick"]);
    expect(await query("SELECT count(*) AS n FROM users")).toEqual([{ n: 2 }]);
    expect(await query("PRAGMA foreign_key_check")).toEqual([]);
    expect((await runCli(project.dir, ["check"], { env })).stdout).toContain("No differences");
  });
});
