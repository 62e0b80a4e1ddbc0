import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { projectCli, tempDir, useSchemaFile } from "./harness.js";
import type { StageBackend } from "./stage-suite.js";

// The walk found on MariaDB 10.11: a staged varchar(100) → text change, a 150-character value
// written after it, then a downgrade to before the recipe. MariaDB commits each DDL statement, so
// the contract's downgrade used to rename and re-add the column, then fail copying the value back
// (Data too long), part-applied; PostgreSQL's explicit cast in the copy truncated the value to
// 100 characters without a word. The downgrade's first statement now checks every value fits:
// the refusal applies nothing and names the rows; once the value is shortened it completes.

type Dialect = StageBackend["dialect"];

const schema = (on: Dialect, type: "varchar" | "text") => {
  const [core, int] = on === "mysql" ? ["mysql", "int"] : ["pg", "integer"];
  const column = type === "varchar" ? 'varchar("display_name", { length: 100 })' : 'text("display_name")';
  return `import { ${int}, ${core}Table, text, varchar } from "drizzle-orm/${core}-core";
export const users = ${core}Table("users", { id: ${int}("id").primaryKey(), display_name: ${column} });
`;
};

/** The catalogue reads of one dialect (the session's database or schema). */
const CATALOGUE = {
  mysql: {
    tables:
      "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1",
    columns:
      "SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1, 3",
    triggers:
      "SELECT TRIGGER_NAME, ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() ORDER BY 1",
    type: "SELECT COLUMN_TYPE AS t FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users' AND COLUMN_NAME = 'display_name'",
  },
  postgresql: {
    tables:
      "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1",
    columns:
      "SELECT table_name, column_name, ordinal_position, data_type, character_maximum_length, is_nullable, column_default FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY 1, 3",
    triggers:
      "SELECT trigger_name, event_manipulation, action_statement FROM information_schema.triggers WHERE trigger_schema = current_schema() ORDER BY 1, 2",
    type: "SELECT format_type(atttypid, atttypmod) AS t FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'display_name'",
  },
} as const;

const quoted = (on: Dialect, name: string) => (on === "mysql" ? `\`${name}\`` : `"${name}"`);

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
  const tables = (await backend.query(CATALOGUE[backend.dialect].tables)).map((r) => String(r.t));
  const rows: Record<string, Record<string, unknown>[]> = {};
  for (const t of tables)
    rows[t] = await backend.query(`SELECT * FROM ${quoted(backend.dialect, t)} ORDER BY 1`);
  const history = rows[HISTORY] ?? [];
  delete rows[HISTORY];
  return {
    history,
    rest: {
      rows,
      columns: await backend.query(CATALOGUE[backend.dialect].columns),
      triggers: await backend.query(CATALOGUE[backend.dialect].triggers),
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

/** The old type as each dialect's live model spells it. */
const OLD_TYPE = { mysql: "varchar(100)", postgresql: "character varying(100)" } as const;

/** The check autogenerate writes for the column. */
const checkOf = (on: Dialect) =>
  `op.requireValuesFit("users", "display_name", "${OLD_TYPE[on]}", { key: ["id"] });`;

const rowsById = async (backend: StageBackend) =>
  (await backend.query("SELECT id, display_name FROM users ORDER BY id")).map((r) => ({
    id: Number(r.id),
    display_name: r.display_name,
  }));

/**
 * A project on its own database at v1 (`varchar(100)`), upgraded and seeded, with v2 (`text`)
 * written by autogenerate (`flags`: `--no-stage`); the suite's hooks set it up and drop it.
 */
function walk(
  makeBackend: (prefix: string) => Promise<StageBackend>,
  prefix: string,
  flags: readonly string[],
  seed: readonly string[],
) {
  const at = {} as { backend: StageBackend; project: string };
  const { cli, must } = projectCli(
    () => at.project,
    () => at.backend.env,
  );
  beforeAll(async () => {
    at.backend = await makeBackend(prefix);
    at.project = tempDir(`athanor-${prefix}-`);
    expect((await cli("init", "--dialect", at.backend.dialect)).code).toBe(0);
    useSchemaFile(at.project);
    writeFileSync(join(at.project, "schema.ts"), schema(at.backend.dialect, "varchar"));
    await must("revision", "--autogenerate", "-m", "v1", "--rev-id", "a00000000001");
    await must("upgrade");
    for (const sql of seed) await at.backend.query(sql);
    writeFileSync(join(at.project, "schema.ts"), schema(at.backend.dialect, "text"));
    await must("revision", "--autogenerate", ...flags, "-m", "v2", "--rev-id", "b00000000001");
  }, 180_000);
  afterAll(async () => at.backend?.dispose());
  return { at, cli, must };
}

/**
 * The walk on one dialect, staged and with `--no-stage`: the refusal applies nothing (every
 * table's rows, columns, triggers and the version as before), names the rows, and once the value
 * is shortened the downgrade completes with every row.
 */
export function defineValuesFitSuite(
  makeBackend: (prefix: string) => Promise<StageBackend>,
  on: Dialect,
): void {
  describe("a staged type change whose downgrade narrows the type", () => {
    const { at, cli, must } = walk(
      makeBackend,
      "valuesfit",
      [],
      ["INSERT INTO users (id, display_name) VALUES (1, 'ann'), (2, 'bob')"],
    );
    const current = async () => (await must("current")).stdout.trim().split(/[\s,]/)[0];

    // PostgreSQL changes varchar into text in place (binary-compatible): one plain revision
    const last = on === "mysql" ? "b00000000001_3" : "b00000000001";

    test("the downgrade that narrows opens with the check that every value fits varchar(100)", () => {
      const text = revisionText(at.project, last);
      const down = text.slice(text.indexOf("downgrade(op)"));
      // first in the downgrade, before the first change
      expect(down).toContain(checkOf(on));
      const first = on === "mysql" ? "op.renameColumn" : "op.alterColumn";
      expect(down.indexOf("op.requireValuesFit")).toBeLessThan(down.indexOf(first));
      // the upgrades copy varchar into text: nothing to check
      expect(text.slice(0, text.indexOf("downgrade(op)"))).not.toContain("requireValuesFit");
      if (on === "mysql") {
        expect(text).toContain('phase: "contract"');
        expect(revisionText(at.project, "b00000000001_2")).not.toContain("requireValuesFit");
      }
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
      expect(error.message).toContain(
        `${quoted(on, "users")}.${quoted(on, "display_name")} do not fit ${OLD_TYPE[on]}`,
      );
      expect(error.message).toContain("Nothing of it was applied");
      await expectUnchanged(at.backend, before);
      expect(await current()).toBe(last);
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
      expect(await rowsById(at.backend)).toEqual([
        { id: 1, display_name: "ann" },
        { id: 2, display_name: "bob" },
        { id: 3, display_name: "x".repeat(100) },
        { id: 4, display_name: "dan" },
      ]);
      const [column] = await at.backend.query(CATALOGUE[on].type);
      expect(column?.t).toBe(on === "mysql" ? "varchar(100)" : "character varying(100)");
    }, 180_000);
  });

  describe("the same change written with --no-stage", () => {
    const { at, cli, must } = walk(makeBackend, "valuesfitplain", ["--no-stage"], []);

    test("its downgrade checks first, and refuses with nothing applied", async () => {
      const text = revisionText(at.project, "b00000000001");
      const down = text.slice(text.indexOf("downgrade(op)"));
      expect(down).toContain(checkOf(on));
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
      expect(await rowsById(at.backend)).toEqual([{ id: 7, display_name: "gus" }]);
    }, 180_000);
  });
}
