import { existsSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ok, runCli, tempDir } from "./testing/harness.js";

// A mistyped SQLite path: every driver creates the file on open, so `status` used to leave an
// empty database behind and call it "ready". Commands that only read open it without creating
// it — ATHANOR_DATABASE_NOT_FOUND naming the path, exit 1, no file — on each file driver;
// `upgrade` (and `stamp`) still create it, as drizzle-kit does.
const READ_ONLY = [
  ["current"],
  ["status"],
  ["check"],
  ["diff"],
  ["check", "--against", "migrations"],
  ["history", "-i"],
  ["graph", "-i"],
  ["show", "current"],
  ["checksums"],
] as const;

describe.each(["better-sqlite3", "libsql", "@libsql/client"])("SQLite through %s", (driver) => {
  it("a read-only command on a missing file fails with ATHANOR_DATABASE_NOT_FOUND and creates nothing; upgrade creates it", async () => {
    const dir = tempDir("athanor-sqlite-missing-");
    // the schema's drizzle-orm import resolves from the project, as in a user's
    symlinkSync(join(import.meta.dirname, "../node_modules"), join(dir, "node_modules"), "dir");
    await ok(dir, ["init", "--dialect", "sqlite"]);
    writeFileSync(
      join(dir, "athanor.config.ts"),
      `import { defineConfig } from "athanor";\nexport default defineConfig({ dialect: "sqlite", versions: "migrations/versions", schema: "./schema.ts", sqlite: { driver: ${JSON.stringify(driver)} } });\n`,
    );
    writeFileSync(
      join(dir, "schema.ts"),
      'import { integer, sqliteTable } from "drizzle-orm/sqlite-core";\nexport const t = sqliteTable("t", { id: integer("id").primaryKey() });\n',
    );
    await ok(dir, ["revision", "-m", "one", "--rev-id", "a1"]);
    const env = { DATABASE_URL: "file:./app.dbb" };
    const file = join(dir, "app.dbb");
    const before = readdirSync(dir).sort();
    for (const argv of READ_ONLY) {
      const run = await runCli(dir, [...argv, "--json"], { env });
      const shown = `${argv.join(" ")}: ${run.stdout}${run.stderr}`;
      expect(run.code, shown).toBe(1);
      const error = JSON.parse(run.stdout).error;
      expect(error.code, shown).toBe("ATHANOR_DATABASE_NOT_FOUND");
      expect(error.message).toContain(file);
      expect(error.meta).toMatchObject({ dialect: "sqlite", file, driver });
      expect(existsSync(file), shown).toBe(false);
      expect(readdirSync(dir).sort()).toEqual(before);
    }
    const text = await runCli(dir, ["status"], { env });
    expect(text.stderr).toContain("error[ATHANOR_DATABASE_NOT_FOUND]");
    expect(text.stdout).not.toContain("ready");

    const upgraded = await runCli(dir, ["upgrade"], { env: { DATABASE_URL: "file:./app.db" } });
    expect(upgraded.code, upgraded.stderr).toBe(0);
    expect(existsSync(join(dir, "app.db"))).toBe(true);
    const status = await runCli(dir, ["current", "--json"], { env: { DATABASE_URL: "file:./app.db" } });
    expect(status.code, status.stdout).toBe(0);
    expect(JSON.parse(status.stdout).heads).toEqual(["a1"]);
  });
});
