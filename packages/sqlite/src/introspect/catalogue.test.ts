import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Connection } from "@athanor/core";
import { afterAll, describe, expect, test } from "vitest";
import { d1Dialect } from "../d1-dialect.js";
import { openMiniflareD1 } from "../d1-throwaway.js";
import { openSqliteConnection } from "../sqlite-driver.js";
import { FILE_DRIVERS } from "../testing/drivers.js";
import { catalogueRowsOf, readCatalogue } from "./catalogue.js";

// The introspector reads every table's pragma rows from one JSON query (catalogue.ts). Proof that
// it reads what the pragmas return, row for row and in their order: each table's rows compared
// with the per-table pragma queries, on every driver and on D1, over a schema with what the
// introspector reads (composite and inline keys, generated columns, WITHOUT ROWID, STRICT,
// partial, expression, descending and unique indexes, multi-column and parent-key foreign keys,
// odd names, a view, a trigger, AUTOINCREMENT's sqlite_sequence).
const SCHEMA = [
  `CREATE TABLE "p" (id integer PRIMARY KEY AUTOINCREMENT, code text NOT NULL DEFAULT 'x', "we""ird name" real, UNIQUE (code))`,
  `CREATE TABLE "c" (a integer NOT NULL, b text COLLATE NOCASE, total integer GENERATED ALWAYS AS (a * 2) STORED,
     half integer AS (a / 2), pid integer REFERENCES "p" ON DELETE CASCADE,
     CONSTRAINT "c_pk" PRIMARY KEY (a, b), CONSTRAINT "c_ab" FOREIGN KEY (a, b) REFERENCES "k" (x, y) ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED,
     CHECK (a > 0)) WITHOUT ROWID`,
  `CREATE TABLE "k" (x integer, y text, z blob, PRIMARY KEY (x, y)) STRICT`,
  `CREATE TABLE "empty keys" ("ü" text)`,
  `CREATE INDEX "c_lower" ON "c" (lower(b) DESC, a)`,
  `CREATE UNIQUE INDEX "c_partial" ON "c" (pid) WHERE pid IS NOT NULL`,
  `CREATE INDEX "p_desc" ON "p" (code DESC, "we""ird name")`,
  `CREATE VIEW "v" AS SELECT id, code FROM p`,
  `CREATE TRIGGER "t" AFTER INSERT ON "p" BEGIN SELECT 1; END`,
];

/** What the pragmas say, queried per table (the introspector's earlier way). */
async function pragmaRows(conn: Connection, table: string) {
  const rows = async (sql: string) => (await conn.query<Record<string, unknown>>(sql, [table, table])).rows;
  const columns = (await rows("SELECT ? AS tbl, * FROM pragma_table_xinfo(?) ORDER BY cid")).map(
    ({ tbl, cid, name, type, notnull, dflt_value, pk, hidden }) => ({
      tbl,
      cid,
      name,
      type,
      notnull,
      dflt_value,
      pk,
      hidden,
    }),
  );
  const fks = (await rows("SELECT ? AS tbl, * FROM pragma_foreign_key_list(?) ORDER BY id, seq")).map(
    ({ tbl, id, seq, table: parent, from, to, on_update, on_delete }) => ({
      tbl,
      id,
      seq,
      table: parent,
      from,
      to,
      on_update,
      on_delete,
    }),
  );
  const indexList = await rows(
    'SELECT ? AS tbl, name, "unique" AS is_unique, origin, partial FROM pragma_index_list(?)',
  );
  const keysOf = new Map<string, unknown[]>();
  for (const index of indexList) {
    const name = index.name as string;
    const keys = await conn.query<Record<string, unknown>>(
      `SELECT ? AS idx, seqno, cid, name, "desc" AS is_desc FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno`,
      [name, name],
    );
    keysOf.set(name, keys.rows);
  }
  return { columns, fks, indexList, keysOf };
}

async function expectCatalogueMatchesPragmas(conn: Connection): Promise<void> {
  await conn.executeScript(SCHEMA);
  const objects = await readCatalogue(conn);
  expect(objects.map((o) => `${o.type} ${o.name}`)).toEqual([
    "table c",
    "index c_lower",
    "index c_partial",
    "table empty keys",
    "table k",
    "table p",
    "index p_desc",
    "trigger t",
    "view v",
  ]);
  for (const o of objects.filter((x) => x.type === "table")) {
    const read = catalogueRowsOf(o);
    const direct = await pragmaRows(conn, o.name);
    expect({ ...read, keysOf: [...read.keysOf] }).toEqual({ ...direct, keysOf: [...direct.keysOf] });
    // a schema with all of it: the comparison is not of empty lists
    if (o.name === "c") {
      expect(read.columns.map((c) => c.hidden)).toEqual([0, 0, 3, 2, 0]);
      expect(read.fks).toHaveLength(3);
      expect(read.indexList.length).toBeGreaterThanOrEqual(3);
    }
  }
}

const folder = mkdtempSync(join(tmpdir(), "athanor-sqlite-catalogue-"));
const opened: { dispose(): Promise<void> }[] = [];
afterAll(async () => {
  for (const mf of opened) await mf.dispose();
  rmSync(folder, { recursive: true, force: true });
});

describe.each(FILE_DRIVERS)("the one-query catalogue through %s", (driver) => {
  test("each table's rows are the pragmas' rows, in their order", async () => {
    const conn = await openSqliteConnection(join(folder, `${driver.replace(/\W/g, "_")}.sqlite`), { driver });
    try {
      await expectCatalogueMatchesPragmas(conn);
    } finally {
      await conn.close();
    }
  });
});

describe("the one-query catalogue on D1 (miniflare)", () => {
  test("each table's rows are the pragmas' rows, in their order", async () => {
    const mf = await openMiniflareD1(join(folder, "d1"));
    opened.push(mf);
    const conn = await d1Dialect({ database: mf.database }).connect();
    try {
      await expectCatalogueMatchesPragmas(conn);
    } finally {
      await conn.close();
    }
  });
});
