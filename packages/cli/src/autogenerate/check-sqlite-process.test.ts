import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, test } from "vitest";
import { buildCli, spawnCli } from "../testing/build-cli.js";
import { ok, tempDir, useSchemaFile } from "../testing/harness.js";

// `check` on SQLite as a user runs it: the built bin, whose process caps V8 at baseline code once
// it knows the target (cap-jit-tier.ts), which in-process tests (`main()`) never do. Stored texts
// that differ from the models only in spelling give no difference; a changed default gives one.
beforeAll(() => buildCli(), 240_000);

const SCHEMA = `import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
export const users = sqliteTable("users", { id: integer("id").primaryKey(), name: text("name").notNull().default("x") });
export const posts = sqliteTable("posts", {
  id: integer("id").primaryKey(),
  userId: integer("user_id").references(() => users.id, { onDelete: "cascade" }),
}, (t) => [index("posts_user_idx").on(t.userId)]);
`;

/** A project whose app.db holds `users` as `usersSql` and `posts` spelled by hand. */
async function project(usersSql: string): Promise<string> {
  const dir = tempDir();
  await ok(dir, ["init", "--dialect", "sqlite"]);
  useSchemaFile(dir, 'url: "file:./app.db"');
  writeFileSync(join(dir, "schema.ts"), SCHEMA);
  const { default: Database } = await import("better-sqlite3");
  const db = new Database(join(dir, "app.db"));
  db.exec(`${usersSql};
    CREATE TABLE "posts"(   "id"   INTEGER  PRIMARY KEY NOT NULL
      , [user_id] integer /* the author */ REFERENCES users ( id ) ON DELETE CASCADE );
    CREATE INDEX "posts_user_idx" ON posts ( user_id );`);
  db.close();
  return dir;
}

test("stored texts differing only in whitespace, quoting, case and comments give no difference", async () => {
  const dir = await project(
    "CREATE TABLE `users` (\n\tid  INTEGER PRIMARY KEY NOT NULL,\n\t[name] TEXT NOT NULL DEFAULT ('x')\n)",
  );
  const run = await spawnCli(dir, ["check"], {});
  expect(run.stderr).not.toContain("error[");
  expect(run.stdout).toMatch(/No differences/);
  expect(run.code).toBe(0);
}, 120_000);

test("a stored default that differs from the model's is a difference", async () => {
  const dir = await project(
    "CREATE TABLE `users` (\n\tid  INTEGER PRIMARY KEY NOT NULL,\n\t[name] TEXT NOT NULL DEFAULT ('y')\n)",
  );
  const run = await spawnCli(dir, ["check"], {});
  expect(run.code).toBe(1);
  expect(run.stderr).toContain("ATHANOR_SCHEMA_DRIFT");
  expect(run.stdout).toMatch(/users\.name/);
}, 120_000);
