import { defineRevision, downgrade, type RevisionDefinition, upgrade } from "@athanor/core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { mysqlDialect } from "../mysql-dialect.js";
import { type ScratchMysqlDatabase, scratchMysqlDatabase } from "../testing/scratch-database.js";
import { KEPT_ON_UPDATE } from "./alter-column.js";

// MODIFY COLUMN restates the whole column: what the statement leaves out, the server drops.
// These are the attributes no operation sets, which the live column must lend the statement.
let db: ScratchMysqlDatabase;
beforeAll(async () => {
  db = await scratchMysqlDatabase();
});
afterAll(async () => {
  await db?.dispose();
});

const q = async (sql: string) => (await db.connection.query<Record<string, unknown>>(sql)).rows;
const createSql = async (table: string) =>
  String((await q(`SHOW CREATE TABLE ${table}`))[0]?.["Create Table"]);

async function run(
  table: string,
  ddl: string,
  change: RevisionDefinition["upgrade"],
  back: RevisionDefinition["downgrade"],
) {
  await db.connection.executeScript([ddl]);
  const revisions = [defineRevision({ id: `${table}1`, parents: [], upgrade: change, downgrade: back })];
  const dialect = mysqlDialect({ url: db.url });
  const up = await upgrade({ dialect, revisions, versionTable: { name: `${table}_version` } }, "heads");
  expect(up.error, String(up.error?.message)).toBeUndefined();
  return {
    after: await createSql(table),
    down: () => downgrade({ dialect, revisions, versionTable: { name: `${table}_version` } }, "base"),
  };
}

test("a JSON column keeps its json_valid check when made NOT NULL, and loses it only when its type changes", async () => {
  const { after, down } = await run(
    "j",
    "CREATE TABLE j (id int PRIMARY KEY, doc json)",
    (op) => op.alterColumn("j", "doc", { nullable: false, existingNullable: true }),
    (op) => op.alterColumn("j", "doc", { nullable: true, existingNullable: false }),
  );
  expect(after).toMatch(/`doc` longtext .*NOT NULL CHECK \(json_valid\(`doc`\)\)/);
  await expect(q("INSERT INTO j VALUES (1, 'not json')")).rejects.toThrow(/CONSTRAINT `j.doc` failed/);
  expect((await down()).error).toBeUndefined();
  expect(await createSql("j")).toMatch(/`doc` longtext .*DEFAULT NULL CHECK \(json_valid\(`doc`\)\)/);

  const { after: asText } = await run(
    "k",
    "CREATE TABLE k (id int PRIMARY KEY, doc json CHECK (json_valid(doc)))",
    (op) => op.alterColumn("k", "doc", { type: "text", existingType: "json" }),
    (op) => op.alterColumn("k", "doc", { type: "json", existingType: "text" }),
  );
  expect(asText).not.toMatch(/json_valid/);
});

test("a CHECK written on a column, INVISIBLE, and ON UPDATE beside INVISIBLE survive a MODIFY COLUMN", async () => {
  const { after } = await run(
    "c",
    "CREATE TABLE c (id int PRIMARY KEY, qty int INVISIBLE DEFAULT 1 COMMENT 'units' CHECK (qty > 0), seen timestamp NULL DEFAULT NULL ON UPDATE current_timestamp() INVISIBLE)",
    (op) => {
      op.alterColumn("c", "qty", { nullable: false, existingNullable: true });
      op.alterColumn("c", "seen", { comment: "last write" });
    },
    (op) => {
      op.alterColumn("c", "seen", { comment: null });
      op.alterColumn("c", "qty", { nullable: true, existingNullable: false });
    },
  );
  expect(after).toContain("`qty` int(11) NOT NULL INVISIBLE DEFAULT 1 COMMENT 'units' CHECK (`qty` > 0)");
  expect(after).toContain(
    "`seen` timestamp NULL INVISIBLE DEFAULT NULL ON UPDATE current_timestamp() COMMENT 'last write'",
  );
  await db.connection.executeScript(["INSERT INTO c (id) VALUES (1)"]);
  expect(Object.keys((await q("SELECT * FROM c"))[0] ?? {})).toEqual(["id"]);
  await expect(q("INSERT INTO c (id, qty) VALUES (2, 0)")).rejects.toThrow(/CONSTRAINT `c.qty` failed/);
});

test.each([
  ["on update current_timestamp()", " ON UPDATE current_timestamp()"],
  ["on update current_timestamp(), INVISIBLE", " ON UPDATE current_timestamp()"],
  ["DEFAULT_GENERATED on update CURRENT_TIMESTAMP(3) INVISIBLE", " ON UPDATE CURRENT_TIMESTAMP(3)"],
  ["auto_increment", ""],
])(
  "ON UPDATE is read from EXTRA %j (MariaDB's and MySQL's spellings) without INVISIBLE",
  async (extra, kept) => {
    const rows = await q(
      `SELECT ${KEPT_ON_UPDATE} AS kept FROM (SELECT ${JSON.stringify(extra).replaceAll('"', "'")} AS EXTRA) AS c`,
    );
    expect(rows[0]?.kept).toBe(kept);
  },
);
