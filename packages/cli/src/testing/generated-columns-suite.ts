import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { projectCli, tempDir, useSchemaFile } from "./harness.js";
import type { StageBackend } from "./stage-suite.js";

/** What `items.label` is at one step of the walk. */
interface LabelState {
  readonly title: string;
  /** The Drizzle builder of `label` (for the dialect's column helpers). */
  readonly builder: string;
  /** `label` of the rows (1, 'Ann') and (2, 'Bob') once the step is applied. */
  readonly values: readonly [string, string];
}

const PG_HEADER =
  'import { sql } from "drizzle-orm";\nimport { index, integer, pgTable, varchar } from "drizzle-orm/pg-core";';
const MYSQL_HEADER =
  'import { sql } from "drizzle-orm";\nimport { index, int, mysqlTable, varchar } from "drizzle-orm/mysql-core";';

const label = 'varchar("label", { length: 40 })';
const pgGenerated = (fn: string) => `${label}.generatedAlwaysAs(sql\`${fn}(name)\`)`;
const myGenerated = (fn: string, mode: "stored" | "virtual") =>
  `${label}.generatedAlwaysAs(sql\`${fn}(name)\`, { mode: "${mode}" })`;

const LOWER = ["ann", "bob"] as const;
const UPPER = ["ANN", "BOB"] as const;

// Each step changes the generation of `label`; the values after a step that makes it plain are
// those it had (the computed ones), so data is kept where it means something.
const PG_WALK: readonly LabelState[] = [
  { title: "stored generated lower(name)", builder: pgGenerated("lower"), values: LOWER },
  { title: "expression becomes upper(name)", builder: pgGenerated("upper"), values: UPPER },
  { title: "becomes a plain column", builder: label, values: UPPER },
  { title: "plain becomes generated lower(name)", builder: pgGenerated("lower"), values: LOWER },
];
const MYSQL_WALK: readonly LabelState[] = [
  { title: "stored generated lower(name)", builder: myGenerated("lower", "stored"), values: LOWER },
  { title: "stored expression becomes upper(name)", builder: myGenerated("upper", "stored"), values: UPPER },
  { title: "stored becomes plain", builder: label, values: UPPER },
  { title: "plain becomes virtual lower(name)", builder: myGenerated("lower", "virtual"), values: LOWER },
  {
    title: "virtual expression becomes upper(name)",
    builder: myGenerated("upper", "virtual"),
    values: UPPER,
  },
  { title: "virtual becomes plain", builder: label, values: UPPER },
  { title: "plain becomes stored lower(name)", builder: myGenerated("lower", "stored"), values: LOWER },
  { title: "stored becomes virtual upper(name)", builder: myGenerated("upper", "virtual"), values: UPPER },
];

/** Revisions a PostgreSQL step writes: a second one when the column is re-added (its indexes built CONCURRENTLY). */
function expectedOnPostgres(before: LabelState, after: LabelState): number {
  return after.builder === label || before.builder === after.builder ? 1 : 2;
}

function schema(dialect: StageBackend["dialect"], state: LabelState): string {
  const mysql = dialect === "mysql";
  return `${mysql ? MYSQL_HEADER : PG_HEADER}
export const items = ${mysql ? "mysqlTable" : "pgTable"}(
  "items",
  {
    id: ${mysql ? 'int("id")' : 'integer("id")'}.primaryKey(),
    name: varchar("name", { length: 40 }).notNull(),
    label: ${state.builder},
  },
  (t) => [index("items_label_idx").on(t.label), index("items_name_label_idx").on(t.name, t.label)],
);
`;
}

/**
 * Generated columns whose expression changes, that become plain, and plain columns that
 * become generated, through the CLI on a database with rows, in the default (staged) flow or
 * with `--no-stage`: each step is one revision (on PostgreSQL a second, non-transactional one
 * builds the indexes of a re-added column CONCURRENTLY); after `upgrade`, `check` is clean,
 * both indexes on the column exist and the values are right; downgrading the step's revisions
 * gives the previous step's values and indexes back; then the walk goes on from there.
 */
export function defineGeneratedColumnsSuite(
  makeBackend: () => Promise<StageBackend>,
  mode: "staged" | "no-stage",
): void {
  describe(`generated columns change (${mode})`, () => {
    let backend: StageBackend;
    let project: string;
    const { cli, must } = projectCli(
      () => project,
      () => backend.env,
    );
    const labels = async () =>
      (await backend.query("SELECT label FROM items ORDER BY id")).map((r) => String(r.label));
    const indexes = async () => {
      const sql =
        backend.dialect === "mysql"
          ? "SELECT DISTINCT INDEX_NAME AS name FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'items' AND INDEX_NAME LIKE '%label%' ORDER BY 1"
          : "SELECT indexname AS name FROM pg_indexes WHERE tablename = 'items' AND indexname LIKE '%label%' ORDER BY 1";
      return (await backend.query(sql)).map((r) => String(r.name));
    };
    const revisionCount = () => readdirSync(join(project, "migrations/versions")).length;
    const expectState = async (state: LabelState) => {
      expect(await labels()).toEqual(state.values);
      expect(await indexes()).toEqual(["items_label_idx", "items_name_label_idx"]);
    };
    // what autogenerate writes passes lint: upgrade runs without --ignore-lint-errors
    const upgrade = () => must("upgrade");
    const walk = () => (backend.dialect === "mysql" ? MYSQL_WALK : PG_WALK);

    beforeAll(async () => {
      backend = await makeBackend();
      project = tempDir("athanor-generated-");
      expect((await cli("init", "--dialect", backend.dialect)).code).toBe(0);
      useSchemaFile(project);
      const first = walk()[0] as LabelState;
      writeFileSync(join(project, "schema.ts"), schema(backend.dialect, first));
      await must("revision", "--autogenerate", "-m", "items", "--rev-id", "a00000000000");
      await upgrade();
      await backend.query("INSERT INTO items (id, name) VALUES (1, 'Ann'), (2, 'Bob')");
      await expectState(first);
    }, 120_000);
    afterAll(async () => backend?.dispose());

    test("each step: its revisions, check clean, indexes and values; downgrading them restores the step before", async () => {
      const states = walk();
      for (let i = 1; i < states.length; i++) {
        const [before, after] = [states[i - 1] as LabelState, states[i] as LabelState];
        writeFileSync(join(project, "schema.ts"), schema(backend.dialect, after));
        const count = revisionCount();
        const extra = mode === "no-stage" ? ["--no-stage"] : [];
        await must("revision", "--autogenerate", "-m", after.title, "--rev-id", `a0000000000${i}`, ...extra);
        // PostgreSQL builds the indexes of a re-added column CONCURRENTLY, in a second
        // (non-transactional) revision; MariaDB builds them online in the one revision.
        const written = revisionCount() - count;
        expect(written, after.title).toBe(
          backend.dialect === "mysql" ? 1 : expectedOnPostgres(before, after),
        );
        await upgrade();
        const check = await cli("check");
        expect(check.code, `${after.title}: ${check.stdout}${check.stderr}`).toBe(0);
        await expectState(after);
        await must("downgrade", `-${written}`);
        const back = await cli("check");
        expect(back.code, `${after.title} (downgraded)`).not.toBe(0);
        // Back from generated to plain, the column keeps the values computed last (DROP
        // EXPRESSION / MODIFY); the plain values the upgrade replaced are gone by nature.
        await expectState(before.builder === label ? { ...before, values: after.values } : before);
        await upgrade();
        await expectState(after);
      }
    }, 300_000);
  });
}
