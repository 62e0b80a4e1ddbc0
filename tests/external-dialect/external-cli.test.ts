// The outside dialect through the CLI, end to end: a project's config registers quirklite with
// `registerDialect` (re-exported by `athanor`) and names it; autogenerate, upgrade, check,
// current, `--sql` and downgrade then run on it through its module — its renderer (the marker in
// the SQL), its target (a data folder from its own URL scheme), its in-memory dev database.
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli, ROOT } from "../support/spawn-cli.js";
import { QUIRK_MARKER } from "./quirklite-dialect.js";

const FIXTURE = join(ROOT, "tests/external-dialect/quirklite-dialect.ts");

function project(dialect: string): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "athanor-quirklite-")));
  // drizzle-orm for the schema file, from the CLI's own dependencies (as the CLI's tests do)
  symlinkSync(join(ROOT, "packages/cli/node_modules"), join(dir, "node_modules"), "dir");
  mkdirSync(join(dir, "migrations/versions"), { recursive: true });
  writeFileSync(
    join(dir, "athanor.config.ts"),
    [
      `import { defineConfig, registerDialect } from "athanor";`,
      `import { quirkliteModule } from ${JSON.stringify(FIXTURE)};`,
      "registerDialect(quirkliteModule, { replace: true });",
      `export default defineConfig({ dialect: ${JSON.stringify(dialect)}, url: ${JSON.stringify(`quirklite://${join(dir, "db")}`)}, schema: "schema.ts" });`,
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(dir, "schema.ts"),
    `import { pgTable, serial, text } from "drizzle-orm/pg-core";\nexport const users = pgTable("users", { id: serial("id").primaryKey(), name: text("name").notNull() });\n`,
  );
  return dir;
}

describe("quirklite through the CLI (registered by the project's config)", () => {
  let dir: string;
  beforeAll(() => {
    dir = project("quirklite");
  });

  it("autogenerates, upgrades, checks, renders and downgrades through the dialect's module", async () => {
    const generated = await cli(dir, ["revision", "--autogenerate", "-m", "create users"]);
    expect(generated.code, generated.stderr).toBe(0);
    const [file] = readdirSync(join(dir, "migrations/versions"));
    expect(readFileSync(join(dir, "migrations/versions", file as string), "utf8")).toContain(
      "op.createTable",
    );

    const sql = await cli(dir, ["upgrade", "--sql"]);
    expect(sql.code, sql.stderr).toBe(0);
    expect(sql.stdout).toContain(`${QUIRK_MARKER}CREATE TABLE`);

    const upgraded = await cli(dir, ["upgrade"]);
    expect(upgraded.code, upgraded.stderr).toBe(0);
    const check = await cli(dir, ["check"]);
    expect(check.code, `${check.stdout}\n${check.stderr}`).toBe(0);
    const current = await cli(dir, ["current"]);
    expect(current.stdout).toContain("create users");
    const status = await cli(dir, ["status"]);
    expect(status.stdout).toContain("Database:      QuirkLite in db");
    expect(status.stdout).toContain("an in-memory QuirkLite (the target is QuirkLite)");

    const downgraded = await cli(dir, ["downgrade", "base"]);
    expect(downgraded.code, downgraded.stderr).toBe(0);
  }, 600_000);

  it("a dialect name nothing registered stops the command with ATHANOR_DIALECT_UNKNOWN", async () => {
    const run = await cli(project("quirkless"), ["current"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("ATHANOR_DIALECT_UNKNOWN");
    expect(run.stderr).toContain('"quirklite"');
  }, 120_000);
});
