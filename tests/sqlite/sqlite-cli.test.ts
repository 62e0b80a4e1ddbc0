// SQLite through the CLI, end to end: a project whose config says `url: "file:./app.db"` gets the
// built-in SQLite dialect from the URL scheme and runs upgrade (a table rebuild included), current,
// status, check --against migrations, upgrade --sql (a rebuild included) and downgrade on a file next to the config.
import { existsSync, mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { sqliteDialect } from "../../packages/sqlite/src/index.js";
import { cli, ROOT } from "../support/spawn-cli.js";

const revision = (id: string, parents: string[], up: string, down: string) =>
  [
    'import { defineRevision } from "@athanor/core";',
    `export default defineRevision({ id: ${JSON.stringify(id)}, parents: ${JSON.stringify(parents)}, message: ${JSON.stringify(id)},`,
    `  upgrade(op) { ${up} },`,
    `  downgrade(op) { ${down} },`,
    "});",
    "",
  ].join("\n");

function project(settings = ""): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "athanor-sqlite-cli-")));
  symlinkSync(join(ROOT, "packages/cli/node_modules"), join(dir, "node_modules"), "dir");
  const versions = join(dir, "migrations/versions");
  mkdirSync(versions, { recursive: true });
  writeFileSync(
    join(dir, "athanor.config.ts"),
    `import { defineConfig } from "athanor";\nexport default defineConfig({ url: "file:./app.db"${settings} });\n`,
  );
  writeFileSync(
    join(versions, "a1_users.ts"),
    revision(
      "a1",
      [],
      'op.createTable("users", { columns: [{ name: "id", type: "integer", nullable: false }, { name: "name", type: "text", nullable: false }], primaryKey: ["id"] }); op.bulkInsert("users", [{ id: 1, name: "ada" }]);',
      'op.dropTable("users");',
    ),
  );
  writeFileSync(
    join(versions, "b2_nullable.ts"),
    revision(
      "b2",
      ["a1"],
      'op.alterColumn("users", "name", { nullable: true, existingNullable: false });',
      'op.alterColumn("users", "name", { nullable: false, existingNullable: true });',
    ),
  );
  return dir;
}

// The same walk on each driver the config's `sqlite` section can choose (the default: better-sqlite3).
describe.each([
  ["better-sqlite3", ""],
  ["libsql", ', sqlite: { driver: "libsql" }'],
  ["@libsql/client", ', sqlite: { driver: "@libsql/client" }'],
])("SQLite through the CLI (file: URL, %s)", (_driver, settings) => {
  let dir: string;
  beforeAll(() => {
    dir = project(settings);
  });

  it("upgrades (a rebuild included) into app.db beside the config, reports current and status, and downgrades", async () => {
    const up = await cli(dir, ["upgrade"]);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toContain("now at b2");
    expect(existsSync(join(dir, "app.db"))).toBe(true);

    const current = await cli(dir, ["current"]);
    expect(current.stdout).toContain("b2 (head)");
    const status = await cli(dir, ["status"]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/Lock:\s+free/);

    // drift: replayed into an in-memory SQLite (no server to make scratch databases on)
    const clean = await cli(dir, ["check", "--against", "migrations"]);
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).toContain("No drift");
    expect(clean.stdout).toContain("an in-memory SQLite");
    const conn = await sqliteDialect({ file: join(dir, "app.db") }).connect();
    await conn.query("ALTER TABLE users ADD COLUMN sneaky text");
    await conn.close();
    const drifted = await cli(dir, ["check", "--against", "migrations"]);
    expect(drifted.code).not.toBe(0);
    expect(drifted.stdout).toContain('+ table "main"."users" › column "sneaky"');
    expect(drifted.stderr).toContain("ATHANOR_MIGRATION_DRIFT");
    const fix = await sqliteDialect({ file: join(dir, "app.db") }).connect();
    await fix.query("ALTER TABLE users DROP COLUMN sneaky");
    await fix.close();

    const down = await cli(dir, ["downgrade", "base"]);
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout).toContain("now at <base>");
  });

  it("upgrade --sql renders the plain revision with BEGIN IMMEDIATE and the foreign key check, and the rebuild from the replayed chain", async () => {
    const plain = await cli(dir, ["upgrade", "--sql", "base:a1"]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toContain("BEGIN IMMEDIATE;");
    expect(plain.stdout).toContain('CREATE TABLE "users"');
    expect(plain.stdout).toContain("pragma_foreign_key_check");

    const rebuild = await cli(dir, ["upgrade", "--sql", "a1:b2"]);
    expect(rebuild.code, rebuild.stderr).toBe(0);
    expect(rebuild.stdout).toMatch(/^PRAGMA foreign_keys = OFF;$/m);
    expect(rebuild.stdout).not.toContain('CREATE TABLE "users"'); // a1 replayed, not printed
    expect(rebuild.stdout).toContain(
      'CREATE TABLE "__athanor_new_users" ("id" integer NOT NULL, "name" text, CONSTRAINT "users_pkey" PRIMARY KEY ("id"))',
    );
  });
});
