import { defineRevision, type RevisionDefinition, type RunnerEvent, upgrade } from "@athanor/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { mysqlDialect } from "./mysql-dialect.js";
import { type MysqlConnection, openMysqlConnection } from "./mysql-driver.js";
import { type ScratchMysqlDatabase, scratchMysqlDatabase } from "./testing/scratch-database.js";

let db: ScratchMysqlDatabase;
beforeAll(async () => {
  db = await scratchMysqlDatabase();
});
afterAll(async () => {
  await db?.dispose();
});

const rev = (id: string, upgradeFn: RevisionDefinition["upgrade"]) =>
  defineRevision({ id, parents: [], message: id, upgrade: upgradeFn, downgrade() {} });
const rows = async (sql: string) => (await db.connection.query<Record<string, unknown>>(sql)).rows;
const numbers =
  "SELECT a.n * 100 + b.n * 10 + c.n + 1 AS n FROM (SELECT 0 n UNION SELECT 1 UNION SELECT 2 UNION SELECT 3 UNION SELECT 4 UNION SELECT 5 UNION SELECT 6 UNION SELECT 7 UNION SELECT 8 UNION SELECT 9) a, (SELECT 0 n UNION SELECT 1 UNION SELECT 2 UNION SELECT 3 UNION SELECT 4 UNION SELECT 5 UNION SELECT 6 UNION SELECT 7 UNION SELECT 8 UNION SELECT 9) b, (SELECT 0 n UNION SELECT 1 UNION SELECT 2 UNION SELECT 3 UNION SELECT 4 UNION SELECT 5 UNION SELECT 6 UNION SELECT 7 UNION SELECT 8 UNION SELECT 9) c";

describe("op.backfill on MariaDB", () => {
  test("set expressions in keyset batches honour the where clause; summary and cursor bookkeeping", async () => {
    await db.connection.executeScript([
      "CREATE TABLE users (id bigint PRIMARY KEY, email varchar(100) NOT NULL, email_lower varchar(100) NULL)",
      `INSERT INTO users SELECT n, CONCAT('User', n, '@Example.COM'), IF(n % 10 = 0, 'kept', NULL) FROM (${numbers}) x`,
    ]);
    const events: RunnerEvent[] = [];
    const run = await upgrade({
      dialect: mysqlDialect({ url: db.url }),
      revisions: [
        rev(
          "m1",
          async (op) =>
            void (await op.backfill({
              table: "users",
              set: { email_lower: "LOWER(email)" },
              where: "email_lower IS NULL",
              batchSize: 400,
            })),
        ),
      ],
      versionTable: { name: "v_m1" },
      onProgress: (e) => events.push(e),
    });
    expect(run.error).toBeUndefined();
    expect(await rows("SELECT COUNT(*) AS n FROM users WHERE email_lower = 'kept'")).toEqual([{ n: "100" }]);
    expect(await rows("SELECT COUNT(*) AS n FROM users WHERE email_lower = LOWER(email)")).toEqual([
      { n: "900" },
    ]);
    expect(
      events
        .filter((e) => e.type === "backfill-progress")
        .map((e) => e.type === "backfill-progress" && e.rowsDone),
    ).toEqual([400, 800, 900]);
    const note = (await rows("SELECT note FROM v_m1_history WHERE status = 'ok'"))[0]?.note;
    expect(note).toMatch(/^backfill users: 900 rows in 3 batches/);
    expect(await rows("SELECT * FROM v_m1_backfill")).toEqual([]);
  }, 60_000);

  test("compute callback over a composite key resumes after a failure from the saved cursor", async () => {
    await db.connection.executeScript([
      "CREATE TABLE items (tenant int, id int, name varchar(50) NOT NULL, slug varchar(60) NULL, PRIMARY KEY (tenant, id))",
      `INSERT INTO items SELECT t.n, x.n, CONCAT('item ', x.n), NULL FROM (${numbers}) x, (SELECT 1 n UNION SELECT 2) t WHERE x.n <= 300`,
    ]);
    let failOnBatch: number | undefined = 4;
    const seen: string[][] = [];
    const options = {
      dialect: mysqlDialect({ url: db.url }),
      revisions: [
        rev("m2", async (op) => {
          await op.backfill({
            table: "items",
            batchSize: 100,
            columns: ["name"],
            compute: (batch) => {
              seen.push(batch.map((r) => `${r.tenant}/${r.id}`));
              if (seen.length === failOnBatch) throw new Error("worker crashed");
              return batch.map((r) => ({
                tenant: r.tenant,
                id: r.id,
                slug: `${String(r.name).replace(" ", "-")}-t${r.tenant}`,
              }));
            },
          });
        }),
      ],
      versionTable: { name: "v_m2" },
    };
    const first = await upgrade(options);
    expect(first.error?.code).toBe("ATHANOR_BACKFILL_FAILED");
    // three batches of 100 committed: tenant 1 is done, the cursor sits on its last key
    expect(await rows("SELECT cursor_key, rows_done FROM v_m2_backfill")).toEqual([
      { cursor_key: '["1","300"]', rows_done: "300" },
    ]);
    failOnBatch = undefined;
    seen.length = 0;
    // the run stopped part-way (batches committed): a plain re-run refuses, --resume continues
    await expect(upgrade(options)).rejects.toMatchObject({ code: "ATHANOR_PARTIAL_REVISION" });
    const second = await upgrade(options, "heads", { resume: true });
    expect(second.error).toBeUndefined();
    expect(seen[0]?.[0]).toBe("2/1");
    expect(seen.flat()).toHaveLength(300);
    expect(
      await rows("SELECT COUNT(*) AS n FROM items WHERE slug = CONCAT('item-', id, '-t', tenant)"),
    ).toEqual([{ n: "600" }]);
  }, 60_000);

  // A staged type change backfills the new column with `set`; every batch's UPDATE used to stamp
  // the run's time on each row's `ON UPDATE CURRENT_TIMESTAMP` column (found walking import
  // drizzle → staged autogenerate on MariaDB: users.updated_at of every row became the upgrade's).
  test("set and compute backfills leave ON UPDATE CURRENT_TIMESTAMP columns as they were", async () => {
    const stamp = "2001-02-03 04:05:06";
    await db.connection.executeScript([
      "CREATE TABLE stamped (id int PRIMARY KEY, name varchar(20) NOT NULL, name_new varchar(40) NULL, slug varchar(40) NULL, " +
        "updated_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, " +
        "touched_at datetime NULL ON UPDATE CURRENT_TIMESTAMP)",
      `INSERT INTO stamped SELECT n, CONCAT('n', n), NULL, NULL, '${stamp}', '${stamp}' FROM (${numbers}) x WHERE x.n <= 250`,
    ]);
    const run = await upgrade({
      dialect: mysqlDialect({ url: db.url }),
      revisions: [
        rev("m3", async (op) => {
          await op.backfill({
            table: "stamped",
            set: { name_new: "name" },
            where: "name_new IS NULL",
            batchSize: 100,
          });
          await op.backfill({
            table: "stamped",
            batchSize: 100,
            columns: ["name"],
            compute: (batch) => batch.map((r) => ({ id: r.id, slug: `s-${String(r.name)}` })),
          });
          // a backfill that writes the column itself still writes it
          await op.backfill({
            table: "stamped",
            set: { touched_at: "'2002-01-01 00:00:00'" },
            where: "id <= 10",
          });
        }),
      ],
      versionTable: { name: "v_m3" },
    });
    expect(run.error).toBeUndefined();
    expect(
      await rows(
        "SELECT COUNT(*) AS n FROM stamped WHERE name_new = name AND slug = CONCAT('s-', name) AND " +
          `updated_at = '${stamp}' AND touched_at = IF(id <= 10, '2002-01-01 00:00:00', '${stamp}')`,
      ),
    ).toEqual([{ n: "250" }]);
  }, 60_000);
});

describe("lock-safe execution on MariaDB", () => {
  let holder: MysqlConnection;
  beforeAll(async () => {
    holder = await openMysqlConnection({ url: db.url });
  });
  afterAll(async () => {
    await holder?.close();
  });

  test("a metadata lock held by an open transaction: retries, then succeeds once it ends", async () => {
    await db.connection.executeScript(["CREATE TABLE busy (id int PRIMARY KEY)"]);
    await holder.executeScript(["START TRANSACTION", "SELECT * FROM busy"]);
    const timer = setTimeout(() => void holder.executeScript(["COMMIT"]), 1500);
    const events: RunnerEvent[] = [];
    const run = await upgrade({
      dialect: mysqlDialect({ url: db.url }),
      revisions: [rev("l1", (op) => op.execute("ALTER TABLE busy ADD COLUMN note text"))],
      versionTable: { name: "v_l1" },
      lockRetry: { lockTimeoutMs: 1000, retries: 10, backoffMs: 100, maxBackoffMs: 300 },
      onProgress: (e) => events.push(e),
    });
    clearTimeout(timer);
    expect(run.error).toBeUndefined();
    expect(events.some((e) => e.type === "lock-retry" && e.scope === "revision")).toBe(true);
    expect(
      await rows(
        "SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'busy' ORDER BY ORDINAL_POSITION",
      ),
    ).toEqual([{ c: "id" }, { c: "note" }]);
  }, 60_000);

  test("fails with ATHANOR_LOCK_RETRIES_EXHAUSTED while the lock is never released", async () => {
    await db.connection.executeScript(["CREATE TABLE stuck (id int PRIMARY KEY)"]);
    await holder.executeScript(["START TRANSACTION", "SELECT * FROM stuck"]);
    try {
      const run = await upgrade({
        dialect: mysqlDialect({ url: db.url }),
        revisions: [rev("l2", (op) => op.execute("ALTER TABLE stuck ADD COLUMN note text"))],
        versionTable: { name: "v_l2" },
        lockRetry: { lockTimeoutMs: 1000, retries: 1, backoffMs: 50 },
      });
      expect(run.error?.code).toBe("ATHANOR_LOCK_RETRIES_EXHAUSTED");
      expect(run.error?.message).toContain("2 attempts timed out waiting");
      expect(run.results[0]?.status).toBe("failed");
    } finally {
      await holder.executeScript(["COMMIT"]);
    }
  }, 60_000);
});
