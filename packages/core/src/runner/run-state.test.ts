import { beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { Connection } from "../dialect/connection.js";
import { BookkeepingSql } from "./bookkeeping-sql.js";
import { downgrade, upgrade } from "./index.js";
import { readRunState } from "./run-state.js";
import { useTestDatabase } from "./testing/fresh-database.js";
import { freshPglite } from "./testing/pglite-from-snapshot.js";
import { sqlRevision } from "./testing/revision-fixtures.js";

const chain = [
  sqlRevision("a", [], ["CREATE TABLE ta (id int)"], ["DROP TABLE ta"]),
  sqlRevision("b", ["a"], ["CREATE TABLE tb (id int)"], ["DROP TABLE tb"]),
  sqlRevision("c", ["a"], ["CREATE TABLE tc (id int)"], ["DROP TABLE tc"]),
];

const t = useTestDatabase({ beforeAll, beforeEach }, freshPglite);

/** A connection that counts the queries sent through it. */
async function countingConnection(): Promise<{ conn: Connection; queries: string[] }> {
  const inner = await t.dialect.connect();
  const queries: string[] = [];
  const conn: Connection = {
    query: (sql, params) => {
      queries.push(sql);
      return inner.query(sql, params);
    },
    executeScript: (statements) => inner.executeScript(statements),
    close: () => inner.close(),
  };
  return { conn, queries };
}

/** The state as the three separate reads give it (the path a failed combined read falls back to). */
async function stateByParts(conn: Connection, sql: BookkeepingSql) {
  const heads = (await conn.query<{ version_num: string }>(sql.selectHeads())).rows
    .map((r) => r.version_num)
    .sort();
  const history = (await conn.query<Record<string, unknown>>(sql.selectHistory())).rows.map((r) => ({
    id: Number(r.id),
    revision: r.revision,
    direction: r.direction,
    status: r.status,
    checksum: r.checksum,
    statementIndex: r.statement_index,
    note: r.note,
  }));
  return { tablesExist: true, heads, history };
}

describe("readRunState", () => {
  test("reads heads and history in one query after the existence read, equal to the separate reads", async () => {
    const revisions = [...chain];
    expect((await upgrade({ dialect: t.dialect, revisions }, "heads")).error).toBeUndefined();
    // a revert and a re-apply leave several history rows per revision
    expect((await downgrade({ dialect: t.dialect, revisions }, "a")).error).toBeUndefined();
    expect((await upgrade({ dialect: t.dialect, revisions }, "b")).error).toBeUndefined();
    const sql = new BookkeepingSql(t.dialect, { name: "athanor_version" });
    const { conn, queries } = await countingConnection();
    const state = await readRunState(conn, sql);
    expect(queries).toEqual([sql.versionTableExists(), sql.selectState()]);
    expect(state.heads).toEqual(["b"]);
    expect(state.history.length).toBeGreaterThan(2);
    expect(state).toEqual(await stateByParts(conn, sql));
  });

  test("a fresh database has no tables, and no statement fails (a fleet's pool would end the session)", async () => {
    const { conn, queries } = await countingConnection();
    const sql = new BookkeepingSql(t.dialect, { name: "athanor_version" });
    const state = await readRunState(conn, sql);
    expect(state).toEqual({ tablesExist: false, heads: [], history: [] });
    expect(queries).toEqual([sql.versionTableExists()]);
  });

  test("a version table the search path finds in another schema is not this one", async () => {
    await t.db.exec(
      "CREATE SCHEMA meta; CREATE TABLE meta.athanor_version (version_num varchar(64) PRIMARY KEY);" +
        "CREATE TABLE meta.athanor_version_history (id bigint, revision text, direction text, status text, checksum text, statement_index int, note text);" +
        "INSERT INTO meta.athanor_version VALUES ('a'); SET search_path = public, meta",
    );
    try {
      const { conn, queries } = await countingConnection();
      const state = await readRunState(conn, new BookkeepingSql(t.dialect, { name: "athanor_version" }));
      expect(queries).toHaveLength(1);
      expect(state).toEqual({ tablesExist: false, heads: [], history: [] });
    } finally {
      await t.db.exec("SET search_path = public");
    }
  });

  test("a dropped history table is still reported as damaged bookkeeping", async () => {
    expect((await upgrade({ dialect: t.dialect, revisions: chain }, "heads")).error).toBeUndefined();
    await t.db.exec("DROP TABLE athanor_version_history");
    const { conn } = await countingConnection();
    await expect(
      readRunState(conn, new BookkeepingSql(t.dialect, { name: "athanor_version" })),
    ).rejects.toMatchObject({ code: "ATHANOR_BOOKKEEPING_DAMAGED" });
  });
});
