import { beforeAll, beforeEach, describe, expect, test } from "vitest";
import { recordLintRevisions } from "../lint/lint-migrations.js";
import type { Op } from "../ops/op.js";
import { defineRevision } from "../revision/revision.js";
import { downgrade, renderSql, upgrade } from "./index.js";
import { prepareRun } from "./prepare-run.js";
import { useTestDatabase } from "./testing/fresh-database.js";
import { freshPglite } from "./testing/pglite-from-snapshot.js";
import { pgliteTestDialect } from "./testing/pglite-test-dialect.js";
import { sqlRevision } from "./testing/revision-fixtures.js";

const t = useTestDatabase({ beforeAll, beforeEach }, freshPglite);

// a → {b, c(non-transactional)} → d (merge) → e
const revisions = [
  sqlRevision(
    "a",
    [],
    ["CREATE TABLE ta (id int primary key)", "CREATE TABLE tx (v text)"],
    ["DROP TABLE tx", "DROP TABLE ta"],
  ),
  sqlRevision("b", ["a"], ["ALTER TABLE ta ADD COLUMN note text"], ["ALTER TABLE ta DROP COLUMN note"]),
  sqlRevision("c", ["a"], ["CREATE INDEX CONCURRENTLY tx_v ON tx (v)"], ["DROP INDEX CONCURRENTLY tx_v"], {
    transactional: false,
  }),
  sqlRevision("d", ["b", "c"], ["INSERT INTO tx VALUES ('it''s')"], ["DELETE FROM tx"]),
  sqlRevision("e", ["d"], ["CREATE TABLE te (id int)"], ["DROP TABLE te"]),
];

/**
 * History rows carry run ids and measured times; compare what they record instead. Online runs
 * also record progress after each statement of a non-transactional revision (a `partial` row,
 * updated to `ok` at the end); offline scripts carry no progress record, so those are left out.
 */
const normalise = (statements: readonly string[]) =>
  statements
    .filter(
      (s) =>
        !/^(INSERT INTO|UPDATE) "athanor_version_history" .*'partial'/.test(s) ||
        /SET "status" = 'ok'/.test(s),
    )
    .map((s) => {
      const history =
        /^INSERT INTO "athanor_version_history" .* VALUES \('[^']*', '([^']*)', '([^']*)', '([^']*)'/.exec(
          s,
        ) ??
        /^UPDATE "athanor_version_history" SET "status" = '(ok)'.* "revision" = '([^']*)' AND "direction" = '([^']*)'/.exec(
          s,
        );
      if (history?.[1] === "ok") return `HISTORY ${history[2]} ${history[3]} ok`;
      return history ? `HISTORY ${history[1]} ${history[2]} ${history[3]}` : s;
    });

describe("renderSql (offline)", () => {
  test("upgrade base:heads equals the statements an online run executes, in order", async () => {
    const offline = await renderSql(
      { dialect: t.dialect, revisions },
      { direction: "upgrade", range: "base:heads" },
    );
    const online: string[] = [];
    const run = await upgrade({ dialect: t.dialect, revisions }, "heads", {
      onStatement: (s) => online.push(s),
    });
    expect(run.error).toBeUndefined();
    expect(online).toEqual(t.dialect.executed);
    expect(normalise(offline.statements)).toEqual(normalise(online));
    expect(offline.statements[0]).toMatch(/^CREATE TABLE IF NOT EXISTS "athanor_version_history"/);
    expect(offline.statements[1]).toMatch(/^CREATE TABLE IF NOT EXISTS "athanor_version" /);
    expect(offline.revisions.map((r) => r.revision)).toEqual(run.results.map((r) => r.revision));
    expect(offline.text).toContain("-- Running upgrade c\n");
    expect(offline.text).toContain("CREATE INDEX CONCURRENTLY tx_v ON tx (v);\nBEGIN;");
  });

  test("downgrade heads:base equals the online downgrade, without table DDL", async () => {
    await upgrade({ dialect: t.dialect, revisions }, "heads");
    const offline = await renderSql(
      { dialect: t.dialect, revisions },
      { direction: "downgrade", range: "heads:base" },
    );
    const online: string[] = [];
    await downgrade({ dialect: t.dialect, revisions }, "base", { onStatement: (s) => online.push(s) });
    expect(normalise(offline.statements)).toEqual(normalise(online));
    expect(offline.statements.some((s) => s.startsWith("CREATE TABLE IF NOT EXISTS"))).toBe(false);
  });

  test("a range in the middle starts from its start and needs no database", async () => {
    const closed = pgliteTestDialect(t.db);
    const offline = await renderSql({ dialect: closed, revisions }, { direction: "upgrade", range: "d:e" });
    expect(closed.connections.opened).toBe(0);
    expect(offline.revisions.map((r) => r.revision)).toEqual(["e"]);
    expect(offline.statements).toContain(
      `UPDATE "athanor_version" SET "version_num" = 'e' WHERE "version_num" = 'd'`,
    );
    await expect(
      renderSql({ dialect: t.dialect, revisions }, { direction: "downgrade", target: "base" }),
    ).rejects.toMatchObject({
      code: "ATHANOR_USAGE",
    });
  });
});

describe("op.query", () => {
  const counting = defineRevision({
    id: "q1",
    parents: [],
    async upgrade(op: Op) {
      op.execute("CREATE TABLE counter (n int)");
      op.execute("INSERT INTO counter VALUES (1), (2)");
      const rows = await op.query<{ total: number }>(
        "SELECT sum(n)::int AS total FROM counter WHERE n > $1",
        [0],
      );
      op.execute(`INSERT INTO counter VALUES (${(rows[0]?.total ?? 0) * 10})`);
    },
    downgrade(op: Op) {
      op.execute("DROP TABLE counter");
    },
  });

  test("sees the operations queued before it, inside the revision's transaction", async () => {
    const run = await upgrade({ dialect: t.dialect, revisions: [counting] }, "heads");
    expect(run.error).toBeUndefined();
    expect((await t.db.query("SELECT n FROM counter ORDER BY n")).rows).toEqual([
      { n: 1 },
      { n: 2 },
      { n: 30 },
    ]);
    expect(run.results[0]?.statements).toBe(3);
  });

  test("a failure after op.query still rolls back what ran before the query", async () => {
    const failing = defineRevision({
      ...counting,
      id: "q1",
      async upgrade(op: Op) {
        await counting.upgrade(op);
        op.execute("INSERT INTO counter VALUES ('not a number')");
      },
    });
    const run = await upgrade({ dialect: t.dialect, revisions: [failing] }, "heads");
    expect(run.results[0]).toMatchObject({
      status: "failed",
      // the op.query call is statement #2 of the revision, so the failing INSERT is #4
      error: { operationIndex: 3, statementIndex: 4 },
    });
    expect(
      (await t.db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'counter'")).rows,
    ).toEqual([]);
  });

  test("cannot run offline and says which revision needs a database", async () => {
    await expect(
      renderSql({ dialect: t.dialect, revisions: [counting] }, { direction: "upgrade", target: "heads" }),
    ).rejects.toMatchObject({
      code: "ATHANOR_UNSUPPORTED",
      meta: { revision: "q1" },
    });
  });

  test("a reversed range is an error, not an empty script", async () => {
    await expect(
      renderSql({ dialect: t.dialect, revisions }, { direction: "upgrade", range: "e:a" }),
    ).rejects.toMatchObject({ code: "ATHANOR_INVALID_RANGE", meta: { range: "e:a", direction: "upgrade" } });
    const same = await renderSql({ dialect: t.dialect, revisions }, { direction: "upgrade", range: "e:e" });
    expect(same.revisions).toEqual([]);
  });

  test("lint after a render replays what was rendered: each revision function runs once per run", async () => {
    let calls = 0;
    const counted = defineRevision({
      id: "a",
      parents: [],
      upgrade(op: Op) {
        calls++;
        op.execute(`CREATE TABLE t${calls} (id int)`);
      },
      downgrade(op: Op) {
        op.execute("DROP TABLE t1");
      },
    });
    const run = await prepareRun({ dialect: t.dialect, revisions: [counted] });
    const rendered = await renderSql(run, { direction: "upgrade", range: "base:heads" });
    const notAgain = async (): Promise<never> => {
      throw new Error("lint imported the revision again");
    };
    const [linted] = await recordLintRevisions(run.graph, ["a"], notAgain, t.dialect.name, run);
    expect(calls).toBe(1);
    expect(rendered.text).toContain("CREATE TABLE t1 (id int);");
    expect(linted?.operations).toStrictEqual([{ kind: "execute", sql: "CREATE TABLE t1 (id int)" }]);
    expect(linted?.placeholders).toStrictEqual([]);
  });
});
