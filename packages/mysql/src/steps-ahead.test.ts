// Revision N+1 is prepared while the server runs revision N (core's runner/steps-ahead.ts) on
// MariaDB's full step path too: its op-calls-only function run, its DDL rendered and wrapped in
// its progress records, its version row queued — and nothing of it may reach the server before N
// committed. Revision N here waits on a row lock another session holds, so the test can look at
// the run while N is on the server, by what the server shows (its processlist), not by timing:
// N+1's function has run, none of its statements was sent; then N commits (N+1 follows), fails
// (N+1 never sent, not recorded) or the run is interrupted (the same).
import {
  type Connection,
  current,
  type Dialect,
  defineRevision,
  markOpCallsOnly,
  type RevisionDefinition,
  type RunResult,
  upgrade,
} from "@athanor/core";
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

/** The dialect, each statement its sessions are handed (reads and scripts) recorded in `sent`. */
function recording(sent: string[]): Dialect {
  const inner = dialect();
  return {
    ...inner,
    async connect(): Promise<Connection> {
      const conn = await inner.connect();
      return {
        ...conn,
        query: (sql, params) => {
          sent.push(sql);
          return conn.query(sql, params);
        },
        executeScript: (script) => {
          sent.push(...script);
          return conn.executeScript(script);
        },
        close: () => conn.close(),
      };
    },
  };
}

/**
 * A run whose first revision waits on the server for a row of `gate_<name>` that another
 * session inserted and has not committed; its second is marked op-calls-only.
 */
async function gatedRun(name: string, options: { signal?: AbortSignal } = {}) {
  const gate = `gate_${name}`;
  await db.connection.executeScript([`CREATE TABLE ${gate} (id int PRIMARY KEY)`]);
  const holder = await dialect().connect();
  await holder.executeScript(["START TRANSACTION", `INSERT INTO ${gate} (id) VALUES (1)`]);
  let prepared!: () => void;
  const nextPrepared = new Promise<void>((resolve) => {
    prepared = resolve;
  });
  const sent: string[] = [];
  const revisions: RevisionDefinition[] = [
    defineRevision({
      id: `${name}_1`,
      upgrade: (op) => {
        op.execute(`INSERT INTO ${gate} (id) VALUES (1)`);
        op.execute(`CREATE TABLE ${name}_one (id int)`);
      },
      downgrade: () => undefined,
    }),
    defineRevision({
      id: `${name}_2`,
      parents: [`${name}_1`],
      // op calls only, but for the test's own note that it ran
      upgrade: markOpCallsOnly((op: Parameters<RevisionDefinition["upgrade"]>[0]) => {
        prepared();
        op.execute(`CREATE TABLE ${name}_two (id int)`);
        op.execute(`CREATE TABLE ${name}_three (id int)`);
      }),
      downgrade: () => undefined,
    }),
  ];
  // no lock timeout of athanor's: revision 1 waits for the holder as long as the test needs
  const run = upgrade(
    { dialect: recording(sent), revisions, versionTable: { name: `v_${name}` }, lockRetry: false },
    "heads",
    { signal: options.signal },
  );
  run.catch(() => undefined);
  // revision 1 is on the server, waiting for the holder's row lock. The processlist, not
  // innodb_trx: MariaDB 10.11 may list no transaction for a session whose first statement waits.
  for (;;) {
    const rows = (
      await db.connection.query(
        "SELECT id FROM information_schema.processlist WHERE command = 'Query' AND info LIKE ? AND id <> CONNECTION_ID()",
        [`INSERT INTO ${gate} %`],
      )
    ).rows;
    if (rows[0] !== undefined) break;
    await db.connection.query("DO SLEEP(0.02)");
  }
  // revision 2 was prepared meanwhile (a test without the preparing waits here until it times out)
  await nextPrepared;
  const sentWhileWaiting = [...sent];
  return { run, sent, sentWhileWaiting, holder, revisions };
}

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
    // each DDL statement between its progress records, as the full path sends them
    const at = (sql: string) => two.indexOf(sql);
    expect(two[at("CREATE TABLE commits_two (id int)") - 1]).toMatch(/^INSERT INTO `v_commits_history`/);
    expect(two[at("CREATE TABLE commits_two (id int)") + 1]).toMatch(
      /^UPDATE `v_commits_history` SET `status` = 'partial', `statement_index` = 1/,
    );
    expect(two[at("CREATE TABLE commits_three (id int)") + 1]).toMatch(
      /^UPDATE `v_commits_history` SET `status` = 'partial', `statement_index` = 2/,
    );
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
