import { current, defineRevision, type RevisionDefinition, upgrade } from "@athanor/core";
import { createPool, type Pool, type PoolConnection } from "mysql2/promise";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { MysqlClientLike } from "./client-types.js";
import { mysqlLockName } from "./lock.js";
import { mysqlDialect } from "./mysql-dialect.js";
import { type ScratchMysqlDatabase, scratchMysqlDatabase } from "./testing/scratch-database.js";

// The runner on the application's own mysql2 pool (`mysqlDialect({ client: pool })`, the pool an
// app migrating at start-up already has). A pool's query goes to whichever connection is free, so
// a run must take one connection for its whole session — its GET_LOCK, transactions and
// RELEASE_LOCK on the same server session — and give it back (or, once the server ended it, drop
// it). Losing that session in the middle of a revision is a coded error and the record tells the
// truth; the pool serves the next run, which completes.
let db: ScratchMysqlDatabase;
let pool: Pool;
let appBusy: Promise<void> | undefined;
let stopApp = false;
beforeAll(async () => {
  db = await scratchMysqlDatabase();
});
afterAll(() => db?.dispose());
beforeEach(async () => {
  await db.connection.executeScript([
    "DROP TABLE IF EXISTS held, sessions, made_by_r2, athanor_version, athanor_version_history, athanor_version_backfill",
    "CREATE TABLE held (id int PRIMARY KEY, v int)",
    "INSERT INTO held (id) VALUES (1), (2), (9)",
  ]);
  pool = createPool({ uri: db.url, connectionLimit: 8, multipleStatements: true });
});
afterEach(async () => {
  stopApp = true;
  await appBusy;
  await pool.end();
});

const dialect = () => mysqlDialect({ client: pool as unknown as MysqlClientLike });

/** The application keeps using its pool while the run goes on: each query takes a free connection. */
function appUsesThePool(): void {
  stopApp = false;
  const worker = async () => {
    while (!stopApp) await pool.query("SELECT 1");
  };
  appBusy = Promise.all([worker(), worker()]).then(() => undefined);
}

/** The session holding the runner's lock, as the server sees it. */
async function lockHolder(): Promise<number | null> {
  const name = mysqlLockName(db.name, "athanor:.athanor_version");
  const { rows } = await db.connection.query<{ holder: unknown }>("SELECT IS_USED_LOCK(?) AS holder", [name]);
  return rows[0]?.holder == null ? null : Number(rows[0].holder);
}

const r1 = defineRevision({
  id: "r1",
  parents: [],
  message: "r1",
  upgrade: (op) => op.execute("CREATE TABLE sessions (id bigint, holder bigint)"),
  downgrade: (op) => op.execute("DROP TABLE sessions"),
});

describe("the runner on an application's mysql2 pool", () => {
  test("keeps one session for the run while the app uses the pool: the lock, every statement and the unlock on it", async () => {
    appUsesThePool();
    const name = mysqlLockName(db.name, "athanor:.athanor_version");
    // op.query runs at once, each its own round trip: the session each one ran on, and the lock's holder
    const r2: RevisionDefinition = defineRevision({
      id: "r2",
      parents: ["r1"],
      message: "r2",
      upgrade: async (op) => {
        for (let i = 0; i < 4; i++) {
          await op.query(`INSERT INTO sessions SELECT CONNECTION_ID(), IS_USED_LOCK('${name}')`);
          // the app takes a free connection of its pool and holds it: the one a pool query just used
          taken.push(await pool.getConnection());
        }
        op.execute("CREATE TABLE made_by_r2 (id int)");
      },
      downgrade: (op) => op.execute("DROP TABLE made_by_r2"),
    });
    const taken: PoolConnection[] = [];
    const run = await upgrade({ dialect: dialect(), revisions: [r1, r2] }, "heads");
    for (const c of taken) c.release();
    expect(run.error?.message).toBeUndefined();
    const { rows } = await db.connection.query<{ id: number; holder: number }>(
      "SELECT DISTINCT id, holder FROM sessions",
    );
    expect(rows.length, "one session ran every statement").toBe(1);
    expect(Number(rows[0]?.id), "and held the lock").toBe(Number(rows[0]?.holder));
    stopApp = true;
    await appBusy;
    expect(await lockHolder(), "the lock went with the run: no pooled connection keeps it").toBeNull();
  });

  test("KILL of the run's session while a statement of r2 waits: a coded error, the truth recorded, the pool runs the rest", async () => {
    const r2 = defineRevision({
      id: "r2",
      parents: ["r1"],
      message: "r2",
      upgrade: (op) => {
        op.execute("INSERT INTO sessions VALUES (1, 1)");
        op.execute("UPDATE held SET v = 2 WHERE id = 9");
      },
      downgrade: () => undefined,
    });
    expect((await upgrade({ dialect: dialect(), revisions: [r1] }, "heads")).error).toBeUndefined();
    const blocker = await createPool({ uri: db.url, connectionLimit: 1 }).getConnection();
    try {
      await blocker.query("LOCK TABLES held WRITE");
      const run = upgrade({ dialect: dialect(), revisions: [r1, r2] }, "heads");
      // aimed by the server's process list, not timing: the runner's UPDATE waits on `held`
      let waiting: number | undefined;
      while (waiting === undefined) {
        const { rows } = await db.connection.query<{ id: number }>(
          "SELECT ID AS id FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND STATE LIKE 'Waiting for table%'",
        );
        waiting = rows[0]?.id;
      }
      await db.connection.query(`KILL ${Number(waiting)}`);
      const result = await run;
      expect(["ATHANOR_MIGRATION_FAILED", "ATHANOR_CONNECTION_FAILED"], result.error?.message).toContain(
        result.error?.code,
      );
      expect(result.error?.message).toMatch(/r2/);
    } finally {
      await blocker.query("UNLOCK TABLES");
      blocker.release();
      await blocker.destroy();
    }
    const state = await current({ dialect: dialect(), revisions: [r1, r2] });
    expect(state.heads, "r2 not applied").toEqual(["r1"]);
    expect(state.partial, "nothing of r2 recorded as done").toEqual([]);
    const { rows } = await db.connection.query<{ n: number }>("SELECT COUNT(*) AS n FROM sessions");
    expect(Number(rows[0]?.n), "r2's INSERT rolled back with its transaction").toBe(0);
    const next = await upgrade({ dialect: dialect(), revisions: [r1, r2] }, "heads");
    expect(next.error?.message).toBeUndefined();
    expect(next.results.map((r) => r.revision)).toEqual(["r2"]);
    expect(await lockHolder()).toBeNull();
  });
});
