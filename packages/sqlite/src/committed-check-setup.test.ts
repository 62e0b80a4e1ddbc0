import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineRevision, type RevisionDefinition, upgrade } from "@athanor/core";
import Database from "better-sqlite3";
import { afterAll, describe, expect, test } from "vitest";
import { sqliteDialect } from "./sqlite-dialect.js";
import { wrapDatabase } from "./sqlite-driver.js";

const folder = mkdtempSync(join(tmpdir(), "athanor-sqlite-check-setup-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let n = 0;
const freshFile = () => join(folder, `db${n++}.sqlite`);

const parents = defineRevision({
  id: "a1",
  parents: [],
  upgrade: (op) => {
    op.execute('CREATE TABLE "parents" ("id" integer PRIMARY KEY)');
    op.execute(
      'CREATE TABLE "children" ("id" integer PRIMARY KEY, "parent_id" integer REFERENCES "parents" ("id"))',
    );
  },
  downgrade: () => undefined,
});
const table = (id: string, parent: string) =>
  defineRevision({
    id,
    parents: [parent],
    upgrade: (op) => op.execute(`CREATE TABLE "t_${id}" ("id" integer)`),
    downgrade: () => undefined,
  });
/** A revision that leaves a child row without its parent: the check before COMMIT must refuse it. */
const orphan = (id: string, parent: string) =>
  defineRevision({
    id,
    parents: [parent],
    upgrade: (op) => op.execute('INSERT INTO "children" ("id", "parent_id") VALUES (1, 99)'),
    downgrade: () => undefined,
  });

/** sqliteDialect on `file` whose sessions record every text the handle is sent to exec. */
function recordingDialect(file: string, execs: string[]) {
  const base = sqliteDialect({ file });
  return {
    ...base,
    async connect() {
      const db = new Database(file, { timeout: 5000 });
      const exec = db.exec.bind(db);
      db.exec = (sql: string) => {
        execs.push(sql);
        return exec(sql);
      };
      const conn = wrapDatabase(db, file);
      await conn.query("PRAGMA foreign_keys = OFF"); // as sqliteDialect's sessions
      return conn;
    },
  };
}

describe("the foreign key check's TEMP setup runs once a session", () => {
  test("later commits skip the setup and a violation after them is still refused, naming the row", async () => {
    const file = freshFile();
    const execs: string[] = [];
    const revisions: RevisionDefinition[] = [
      parents,
      table("b2", "a1"),
      table("c3", "b2"),
      orphan("d4", "c3"),
    ];
    const result = await upgrade({ dialect: recordingDialect(file, execs), revisions }, "heads");
    expect(String(result.error?.message)).toMatch(
      /foreign key violation: row 1 of children references a missing row of parents/,
    );
    expect(result.heads.after).toEqual(["c3"]);
    const commits = execs.filter((sql) => sql.endsWith("COMMIT") && sql.includes("pragma_foreign_key_check"));
    // a1 creates the TEMP table and trigger; b2, c3 and the refused d4 do not parse them again
    expect(commits.map((sql) => sql.startsWith("CREATE TEMP TABLE"))).toEqual([true, false, false, false]);
  });

  test("when a revision outside a transaction drops the TEMP objects (temp_store), the next commit creates them again and still checks", async () => {
    const file = freshFile();
    const execs: string[] = [];
    const dropsTemp = defineRevision({
      id: "b2",
      parents: ["a1"],
      transactional: false,
      upgrade: (op) => op.execute("PRAGMA temp_store = MEMORY"), // deletes every TEMP object of the session
      downgrade: () => undefined,
    });
    const revisions = [parents, dropsTemp, table("c3", "b2"), orphan("d4", "c3")];
    const result = await upgrade({ dialect: recordingDialect(file, execs), revisions }, "heads");
    expect(String(result.error?.message)).toMatch(
      /foreign key violation: row 1 of children references a missing row of parents/,
    );
    expect(result.heads.after).toEqual(["c3"]);
    const db = new Database(file, { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) AS n FROM "children"').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
    // c3's shortened commit failed on the missing table and ran again in full
    expect(execs.some((sql) => sql.startsWith("CREATE TEMP TABLE") && sql.endsWith("COMMIT"))).toBe(true);
  });
});
