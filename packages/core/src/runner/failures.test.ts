import { beforeAll, beforeEach, describe, expect, test } from "vitest";
import { current, downgrade, stamp, upgrade } from "./index.js";
import { useTestDatabase } from "./testing/fresh-database.js";
import { freshPglite } from "./testing/pglite-from-snapshot.js";
import { pgliteTestDialect } from "./testing/pglite-test-dialect.js";
import { sqlRevision } from "./testing/revision-fixtures.js";

const t = useTestDatabase({ beforeAll, beforeEach }, freshPglite);

const tableExists = async (name: string) =>
  (
    await t.db.query(
      "SELECT 1 FROM information_schema.tables WHERE table_schema = 'public' AND table_name = $1",
      [name],
    )
  ).rows.length === 1;
const lastHistory = async () =>
  (
    await t.db.query<Record<string, unknown>>(
      "SELECT revision, direction, status, statement_index, note FROM athanor_version_history ORDER BY id DESC LIMIT 1",
    )
  ).rows[0];

const base = sqlRevision("r1", [], ["CREATE TABLE one (id int)"], ["DROP TABLE one"]);
const broken = sqlRevision(
  "r2",
  ["r1"],
  ["CREATE TABLE two (id int)", "INSERT INTO two VALUES (1)", "ALTER TABLE two ADD COLUMN id int"],
  ["DROP TABLE two"],
);
const after = sqlRevision("r3", ["r2"], ["CREATE TABLE three (id int)"], ["DROP TABLE three"]);

describe("a failing revision", () => {
  test("is rolled back, names revision, operation and SQL, and stops the run", async () => {
    const run = await upgrade({ dialect: t.dialect, revisions: [base, broken, after] }, "heads");
    expect(run.results.map((r) => [r.revision, r.status])).toEqual([
      ["r1", "applied"],
      ["r2", "failed"],
      ["r3", "not_run"],
    ]);
    const failure = run.results[1]?.error;
    expect(failure).toMatchObject({
      code: "ATHANOR_MIGRATION_FAILED",
      operationIndex: 2,
      operationKind: "execute",
      statementIndex: 2,
      sql: "ALTER TABLE two ADD COLUMN id int",
    });
    expect(failure?.message).toContain("revision r2");
    expect(failure?.message).toContain('column "id" of relation "two" already exists');
    expect(failure?.meta).toMatchObject({ databaseError: { code: "42701" } });
    expect(run.error).toEqual(failure);
    expect(run.heads).toEqual({ before: [], after: ["r1"] });
    expect(await tableExists("two")).toBe(false);
    expect(await t.versionRows()).toEqual(["r1"]);
    expect(await lastHistory()).toMatchObject({
      revision: "r2",
      direction: "upgrade",
      status: "failed",
      statement_index: 2,
    });
    expect(t.dialect.connections).toEqual({ opened: 1, closed: 1 });
  });

  test("names the failing statement even when the driver cannot tell which one of a batch failed", async () => {
    const opaque = pgliteTestDialect(t.db, { opaqueBatches: true });
    const run = await upgrade({ dialect: opaque, revisions: [base, broken] }, "heads");
    expect(run.results[1]?.error).toMatchObject({
      operationIndex: 2,
      statementIndex: 2,
      sql: "ALTER TABLE two ADD COLUMN id int",
    });
    expect(await tableExists("two")).toBe(false);
    expect(await t.versionRows()).toEqual(["r1"]);
  });

  test("a revision whose upgrade() throws is reported the same way, nothing applied", async () => {
    const throws = {
      ...sqlRevision("r2", ["r1"], ["CREATE TABLE two (id int)"], []),
      upgrade(op: { execute(s: string): void }) {
        op.execute("CREATE TABLE two (id int)");
        throw new Error("backfill source missing");
      },
    };
    const run = await upgrade({ dialect: t.dialect, revisions: [base, throws] }, "heads");
    expect(run.results[1]).toMatchObject({ revision: "r2", status: "failed" });
    expect(run.results[1]?.error?.message).toContain("backfill source missing");
    expect(await tableExists("two")).toBe(false);
    expect(await t.versionRows()).toEqual(["r1"]);
  });

  test("a failing downgrade leaves the revision applied", async () => {
    const badDown = sqlRevision(
      "r2",
      ["r1"],
      ["CREATE TABLE two (id int)"],
      ["DROP TABLE two", "DROP TABLE nope"],
    );
    await upgrade({ dialect: t.dialect, revisions: [base, badDown] }, "heads");
    const run = await downgrade({ dialect: t.dialect, revisions: [base, badDown] }, "base");
    expect(run.results.map((r) => [r.revision, r.status])).toEqual([
      ["r2", "failed"],
      ["r1", "not_run"],
    ]);
    expect(run.results[0]?.error?.sql).toBe("DROP TABLE nope");
    expect(await tableExists("two")).toBe(true);
    expect(await t.versionRows()).toEqual(["r2"]);
  });
});

describe("non-transactional revisions and partial runs", () => {
  test("transactional: false runs its statements outside a transaction", async () => {
    const concurrently = sqlRevision(
      "r2",
      ["r1"],
      ["CREATE INDEX CONCURRENTLY one_id ON one (id)"],
      ["DROP INDEX CONCURRENTLY one_id"],
      {
        transactional: false,
      },
    );
    const run = await upgrade({ dialect: t.dialect, revisions: [base, concurrently] }, "heads");
    expect(run.error).toBeUndefined();
    const sent = t.dialect.executed;
    const at = sent.indexOf("CREATE INDEX CONCURRENTLY one_id ON one (id)");
    // the history row first (partial, nothing complete): a kill right after the index must not
    // leave it applied under no record at all
    expect(sent[at - 1]).toMatch(
      /^INSERT INTO "athanor_version_history" .*'r2', 'upgrade', 'partial'.*, 0, .*'started: statement #0 commits by itself'/,
    );
    expect(sent[at - 2]).toBe("COMMIT");
    // its progress is recorded at once (autocommit), then the version table moves in a transaction
    expect(sent[at + 1]).toMatch(
      /^UPDATE "athanor_version_history" SET .*'partial'.*"statement_index" = 1\b/,
    );
    expect(sent[at + 2]).toBe("BEGIN");
    expect(await t.versionRows()).toEqual(["r2"]);
    const back = await downgrade({ dialect: t.dialect, revisions: [base, concurrently] }, "r1");
    expect(back.error).toBeUndefined();
  });

  test("a non-transactional revision failing part-way is partial and blocks later runs until stamped", async () => {
    const halfway = sqlRevision(
      "r2",
      ["r1"],
      ["CREATE TABLE two (id int)", "CREATE TABLE two (id int)"],
      ["DROP TABLE two"],
      {
        transactional: false,
      },
    );
    const revisions = [base, halfway, after];
    const run = await upgrade({ dialect: t.dialect, revisions }, "heads");
    expect(run.results.map((r) => [r.revision, r.status])).toEqual([
      ["r1", "applied"],
      ["r2", "partial"],
      ["r3", "not_run"],
    ]);
    expect(run.results[1]?.error).toMatchObject({ statementIndex: 1, sql: "CREATE TABLE two (id int)" });
    expect(run.results[1]?.error?.message).toContain("stamp");
    expect(await tableExists("two")).toBe(true);
    expect(await t.versionRows()).toEqual(["r1"]);
    expect(await lastHistory()).toMatchObject({ revision: "r2", status: "partial", statement_index: 1 });
    expect((await current({ dialect: t.dialect, revisions })).partial).toEqual(["r2"]);

    await expect(upgrade({ dialect: t.dialect, revisions }, "heads")).rejects.toMatchObject({
      code: "ATHANOR_PARTIAL_REVISION",
      meta: { revision: "r2", statementIndex: 1 },
    });
    // the operator finished r2 by hand and records it
    await stamp({ dialect: t.dialect, revisions }, ["r2"]);
    const resumed = await upgrade({ dialect: t.dialect, revisions }, "heads");
    expect(resumed.results.map((r) => [r.revision, r.status])).toEqual([["r3", "applied"]]);
  });

  test("a non-transactional revision's DML commits with its record, and a failing one is rolled back with it", async () => {
    const halfway = sqlRevision(
      "r2",
      ["r1"],
      ["CREATE TABLE two (id int)", "INSERT INTO two VALUES (1)", "UPDATE two SET nope = 1"],
      ["DROP TABLE two"],
      { transactional: false },
    );
    const revisions = [base, halfway, after];
    const run = await upgrade({ dialect: t.dialect, revisions }, "heads");
    const sent = t.dialect.executed;
    const insert = sent.indexOf("INSERT INTO two VALUES (1)");
    expect(sent[insert - 1]).toBe("BEGIN");
    expect(sent[insert + 1]).toMatch(/'partial', "statement_index" = 2,/);
    expect(sent[insert + 2]).toBe("COMMIT");
    expect(run.results[1]).toMatchObject({ status: "partial", error: { statementIndex: 2 } });
    expect(await lastHistory()).toMatchObject({ revision: "r2", status: "partial", statement_index: 2 });
    expect((await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM two")).rows).toEqual([{ n: 1 }]);
    // the session is usable again: the next run reads the record and refuses
    await expect(upgrade({ dialect: t.dialect, revisions }, "heads")).rejects.toMatchObject({
      code: "ATHANOR_PARTIAL_REVISION",
      meta: { revision: "r2", statementIndex: 2 },
    });
  });

  test("without transactional DDL a failure after the first statement is partial", async () => {
    const mysqlLike = pgliteTestDialect(t.db, { transactionalDdl: false });
    const run = await upgrade({ dialect: mysqlLike, revisions: [base, broken] }, "heads");
    expect(run.results[1]).toMatchObject({ status: "partial", statements: 2, error: { statementIndex: 2 } });
    await expect(upgrade({ dialect: mysqlLike, revisions: [base, broken] }, "heads")).rejects.toMatchObject({
      code: "ATHANOR_PARTIAL_REVISION",
    });
  });
});

describe("version table naming an unknown revision", () => {
  test("refuses before anything runs, says which and how to recover", async () => {
    await upgrade({ dialect: t.dialect, revisions: [base] }, "heads");
    await t.db.exec("UPDATE athanor_version SET version_num = 'gone42'");
    const attempt = upgrade({ dialect: t.dialect, revisions: [base, broken] }, "heads");
    await expect(attempt).rejects.toMatchObject({
      code: "ATHANOR_UNKNOWN_APPLIED_REVISION",
      meta: { unknown: ["gone42"] },
    });
    await expect(attempt).rejects.toThrow(/gone42.*stamp\(options, \[.*\], \{ purge: true \}\)/s);
    expect(await tableExists("two")).toBe(false);
    expect(t.dialect.connections.opened).toBe(t.dialect.connections.closed);
    expect(await current({ dialect: t.dialect, revisions: [base] })).toMatchObject({
      heads: ["gone42"],
      unknownHeads: ["gone42"],
    });
    await stamp({ dialect: t.dialect, revisions: [base] }, ["r1"], { purge: true });
    expect(await t.versionRows()).toEqual(["r1"]);
  });
});
