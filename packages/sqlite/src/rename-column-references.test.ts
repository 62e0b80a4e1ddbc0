import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Connection, defineRevision, downgrade, upgrade } from "@athanor/core";
import { afterAll, describe, expect, test } from "vitest";
import { sqliteTestTargets } from "./testing/targets.js";

// SQLite's RENAME COLUMN rewrites every stored reference to the column, quoted if the new name
// was quoted in the RENAME. A plain new name is written bare, so a bare reference stays bare and
// the stored SQL reads like the models that say the new name (the differ expects that spelling,
// DifferHooks.writesRenamedBare); a keyword is quoted everywhere.
const folder = mkdtempSync(join(tmpdir(), "athanor-sqlite-rename-column-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const targets = sqliteTestTargets();
afterAll(async () => {
  for (const target of targets) await target.dispose();
});

const revisions = [
  defineRevision({
    id: "c1",
    parents: [],
    upgrade: (op) => {
      op.execute(
        `CREATE TABLE t (id integer PRIMARY KEY, mail text, n int, "lower" text GENERATED ALWAYS AS (lower(mail)) STORED, CHECK (mail <> 'mail'))`,
      );
      op.execute(`CREATE INDEX t_mail ON t (upper("mail")) WHERE n IS NOT NULL`);
      op.execute("INSERT INTO t (id, mail) VALUES (1, 'Ada@X')");
    },
    downgrade: (op) => op.execute("DROP TABLE t"),
  }),
  defineRevision({
    id: "c2",
    parents: ["c1"],
    upgrade: (op) => {
      op.renameColumn("t", "mail", "email");
      op.renameColumn("t", "n", "order");
    },
    downgrade: (op) => {
      op.renameColumn("t", "order", "n");
      op.renameColumn("t", "email", "mail");
    },
  }),
];
const stored = (conn: Connection) =>
  conn
    .query<{ sql: string }>("SELECT sql FROM sqlite_schema WHERE tbl_name = 't' ORDER BY type DESC")
    .then((r) => r.rows.map((row) => row.sql));

describe.each(targets.map((t) => [t.driver, t] as const))("op.renameColumn (%s)", (driver, target) => {
  test("a plain new name stays bare where the column was named bare, a keyword is quoted, and back", async () => {
    const dialect = target.dialect(join(folder, `${driver.replace("/", "+")}.db`));
    const up = await upgrade({ dialect, revisions }, "heads");
    expect(up.error, String(up.error?.message)).toBeUndefined();
    const conn = await dialect.connect();
    try {
      expect(await stored(conn)).toEqual([
        `CREATE TABLE t (id integer PRIMARY KEY, email text, "order" int, "lower" text GENERATED ALWAYS AS (lower(email)) STORED, CHECK (email <> 'mail'))`,
        `CREATE INDEX t_mail ON t (upper("email")) WHERE "order" IS NOT NULL`,
      ]);
      expect((await conn.query('SELECT email, "lower" FROM t')).rows).toEqual([
        { email: "Ada@X", lower: "ada@x" },
      ]);
    } finally {
      await conn.close();
    }
    expect((await downgrade({ dialect, revisions }, "c1")).error).toBeUndefined();
    const back = await dialect.connect();
    try {
      expect((await stored(back))[0]).toContain(
        "GENERATED ALWAYS AS (lower(mail)) STORED, CHECK (mail <> 'mail')",
      );
    } finally {
      await back.close();
    }
  });
});
