// Revision N+1 is prepared while the server runs revision N (core's runner/steps-ahead.ts) on
// MariaDB's full step path too: its op-calls-only function run, its DDL rendered and wrapped in
// its progress records, its version row queued — and nothing of it may reach the server before N
// committed. Revision N here waits on a row lock another session holds, so the test can look at
// the run while N is on the server, by what the server shows (its processlist), not by timing:
// N+1's function has run, none of its statements was sent; then N commits (N+1 follows), fails
// (N+1 never sent, not recorded) or the run is interrupted (the same).
import { current, type RunResult } from "@athanor/core";
import { gatedStepsAheadRun, type StepsAheadGate } from "@athanor/core/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { mysqlDialect } from "./mysql-dialect.js";
import { type ScratchMysqlDatabase, scratchMysqlDatabase } from "./testing/scratch-database.js";

let db: ScratchMysqlDatabase;
beforeAll(async () => {
  db = await scratchMysqlDatabase();
}, 60_000);
afterAll(async () => {
  await db?.dispose();
});

const dialect = () => mysqlDialect({ url: db.url });

/** Revision 1's `INSERT` waits on a row of the gate another session inserted and has not committed. */
const gate: StepsAheadGate = {
  dialect,
  async hold(table) {
    await db.connection.executeScript([`CREATE TABLE ${table} (id int PRIMARY KEY)`]);
    const holder = await dialect().connect();
    await holder.executeScript(["START TRANSACTION", `INSERT INTO ${table} (id) VALUES (1)`]);
    return holder;
  },
  // The processlist, not innodb_trx: MariaDB 10.11 may list no transaction for a session whose
  // first statement waits.
  async waiting(table) {
    const { rows } = await db.connection.query(
      "SELECT id FROM information_schema.processlist WHERE command = 'Query' AND info LIKE ? AND id <> CONNECTION_ID()",
      [`INSERT INTO ${table} %`],
    );
    return rows[0] !== undefined;
  },
  pause: async () => void (await db.connection.query("DO SLEEP(0.02)")),
};

const gatedRun = (name: string, options: { signal?: AbortSignal } = {}) =>
  gatedStepsAheadRun(
    gate,
    name,
    [`CREATE TABLE ${name}_two (id int)`, `CREATE TABLE ${name}_three (id int)`],
    options,
  );

const mentionsTwo = (statements: readonly string[]) =>
  statements.filter((sql) => sql.includes("_two") || sql.includes("_three") || sql.includes("_2'"));

async function tablesOf(name: string): Promise<string[]> {
  return (
    await db.connection.query<{ t: string }>(
      "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE ? ORDER BY 1",
      [`${name}\\_%`],
    )
  ).rows.map((r) => r.t);
}

async function historyOf(name: string): Promise<unknown[]> {
  return (
    await db.connection.query(
      `SELECT revision, status, statement_index AS done FROM v_${name}_history ORDER BY id`,
    )
  ).rows;
}

describe("the next revision prepared while the server runs one (MariaDB)", () => {
  test("is sent only once the revision before committed, its records timed at its turn", async () => {
    const gated = await gatedRun("commits");
    expect(mentionsTwo(gated.sentWhileWaiting)).toEqual([]);
    expect(gated.sentWhileWaiting.some((sql) => sql.includes("INSERT INTO gate_commits"))).toBe(true);
    const released = new Date();
    await gated.holder.executeScript(["ROLLBACK"]);
    await gated.holder.close();
    const result: RunResult = await gated.run;
    expect(result.error).toBeUndefined();
    expect(result.results.map((r) => r.status)).toEqual(["applied", "applied"]);
    // revision 2's batch follows revision 1's whole batch, its final COMMIT included
    const commitOfOne = gated.sent.indexOf("COMMIT", gated.sent.indexOf("CREATE TABLE commits_one (id int)"));
    expect(commitOfOne).toBeGreaterThan(0);
    expect(mentionsTwo(gated.sent.slice(0, commitOfOne + 1))).toEqual([]);
    const two = gated.sent.slice(commitOfOne + 1);
    expect(two).toEqual(expect.arrayContaining(["CREATE TABLE commits_two (id int)"]));
    // each DDL statement between its progress records, as the full path sends them; the last
    // one's record is the final transaction's `ok` row
    const at = (sql: string) => two.indexOf(sql);
    expect(two[at("CREATE TABLE commits_two (id int)") - 1]).toMatch(/^INSERT INTO `v_commits_history`/);
    expect(two[at("CREATE TABLE commits_two (id int)") + 1]).toMatch(
      /^UPDATE `v_commits_history` SET `status` = 'partial', `statement_index` = 1/,
    );
    expect(two[at("CREATE TABLE commits_three (id int)") + 1]).toBe("START TRANSACTION");
    expect(two.slice(at("CREATE TABLE commits_three (id int)") + 2, -2)).toEqual([
      expect.stringMatching(/^UPDATE `v_commits` SET `version_num`/),
      expect.stringMatching(/^UPDATE `v_commits_history` SET `status` = 'ok'/),
      "COMMIT",
    ]);
    expect(await tablesOf("commits")).toEqual(["commits_one", "commits_three", "commits_two"]);
    expect(await historyOf("commits")).toEqual([
      { revision: "commits_1", status: "ok", done: null },
      { revision: "commits_2", status: "ok", done: null },
    ]);
    // the prepared revision's row says when its turn came, not when it was prepared
    const [row] = (
      await db.connection.query<{ after: unknown }>(
        "SELECT started_at >= ? AS after FROM v_commits_history WHERE revision = 'commits_2'",
        [released.toISOString().replace("T", " ").replace("Z", "")],
      )
    ).rows;
    expect(Number(row?.after)).toBe(1);
  }, 60_000);

  test("a failure of the revision before leaves it unsent and unrecorded, and status says so", async () => {
    const gated = await gatedRun("fails");
    expect(mentionsTwo(gated.sentWhileWaiting)).toEqual([]);
    // revision 1 gets the row after the holder committed it: a duplicate key, nothing of it applied
    await gated.holder.executeScript(["COMMIT"]);
    await gated.holder.close();
    const result = await gated.run;
    expect(result.results.map((r) => [r.revision, r.status])).toEqual([
      ["fails_1", "failed"],
      ["fails_2", "not_run"],
    ]);
    expect(result.error?.message).toContain("fails_1");
    expect(mentionsTwo(gated.sent)).toEqual([]);
    expect(await tablesOf("fails")).toEqual([]);
    expect(await historyOf("fails")).toEqual([{ revision: "fails_1", status: "failed", done: 0 }]);
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
    await gated.holder.executeScript(["ROLLBACK"]);
    await gated.holder.close();
    const result = await gated.run;
    expect(result.results.map((r) => [r.revision, r.status])).toEqual([
      ["interrupted_1", "applied"],
      ["interrupted_2", "not_run"],
    ]);
    expect(result.error?.code).toBe("ATHANOR_INTERRUPTED");
    expect(mentionsTwo(gated.sent)).toEqual([]);
    expect(await tablesOf("interrupted")).toEqual(["interrupted_one"]);
    expect(await historyOf("interrupted")).toEqual([{ revision: "interrupted_1", status: "ok", done: null }]);
  }, 60_000);
});
