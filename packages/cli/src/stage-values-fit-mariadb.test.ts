import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { projectCli, tempDir, useSchemaFile } from "./testing/harness.js";
import { mariadbStageBackend } from "./testing/mariadb-stage-backend.js";
import type { StageBackend } from "./testing/stage-suite.js";

// The walk on MariaDB 10.11: a staged varchar(100) → text change, a 150-character value written
// after it, then a downgrade to before the recipe. MariaDB commits each DDL statement, so the
// contract's downgrade used to rename and re-add the column, then fail copying the value back
// (Data too long), part-applied. Its first statement now checks every value fits: the refusal
// applies nothing, names the rows, and once the value is shortened the downgrade completes.

const schema = (
  type: "varchar" | "text",
) => `import { int, mysqlTable, text, varchar } from "drizzle-orm/mysql-core";
export const users = mysqlTable("users", { id: int("id").primaryKey(), display_name: ${type === "varchar" ? 'varchar("display_name", { length: 100 })' : 'text("display_name")'} });
`;

function revisionText(project: string, revId: string): string {
  const dir = join(project, "migrations", "versions");
  const file = readdirSync(dir).find((f) => f.startsWith(revId));
  if (file === undefined) throw new Error(`no revision ${revId} in ${dir}`);
  return readFileSync(join(dir, file), "utf8");
}

/**
 * Every table's rows (the version table and the run bookkeeping too; the history log apart: a
 * refusal adds its `failed` row), columns and triggers of the database.
 */
async function snapshot(
  backend: StageBackend,
): Promise<{ history: Record<string, unknown>[]; rest: unknown }> {
  const tables = (
    await backend.query(
      "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1",
    )
  ).map((r) => String(r.t));
  const rows: Record<string, Record<string, unknown>[]> = {};
  for (const t of tables)
    rows[t] = await backend.query(`SELECT * FROM \`${t.replaceAll("`", "``")}\` ORDER BY 1`);
  const history = rows[HISTORY] ?? [];
  delete rows[HISTORY];
  return {
    history,
    rest: {
      rows,
      columns: await backend.query(
        "SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1, 3",
      ),
      triggers: await backend.query(
        "SELECT TRIGGER_NAME, ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() ORDER BY 1",
      ),
    },
  };
}

/** After a refusal: everything as before, and the history log only grew by failed runs stopped at statement #0. */
async function expectUnchanged(backend: StageBackend, before: Awaited<ReturnType<typeof snapshot>>) {
  const after = await snapshot(backend);
  expect(after.rest).toEqual(before.rest);
  expect(after.history.slice(0, before.history.length)).toEqual(before.history);
  const added = after.history.slice(before.history.length);
  expect(added.length).toBeGreaterThan(0);
  for (const run of added) expect([run.status, run.statement_index]).toEqual(["failed", 0]);
}

const LONG = "x".repeat(150);
const HISTORY = "athanor_version_history";

/**
 * A project on its own MariaDB database at v1 (`varchar(100)`), upgraded and seeded, with v2
 * (`text`) written by autogenerate (`flags`: `--no-stage`); the suite's hooks set it up and drop it.
 */
function walk(prefix: string, flags: readonly string[], seed: readonly string[]) {
  const at = {} as { backend: StageBackend; project: string };
  const { cli, must } = projectCli(
    () => at.project,
    () => at.backend.env,
  );
  beforeAll(async () => {
    at.backend = await mariadbStageBackend(prefix);
    at.project = tempDir(`athanor-${prefix}-`);
    expect((await cli("init", "--dialect", "mysql")).code).toBe(0);
    useSchemaFile(at.project);
    writeFileSync(join(at.project, "schema.ts"), schema("varchar"));
    await must("revision", "--autogenerate", "-m", "v1", "--rev-id", "a00000000001");
    await must("upgrade");
    for (const sql of seed) await at.backend.query(sql);
    writeFileSync(join(at.project, "schema.ts"), schema("text"));
    await must("revision", "--autogenerate", ...flags, "-m", "v2", "--rev-id", "b00000000001");
  }, 180_000);
  afterAll(async () => at.backend?.dispose());
  return { at, cli, must };
}

describe("a staged type change whose downgrade narrows the type (MariaDB)", () => {
  const { at, cli, must } = walk(
    "valuesfit",
    [],
    ["INSERT INTO users (id, display_name) VALUES (1, 'ann'), (2, 'bob')"],
  );
  const current = async () => (await must("current")).stdout.trim().split(/[\s,]/)[0];

  test("the contract's downgrade opens with the check that every value fits varchar(100)", () => {
    const contract = revisionText(at.project, "b00000000001_3");
    expect(contract).toContain('phase: "contract"');
    const down = contract.slice(contract.indexOf("downgrade(op)"));
    // first in the downgrade, before the rename
    expect(
      down.indexOf('op.requireValuesFit("users", "display_name", "varchar(100)", { key: ["id"] });'),
    ).toBeGreaterThan(0);
    expect(down.indexOf("op.requireValuesFit")).toBeLessThan(down.indexOf("op.renameColumn"));
    // the upgrade copies varchar into text: nothing to check
    expect(revisionText(at.project, "b00000000001_2")).not.toContain("requireValuesFit");
  });

  test("a downgrade whose values do not fit refuses, nothing applied, naming the rows", async () => {
    await must("upgrade");
    await at.backend.query(`INSERT INTO users (id, display_name) VALUES (3, '${LONG}'), (4, 'dan')`);
    const before = await snapshot(at.backend);
    const refused = await cli("downgrade", "a00000000001", "--json");
    expect(refused.code, refused.stderr).toBe(1);
    const error = JSON.parse(refused.stdout).error;
    expect(error.code).toBe("ATHANOR_VALUES_DO_NOT_FIT");
    expect(error.meta.outcome).toBe("nothing");
    expect(error.meta.rows).toEqual(["id=3"]);
    expect(error.message).toContain("`users`.`display_name` do not fit varchar(100)");
    expect(error.message).toContain("Nothing of it was applied");
    await expectUnchanged(at.backend, before);
    expect(await current()).toBe("b00000000001_3");
    // no partial run: check and autogenerate see the schema the models describe
    await must("check");
    const human = await cli("downgrade", "a00000000001");
    expect(human.code).toBe(1);
    expect(human.stderr).toContain("ATHANOR_VALUES_DO_NOT_FIT");
    await expectUnchanged(at.backend, before);
  }, 180_000);

  test("with the value shortened the downgrade completes and every row comes back", async () => {
    await at.backend.query("UPDATE users SET display_name = LEFT(display_name, 100) WHERE id = 3");
    await must("downgrade", "a00000000001");
    expect(await current()).toBe("a00000000001");
    expect(await at.backend.query("SELECT id, display_name FROM users ORDER BY id")).toEqual([
      { id: 1, display_name: "ann" },
      { id: 2, display_name: "bob" },
      { id: 3, display_name: "x".repeat(100) },
      { id: 4, display_name: "dan" },
    ]);
    const [column] = await at.backend.query(
      "SELECT COLUMN_TYPE AS t FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users' AND COLUMN_NAME = 'display_name'",
    );
    expect(column?.t).toBe("varchar(100)");
  }, 180_000);
});

describe("the same change written with --no-stage (MariaDB)", () => {
  const { at, cli, must } = walk("valuesfitplain", ["--no-stage"], []);

  test("its downgrade checks first, and refuses with nothing applied", async () => {
    const text = revisionText(at.project, "b00000000001");
    const down = text.slice(text.indexOf("downgrade(op)"));
    expect(
      down.indexOf('op.requireValuesFit("users", "display_name", "varchar(100)", { key: ["id"] });'),
    ).toBeGreaterThan(0);
    expect(text.slice(0, text.indexOf("downgrade(op)"))).not.toContain("requireValuesFit");
    await must("lint");
    await must("upgrade");
    await at.backend.query(`INSERT INTO users (id, display_name) VALUES (7, '${LONG}')`);
    const before = await snapshot(at.backend);
    const refused = await cli("downgrade", "a00000000001", "--json");
    expect(refused.code, refused.stderr).toBe(1);
    const error = JSON.parse(refused.stdout).error;
    expect([error.code, error.meta.outcome, error.meta.rows]).toEqual([
      "ATHANOR_VALUES_DO_NOT_FIT",
      "nothing",
      ["id=7"],
    ]);
    await expectUnchanged(at.backend, before);
    await at.backend.query("UPDATE users SET display_name = 'gus' WHERE id = 7");
    await must("downgrade", "a00000000001");
    expect(await at.backend.query("SELECT id, display_name FROM users")).toEqual([
      { id: 7, display_name: "gus" },
    ]);
  }, 180_000);
});
