// The bookkeeping tables' shape on SQLite: a new file gets the few-pages shape (WITHOUT ROWID
// version table, history id without AUTOINCREMENT); a file whose tables an earlier version created
// keeps them, and both record the same runs with ids ascending in insertion order.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineRevision, downgrade, type RevisionDefinition, upgrade } from "@athanor/core";
import { afterAll, expect, test } from "vitest";
import { sqliteDialect } from "./sqlite-dialect.js";
import { openSqliteConnection } from "./sqlite-driver.js";

const folder = mkdtempSync(join(tmpdir(), "athanor-sqlite-bookkeeping-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const revisions: RevisionDefinition[] = ["a1", "b2", "c3"].map((id, i, ids) =>
  defineRevision({
    id,
    parents: i === 0 ? [] : [ids[i - 1] as string],
    upgrade: (op) => op.execute(`CREATE TABLE "t_${id}" (id integer PRIMARY KEY)`),
    downgrade: (op) => op.execute(`DROP TABLE "t_${id}"`),
  }),
);

// What the tables were before they were shaped for fewer pages (athanor ≤ this change).
const EARLIER_TABLES = [
  `CREATE TABLE IF NOT EXISTS "athanor_version_history" ("id" integer PRIMARY KEY AUTOINCREMENT, "run_id" varchar(36) NOT NULL, "revision" varchar(64) NOT NULL, "direction" varchar(16) NOT NULL, "status" varchar(16) NOT NULL, "started_at" text NULL, "finished_at" text NULL, "duration_ms" integer NULL, "checksum" varchar(128) NULL, "statement_index" integer NULL, "host" varchar(255) NULL, "db_user" varchar(255) NULL, "os_user" varchar(255) NULL, "athanor_version" varchar(32) NULL, "note" text NULL)`,
  `CREATE TABLE IF NOT EXISTS "athanor_version" ("version_num" varchar(64) NOT NULL, CONSTRAINT "athanor_version_pkc" PRIMARY KEY ("version_num"))`,
];

/** Up to c3, down to a1, up to c3 again; returns what the file then holds. */
async function cycle(file: string) {
  const dialect = sqliteDialect({ file });
  for (const [run, target] of [
    [upgrade, "c3"],
    [downgrade, "a1"],
    [upgrade, "c3"],
  ] as const) {
    const result = await run({ dialect, revisions }, target);
    expect(result.error).toBeUndefined();
  }
  const conn = await openSqliteConnection(file);
  try {
    const sql = async (name: string) =>
      (await conn.query<{ sql: string }>("SELECT sql FROM sqlite_schema WHERE name = ?", [name])).rows[0]
        ?.sql;
    return {
      version: await sql("athanor_version"),
      history: await sql("athanor_version_history"),
      sequence: await sql("sqlite_sequence"),
      heads: (await conn.query<{ v: string }>('SELECT version_num AS v FROM "athanor_version"')).rows,
      rows: (
        await conn.query<{ id: number; revision: string; direction: string }>(
          'SELECT id, revision, direction FROM "athanor_version_history" ORDER BY rowid',
        )
      ).rows,
    };
  } finally {
    await conn.close();
  }
}

const RUN_ROWS = [
  ["a1", "upgrade"],
  ["b2", "upgrade"],
  ["c3", "upgrade"],
  ["c3", "downgrade"],
  ["b2", "downgrade"],
  ["b2", "upgrade"],
  ["c3", "upgrade"],
];

function expectRecorded(state: Awaited<ReturnType<typeof cycle>>): void {
  expect(state.heads).toEqual([{ v: "c3" }]);
  expect(state.rows.map((r) => [r.revision, r.direction])).toEqual(RUN_ROWS);
  expect(state.rows.map((r) => r.id)).toEqual(RUN_ROWS.map((_, i) => i + 1));
}

test("a new file: a WITHOUT ROWID version table and a history id that is a plain rowid alias", async () => {
  const state = await cycle(join(folder, "new.sqlite"));
  expect(state.version).toMatch(/\) WITHOUT ROWID$/);
  expect(state.history).toMatch(/"id" integer PRIMARY KEY, /);
  expect(state.history).not.toMatch(/AUTOINCREMENT/);
  expect(state.sequence).toBeUndefined();
  expectRecorded(state);
});

test("a file whose tables an earlier version created keeps them and records the same runs", async () => {
  const file = join(folder, "earlier.sqlite");
  const conn = await openSqliteConnection(file);
  await conn.executeScript(EARLIER_TABLES);
  await conn.close();
  const state = await cycle(file);
  expect(state.version).toBe(EARLIER_TABLES[1]?.replace(" IF NOT EXISTS", ""));
  expect(state.history).toMatch(/AUTOINCREMENT/);
  expect(state.sequence).toBeDefined();
  expectRecorded(state);
});
