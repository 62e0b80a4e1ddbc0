import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Connection, defineRevision, downgrade, isAthanorError, upgrade } from "@athanor/core";
import { renderSql } from "@athanor/core/runner";
import { afterAll, describe, expect, test } from "vitest";
import { sqliteDialect } from "./sqlite-dialect.js";
import { sqliteTestTargets } from "./testing/targets.js";

// SQLite has no ALTER INDEX … RENAME: op.renameIndex drops the index and creates it again from
// its stored statement, so what the statement says past the name (collation, order, WHERE) must
// survive, and a rebuild later in the same revision must recreate it under the new name.
const folder = mkdtempSync(join(tmpdir(), "athanor-sqlite-rename-index-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const targets = sqliteTestTargets();
afterAll(async () => {
  for (const target of targets) await target.dispose();
});

const hostile = 'by "name"; DROP TABLE t --';
const revisions = [
  defineRevision({
    id: "a1",
    parents: [],
    upgrade: (op) => {
      op.execute("CREATE TABLE t (id integer PRIMARY KEY, name text, other integer)");
      op.execute("CREATE UNIQUE INDEX t_name ON t (name COLLATE NOCASE DESC) WHERE name <> 'on'");
      op.execute("INSERT INTO t (id, name, other) VALUES (1, 'Ada', 1), (2, 'bob', NULL)");
    },
    downgrade: (op) => op.execute("DROP TABLE t"),
  }),
  defineRevision({
    id: "a2",
    parents: ["a1"],
    upgrade: (op) => {
      op.renameIndex("t", "t_name", hostile);
      // a rebuild after it recreates the index from what the rename left
      op.alterColumn("t", "other", { default: "0", existingType: "integer" });
    },
    downgrade: (op) => {
      op.alterColumn("t", "other", { default: null, existingDefault: "0", existingType: "integer" });
      op.renameIndex("t", hostile, "t_name");
    },
  }),
];
const indexes = (conn: Connection) =>
  conn
    .query<{ name: string; sql: string }>(
      "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 't'",
    )
    .then((r) => r.rows);

describe.each(targets.map((t) => [t.driver, t] as const))("op.renameIndex (%s)", (driver, target) => {
  test("keeps the statement past the name, through a rebuild in the same revision, and back", async () => {
    const dialect = target.dialect(join(folder, `${driver.replace("/", "+")}.db`));
    const up = await upgrade({ dialect, revisions }, "heads");
    expect(up.error, String(up.error?.message)).toBeUndefined();
    const conn = await dialect.connect();
    try {
      expect(await indexes(conn)).toEqual([
        {
          name: hostile,
          sql: `CREATE UNIQUE INDEX "by ""name""; DROP TABLE t --" ON t (name COLLATE NOCASE DESC) WHERE name <> 'on'`,
        },
      ]);
      // still unique, case-insensitively, and still partial
      await expect(conn.query("INSERT INTO t (id, name) VALUES (3, 'ADA')")).rejects.toThrow(/UNIQUE/);
      expect((await conn.query("SELECT count(*) AS n FROM t")).rows).toEqual([{ n: 2 }]);
    } finally {
      await conn.close();
    }
    expect((await downgrade({ dialect, revisions }, "a1")).error).toBeUndefined();
    const back = await dialect.connect();
    try {
      expect((await indexes(back)).map((i) => i.name)).toEqual(["t_name"]);
    } finally {
      await back.close();
    }
  });
});

test("offline, an index the revisions before never created is refused with a coded error, nothing rendered", async () => {
  const only = defineRevision({ id: "b1", parents: [], upgrade: (op) => op.renameIndex("t", "nope", "yes") });
  const dialect = sqliteDialect({ file: join(folder, "offline.db") });
  const error = await renderSql({ dialect, revisions: [only] }, { direction: "upgrade" }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isAthanorError(error) && error.code).toBe("ATHANOR_UNSUPPORTED");
  expect(String((error as Error).message)).toMatch(/no index "nope" on "t"|nothing is read/);
});
