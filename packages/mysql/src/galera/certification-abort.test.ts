import { defineRevision, upgrade } from "@athanor/core";
import { beforeAll, describe, expect, test } from "vitest";
import { mysqlDialect } from "../mysql-dialect.js";
import { openMysqlConnection } from "../mysql-driver.js";
import { TEST_MYSQL_URL } from "../testing/scratch-database.js";
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
});
