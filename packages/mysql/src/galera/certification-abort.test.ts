import {
  type BackfillEvent,
  defineRevision,
  formatBackfillEvent,
  type MaxReplicaLag,
  type RunnerEvent,
  upgrade,
} from "@athanor/core";
import { beforeAll, describe, expect, test } from "vitest";
import { mysqlDialect } from "../mysql-dialect.js";
import { openMysqlConnection } from "../mysql-driver.js";
import { scratchMysqlDatabase, TEST_MYSQL_URL } from "../testing/scratch-database.js";
import { useGaleraCluster } from "../testing/use-galera-cluster.js";
import { GALERA_TRANSACTION_GUARD } from "./galera-transaction-guard.js";

// One 3-node cluster for the file; a write on node 2 aborts the runner's transaction on node 1.
const DB = "galera_certification_abort";
const galera = useGaleraCluster(DB);
const { synced } = galera;

beforeAll(async () => {
  const { admin } = galera;
  await admin.query(`CREATE TABLE ${DB}.accounts (id int PRIMARY KEY, balance int NOT NULL)`);
  await galera.admin.query(
    `CREATE TABLE ${DB}.transfers (id int AUTO_INCREMENT PRIMARY KEY, note varchar(32) NOT NULL)`,
  );
  await admin.query(`INSERT INTO ${DB}.accounts VALUES (1, 100)`);
});

// The revision of the reproduction: its data statements, then a sleep that the abort interrupts.
let holdSeconds = 4;
const revision = defineRevision({
  id: "c1",
  parents: [],
  upgrade: (op) => {
    op.execute("UPDATE accounts SET balance = balance + 50 WHERE id = 1");
    op.execute("INSERT INTO transfers (note) VALUES ('c1')");
    if (holdSeconds > 0) op.execute(`DO SLEEP(${holdSeconds})`);
  },
  downgrade: () => undefined,
});
const run = () =>
  upgrade({ dialect: mysqlDialect({ url: galera.cluster.url(0, DB) }), revisions: [revision] }, "heads");

async function untilSleeping(): Promise<void> {
  for (let waited = 0; waited < 30_000; waited += 100) {
    const rows = await galera.admin.query<{ n: number }>(
      "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE STATE = 'User sleep'",
    );
    if (Number(rows.rows[0]?.n) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the revision never reached its DO SLEEP");
}

describe("MariaDB Galera: a certification conflict aborts a step's transaction", () => {
  test("the dialect guards on a Galera node only (a plain MariaDB stops a batch at a killed statement itself)", async () => {
    const node = await galera.cluster.connect(0, DB);
    const plain = await openMysqlConnection({ url: TEST_MYSQL_URL });
    try {
      expect(await mysqlDialect({ url: galera.cluster.url(0, DB) }).transactionGuard?.(node)).toBe(
        GALERA_TRANSACTION_GUARD,
      );
      expect(await mysqlDialect({ url: TEST_MYSQL_URL }).transactionGuard?.(plain)).toBeUndefined();
      expect(
        await mysqlDialect({ url: galera.cluster.url(0, DB), galera: false }).transactionGuard?.(node),
      ).toBeUndefined();
    } finally {
      await node.close();
      await plain.close();
    }
  }, 30_000);

  test("the guard passes in an open transaction and stops a multi-statement batch once it is gone", async () => {
    const conn = await galera.cluster.connect(2, DB);
    try {
      await conn.executeScript(["START TRANSACTION", GALERA_TRANSACTION_GUARD, "ROLLBACK"]);
      const failed = await conn
        .executeScript([GALERA_TRANSACTION_GUARD, "INSERT INTO transfers (note) VALUES ('guarded')"])
        .then(
          () => null,
          (error: { sqlState?: string; statementIndex?: number }) => error,
        );
      expect(failed).toMatchObject({ sqlState: "40001", statementIndex: 0 });
      expect(await synced(2, "SELECT * FROM transfers")).toEqual([]);
    } finally {
      await conn.close();
    }
  }, 30_000);

  test("nothing of the step is committed, the error says so, and a rerun applies the revision once", async () => {
    const pending = run();
    await untilSleeping();
    const other = await galera.cluster.connect(1, DB);
    await other.executeScript(["UPDATE accounts SET balance = 1000 WHERE id = 1"]);
    await other.close();
    const failed = await pending;

    expect(failed.results.map((r) => r.status)).toEqual(["failed"]);
    expect(failed.error?.code).toBe("ATHANOR_MIGRATION_FAILED");
    expect(failed.error?.message).toContain(
      "upgrade of revision c1 failed because the database rolled its transaction back",
    );
    expect(failed.error?.message).toContain("certification conflict");
    expect(failed.error?.message).toContain("Nothing of it was applied");
    expect(failed.results[0]?.error?.meta).toMatchObject({ role: "guard", outcome: "nothing" });
    for (const node of [0, 1, 2]) {
      expect(await synced(node, "SELECT version_num FROM athanor_version")).toEqual([]);
      expect(await synced(node, "SELECT note FROM transfers")).toEqual([]);
      expect(await synced(node, "SELECT balance FROM accounts")).toEqual([{ balance: 1000 }]);
    }
    expect(await synced(0, "SELECT revision, status FROM athanor_version_history ORDER BY id")).toEqual([
      { revision: "c1", status: "failed" },
    ]);

    holdSeconds = 0;
    const rerun = await run();
    expect(rerun.error ?? null).toBeNull();
    expect(rerun.results.map((r) => r.status)).toEqual(["applied"]);
    for (const node of [0, 1, 2]) {
      expect(await synced(node, "SELECT version_num FROM athanor_version")).toEqual([{ version_num: "c1" }]);
      expect(await synced(node, "SELECT note FROM transfers")).toEqual([{ note: "c1" }]);
      expect(await synced(node, "SELECT balance FROM accounts")).toEqual([{ balance: 1050 }]);
    }
  }, 120_000);

  // The rare outcome: the guard finds the transaction gone, but the version table shows the step
  // (its row committed outside the rolled-back transaction). Staged here by writing the row from
  // node 2 in the conflicting transaction, so the runner meets exactly that state.
  test("the guard failed but the version row shows the step: its own outcome and message, not the lost-connection one", async () => {
    const next = defineRevision({
      id: "c2",
      parents: ["c1"],
      upgrade: (op) => {
        op.execute("UPDATE accounts SET balance = balance + 7 WHERE id = 1");
        op.execute("INSERT INTO transfers (note) VALUES ('c2')");
        op.execute("DO SLEEP(4)");
      },
      downgrade: () => undefined,
    });
    holdSeconds = 0;
    const pending = upgrade(
      { dialect: mysqlDialect({ url: galera.cluster.url(0, DB) }), revisions: [revision, next] },
      "heads",
    );
    await untilSleeping();
    const other = await galera.cluster.connect(1, DB);
    await other.executeScript([
      "START TRANSACTION",
      "UPDATE accounts SET balance = 2000 WHERE id = 1",
      "UPDATE athanor_version SET version_num = 'c2' WHERE version_num = 'c1'",
      "COMMIT",
    ]);
    await other.close();
    const failed = await pending;

    expect(failed.results.map((r) => [r.revision, r.status])).toEqual([["c2", "failed"]]);
    expect(failed.error?.code).toBe("ATHANOR_MIGRATION_FAILED");
    expect(failed.results[0]?.error?.meta).toMatchObject({ role: "guard", outcome: "version-recorded" });
    const message = failed.error?.message ?? "";
    expect(message).toContain("failed because the database rolled its transaction back");
    expect(message).toContain(
      "Yet the version table, read back after the rollback, shows this upgrade as applied: its version row was committed outside the rolled-back transaction",
    );
    expect(message).toContain("the next run will take the step as done");
    expect(message).not.toContain("connection to the database was lost");
    expect(message).not.toContain("Nothing of it was applied");
    for (const node of [0, 1, 2]) {
      expect(await synced(node, "SELECT version_num FROM athanor_version")).toEqual([{ version_num: "c2" }]);
      expect(await synced(node, "SELECT note FROM transfers ORDER BY id")).toEqual([{ note: "c1" }]);
      expect(await synced(node, "SELECT balance FROM accounts")).toEqual([{ balance: 2000 }]);
    }
    expect(
      await synced(
        0,
        "SELECT revision, status FROM athanor_version_history WHERE revision = 'c2' ORDER BY id",
      ),
    ).toEqual([{ revision: "c2", status: "failed" }]);
  }, 120_000);
});

// Shares the file's cluster (a start costs ~15 s): a node that falls behind during a backfill.
describe("MariaDB Galera: backfills wait for a node that falls behind (maxReplicaLag.queue)", () => {
  const FILL_DB = "galera_flow_control";
  const ROWS = 3_000;
  const fillRevision = defineRevision({
    id: "f1",
    parents: [],
    message: "fill w",
    async upgrade(op) {
      // hits counts the batches that touched a row: exactly once means 1 everywhere.
      await op.backfill({
        table: "fill",
        set: { w: "id * 2", hits: "hits + 1" },
        where: "w IS NULL",
        batchSize: 50,
        sleepMs: 20,
      });
    },
    downgrade() {},
  });
  const fill = (maxReplicaLag: MaxReplicaLag, events?: RunnerEvent[]) =>
    upgrade(
      {
        dialect: mysqlDialect({ url: galera.cluster.url(0, FILL_DB) }),
        revisions: [fillRevision],
        maxReplicaLag,
        ...(events === undefined ? {} : { onProgress: (event: RunnerEvent) => events.push(event) }),
      },
      "heads",
    );
  const reset = async () => {
    await galera.admin.query(`DROP DATABASE IF EXISTS ${FILL_DB}`);
    await galera.admin.query(`CREATE DATABASE ${FILL_DB}`);
    await galera.admin.query(
      `CREATE TABLE ${FILL_DB}.fill (id int PRIMARY KEY, w int NULL, hits int NOT NULL DEFAULT 0)`,
    );
    await galera.admin.query(`INSERT INTO ${FILL_DB}.fill (id) SELECT seq FROM ${FILL_DB}.seq_1_to_${ROWS}`);
  };
  const count = async (node: number, where: string) =>
    Number(
      (
        await galera.cluster.syncedRead<{ n: number }>(
          node,
          FILL_DB,
          `SELECT COUNT(*) AS n FROM fill WHERE ${where}`,
        )
      )[0]?.n,
    );

  test("node 3 under FLUSH TABLES WITH READ LOCK: the backfill pauses and says so; released, it finishes, every row filled once on every node", async () => {
    await reset();
    const events: RunnerEvent[] = [];
    const limit = 3;
    const running = fill({ queue: limit, checkEveryMs: 100 }, events);
    const until = async (what: string, seen: () => boolean) => {
      for (let waited = 0; !seen(); waited += 50) {
        if (waited > 60_000) throw new Error(`the backfill never ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    // Once batches commit, node 3 stops applying: FTWRL desyncs it, so it sends no flow control
    // and only its own receive queue shows it falling behind.
    await until("started", () => events.some((e) => e.type === "backfill-progress"));
    const node3 = await galera.cluster.connect(2);
    await node3.query("FLUSH TABLES WITH READ LOCK");
    let released = false;
    try {
      await until("paused for node 3", () => events.some((e) => e.type === "backfill-throttle"));
      const doneAtPause = await count(0, "w IS NOT NULL");
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(await count(0, "w IS NOT NULL")).toBe(doneAtPause);
      expect(doneAtPause).toBeGreaterThan(0);
      expect(doneAtPause).toBeLessThan(ROWS);
      const throttle = events.find((e) => e.type === "backfill-throttle");
      expect(throttle).toMatchObject({
        table: "fill",
        replica: expect.stringMatching(/^node3 \(127\.0\.0\.1:\d+\)$/),
      });
      expect((throttle as { queue: number }).queue).toBeGreaterThan(limit);
      expect(formatBackfillEvent(throttle as BackfillEvent)).toMatch(
        /^backfill fill: waiting for replica node3 \(127\.0\.0\.1:\d+\) \(\d+ write-sets queued, flow control \d+% paused\), paused [\d.]+ s so far$/,
      );
      await node3.query("UNLOCK TABLES");
      released = true;
    } finally {
      if (!released) await node3.query("UNLOCK TABLES");
      await node3.close();
    }
    const result = await running;
    expect(result.error ?? null).toBeNull();
    const summary = result.results[0]?.backfills?.[0];
    expect(summary?.rows).toBe(ROWS);
    expect(summary?.replicaLag?.pauses).toBeGreaterThanOrEqual(1);
    expect(summary?.replicaLag?.pausedMs).toBeGreaterThanOrEqual(1_400);
    expect(summary?.replicaLag?.maxQueue).toBeGreaterThan(limit);
    expect(summary?.replicaLag?.maxLagBytes).toBeNull();
    for (const node of [0, 1, 2]) {
      expect(await count(node, "w = id * 2 AND hits = 1")).toBe(ROWS);
    }
    const note = await galera.cluster.syncedRead<{ note: string }>(
      0,
      FILL_DB,
      "SELECT note FROM athanor_version_history WHERE revision = 'f1' AND status = 'ok'",
    );
    expect(note[0]?.note).toMatch(
      /replica lag at most \d+ write-sets queued \/ flow control \d+% paused, paused \d+× for [\d.]+ s/,
    );
  }, 120_000);

  test("flow control itself pauses the cluster (a slow applier past gcs.fc_limit): the backfill waits on flowControlPaused, then finishes", async () => {
    await reset();
    // A table without a key: each row event makes the other nodes' appliers scan it whole, so
    // writers on node 1 outrun them; with gcs.fc_limit=1 on nodes 2 and 3 flow control engages.
    await galera.admin.query(`CREATE TABLE ${FILL_DB}.slow (k int, v int) ENGINE=InnoDB`);
    await galera.admin.query(`INSERT INTO ${FILL_DB}.slow SELECT seq, 0 FROM ${FILL_DB}.seq_1_to_10000`);
    const limits = async (value: string) => {
      for (const node of [1, 2]) {
        const conn = await galera.cluster.connect(node);
        await conn.query(`SET GLOBAL wsrep_provider_options = 'gcs.fc_limit=${value}'`);
        await conn.close();
      }
    };
    await limits("1");
    const events: RunnerEvent[] = [];
    try {
      const running = fill({ flowControlPaused: 0.05, checkEveryMs: 100 }, events);
      for (let waited = 0; !events.some((e) => e.type === "backfill-progress"); waited += 50) {
        if (waited > 60_000) throw new Error("the backfill never started");
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const writers = await Promise.all([0, 1, 2, 3, 4, 5].map(() => galera.cluster.connect(0)));
      await Promise.all(
        writers.map((w, j) =>
          w.query(`UPDATE ${FILL_DB}.slow SET v = v + 1 WHERE k > ${j * 1000} AND k <= ${j * 1000 + 100}`),
        ),
      );
      for (const w of writers) await w.close();
      const result = await running;
      expect(result.error ?? null).toBeNull();
      const throttle = events.find((e) => e.type === "backfill-throttle") as BackfillEvent | undefined;
      expect(throttle).toMatchObject({ table: "fill" });
      expect((throttle as { flowControlPaused: number }).flowControlPaused).toBeGreaterThan(0.05);
      expect(formatBackfillEvent(throttle as BackfillEvent)).toMatch(/flow control \d+% paused\), paused/);
      const seen = result.results[0]?.backfills?.[0]?.replicaLag;
      expect(seen?.pauses).toBeGreaterThanOrEqual(1);
      expect(seen?.maxFlowControlPaused).toBeGreaterThan(0.05);
      for (const node of [0, 1, 2]) expect(await count(node, "w = id * 2 AND hits = 1")).toBe(ROWS);
    } finally {
      await limits("16");
    }
  }, 120_000);

  test("flowControlPaused alone reads the runner's node only and reports the share seen; a time limit cannot be measured on Galera and is refused before any batch", async () => {
    await reset();
    const free = await fill({ flowControlPaused: 0.5, checkEveryMs: 100 });
    expect(free.error ?? null).toBeNull();
    const seen = free.results[0]?.backfills?.[0]?.replicaLag;
    expect(seen?.pauses).toBe(0);
    expect(seen?.maxFlowControlPaused).toBeGreaterThanOrEqual(0);
    expect(seen?.maxFlowControlPaused).toBeLessThanOrEqual(0.5);
    expect(seen?.maxQueue).toBeGreaterThanOrEqual(0);
    expect(await count(1, "w = id * 2 AND hits = 1")).toBe(ROWS);

    await reset();
    const refused = await fill({ seconds: 5 });
    expect(refused.error?.code).toBe("ATHANOR_UNSUPPORTED");
    expect(refused.error?.message).toContain("maxReplicaLag.seconds cannot be measured here");
    expect(refused.error?.message).toContain("queue and flowControlPaused");
    expect(await count(0, "w IS NOT NULL")).toBe(0);
  }, 120_000);

  test("a plain MariaDB (no Galera) refuses maxReplicaLag instead of never throttling", async () => {
    const scratch = await scratchMysqlDatabase();
    try {
      await scratch.connection.query(
        "CREATE TABLE fill (id int PRIMARY KEY, w int NULL, hits int NOT NULL DEFAULT 0)",
      );
      await scratch.connection.query("INSERT INTO fill (id) VALUES (1), (2)");
      const refused = await upgrade(
        {
          dialect: mysqlDialect({ url: scratch.url }),
          revisions: [fillRevision],
          maxReplicaLag: { queue: 5 },
        },
        "heads",
      );
      expect(refused.error?.code).toBe("ATHANOR_UNSUPPORTED");
      expect(refused.error?.message).toContain("measured on Galera nodes only");
      expect((await scratch.connection.query("SELECT id FROM fill WHERE w IS NOT NULL")).rows).toEqual([]);
    } finally {
      await scratch.dispose();
    }
  }, 60_000);
});
