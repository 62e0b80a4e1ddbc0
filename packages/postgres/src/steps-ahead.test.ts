// Revision N+1 is prepared (its op-calls-only function run, its statements rendered) while the
// server runs revision N (core's runner/steps-ahead.ts), and nothing of it may reach the server
// before N committed. Revision N here waits on a table lock another session holds, so the test
// can look at the run while N is on the server, by what the server shows, not by timing: N+1's
// function has run, none of its statements was sent; then N commits (N+1 follows), fails (N+1
// never sent, not recorded) or the run is interrupted (the same).
import { type Connection, current, type RunResult } from "@athanor/core";
import { gatedStepsAheadRun, type StepsAheadGate } from "@athanor/core/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { postgresDialect } from "./postgres-dialect.js";
import { createTestDatabase, type TestServerDatabase } from "./testing/test-server.js";

let db: TestServerDatabase;
beforeAll(async () => {
  db = await createTestDatabase("stepsahead");
}, 60_000);
afterAll(async () => {
  await db?.drop();
});

const dialect = () => postgresDialect({ url: db.url, applicationName: "athanor-steps-ahead" });

async function withConn<T>(body: (conn: Connection) => Promise<T>): Promise<T> {
  const conn = await dialect().connect();
  try {
    return await body(conn);
  } finally {
    await conn.close();
  }
}

/** Revision 1's `INSERT` waits for the gate's table lock, held by another session. */
const gate: StepsAheadGate = {
  dialect,
  async hold(table) {
    await withConn((c) => c.executeScript([`CREATE TABLE ${table} (id int)`]));
    const holder = await dialect().connect();
    await holder.executeScript(["BEGIN", `LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`]);
    return holder;
  },
  waiting: (table) =>
    withConn(async (c) => {
      const { rows } = await c.query<{ pid: number }>(
        "SELECT pid FROM pg_stat_activity WHERE application_name = 'athanor-steps-ahead' AND wait_event_type = 'Lock' AND query LIKE $1",
        [`%INSERT INTO ${table}%`],
      );
      return rows[0] !== undefined;
    }),
  pause: () => withConn(async (c) => void (await c.query("SELECT pg_sleep(0.02)"))),
};

const gatedRun = (name: string, options: { signal?: AbortSignal } = {}) =>
  gatedStepsAheadRun(gate, name, [`CREATE TABLE ${name}_two (id int)`], options);

const mentionsTwo = (statements: readonly string[]) => statements.filter((sql) => sql.includes("_two"));

async function tablesOf(name: string): Promise<string[]> {
  return withConn(async (c) =>
    (
      await c.query<{ t: string }>(
        "SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE $1 ORDER BY 1",
        [`${name}_%`],
      )
    ).rows.map((r) => r.t),
  );
}

async function historyOf(name: string): Promise<unknown[]> {
  return withConn(
    async (c) => (await c.query(`SELECT revision, status FROM v_${name}_history ORDER BY id`)).rows,
  );
}

describe("the next revision prepared while the server runs one (PostgreSQL)", () => {
  test("is sent only once the revision before committed", async () => {
    const gated = await gatedRun("commits");
    expect(mentionsTwo(gated.sentWhileWaiting)).toEqual([]);
    expect(gated.sentWhileWaiting.some((sql) => sql.includes("INSERT INTO gate_commits"))).toBe(true);
    await gated.holder.executeScript(["COMMIT"]);
    await gated.holder.close();
    const result: RunResult = await gated.run;
    expect(result.error).toBeUndefined();
    expect(result.results.map((r) => r.status)).toEqual(["applied", "applied"]);
    // revision 2's batch follows revision 1's whole batch, COMMIT included
    const commitOfOne = gated.sent.indexOf("COMMIT", gated.sent.indexOf("CREATE TABLE commits_one (id int)"));
    expect(commitOfOne).toBeGreaterThan(0);
    expect(gated.sent.slice(commitOfOne + 1)).toEqual(
      expect.arrayContaining(["CREATE TABLE commits_two (id int)"]),
    );
    expect(mentionsTwo(gated.sent.slice(0, commitOfOne))).toEqual([]);
    expect(await tablesOf("commits")).toEqual(["commits_one", "commits_two"]);
    expect(await historyOf("commits")).toEqual([
      { revision: "commits_1", status: "ok" },
      { revision: "commits_2", status: "ok" },
    ]);
  }, 60_000);

  test("a failure of the revision before leaves it unsent and unrecorded, and status says so", async () => {
    const gated = await gatedRun("fails");
    expect(mentionsTwo(gated.sentWhileWaiting)).toEqual([]);
    // revision 1 gets the lock to a table without the column it inserts into: it fails, rolled back
    await gated.holder.executeScript(["ALTER TABLE gate_fails DROP COLUMN id", "COMMIT"]);
    await gated.holder.close();
    const result = await gated.run;
    expect(result.results.map((r) => [r.revision, r.status])).toEqual([
      ["fails_1", "failed"],
      ["fails_2", "not_run"],
    ]);
    expect(result.error?.message).toContain("fails_1");
    expect(mentionsTwo(gated.sent)).toEqual([]);
    expect(await tablesOf("fails")).toEqual([]);
    expect(await historyOf("fails")).toEqual([{ revision: "fails_1", status: "failed" }]);
    const state = await current({
      dialect: dialect(),
      revisions: gated.revisions,
      versionTable: { name: "v_fails" },
    });
    expect(state).toMatchObject({ heads: [], applied: [], partial: [] });
  }, 60_000);

  test("an interrupt while the revision before runs: it commits, the prepared one is never sent", async () => {
    const abort = new AbortController();
    const gated = await gatedRun("interrupted", { signal: abort.signal });
    abort.abort("SIGINT");
    await gated.holder.executeScript(["COMMIT"]);
    await gated.holder.close();
    const result = await gated.run;
    expect(result.results.map((r) => [r.revision, r.status])).toEqual([
      ["interrupted_1", "applied"],
      ["interrupted_2", "not_run"],
    ]);
    expect(result.error?.code).toBe("ATHANOR_INTERRUPTED");
    expect(mentionsTwo(gated.sent)).toEqual([]);
    expect(await tablesOf("interrupted")).toEqual(["interrupted_one"]);
    expect(await historyOf("interrupted")).toEqual([{ revision: "interrupted_1", status: "ok" }]);
  }, 60_000);
});
