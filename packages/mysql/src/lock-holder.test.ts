import { readMigrationLock } from "@athanor/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { acquireMysqlLock, releaseMysqlLock } from "./lock.js";
import { mysqlLockHolder } from "./lock-holder.js";
import { mysqlDialect } from "./mysql-dialect.js";
import { openMysqlConnection } from "./mysql-driver.js";
import { type ScratchMysqlDatabase, scratchMysqlDatabase } from "./testing/scratch-database.js";

let db: ScratchMysqlDatabase;
beforeAll(async () => {
  db = await scratchMysqlDatabase();
});
afterAll(async () => db?.dispose());

const KEY = "athanor:.athanor_version";

describe("mysqlLockHolder (MariaDB)", () => {
  test("names the connection holding the migration lock, and nothing once it is released", async () => {
    const holder = await openMysqlConnection({ url: db.url });
    try {
      expect(await mysqlLockHolder(db.connection, KEY)).toBeNull();
      await acquireMysqlLock(holder, KEY, { timeoutMs: 1_000, pollMs: 50 });
      const { rows } = await holder.query<{ id: number | string }>("SELECT CONNECTION_ID() AS id");
      const seen = await mysqlLockHolder(db.connection, KEY);
      expect(seen).toMatchObject({
        pid: Number(rows[0]?.id),
        user: "root",
        applicationName: null,
        backendStart: null,
      });
      expect(seen?.clientAddr).toMatch(/^[\w.:-]+$/);
      expect(seen?.state).toMatch(/^Sleep.* for \d+ s$/);
      await releaseMysqlLock(holder, KEY);
      expect(await mysqlLockHolder(db.connection, KEY)).toBeNull();
    } finally {
      await holder.close();
    }
  });

  test("a lock of the same name in another database is not this database's lock", async () => {
    const other = await scratchMysqlDatabase();
    try {
      await acquireMysqlLock(other.connection, KEY, { timeoutMs: 1_000, pollMs: 50 });
      expect(await mysqlLockHolder(db.connection, KEY)).toBeNull();
      expect(await mysqlLockHolder(other.connection, KEY)).not.toBeNull();
    } finally {
      await other.dispose();
    }
  });

  test("readMigrationLock reports it through the dialect, as `athanor status` does", async () => {
    const options = { dialect: mysqlDialect({ url: db.url }), revisions: [] };
    expect(await readMigrationLock(options)).toEqual({ state: "free", holder: null });
    const holder = await openMysqlConnection({ url: db.url });
    try {
      await acquireMysqlLock(holder, KEY, { timeoutMs: 1_000, pollMs: 50 });
      const reading = await readMigrationLock(options);
      expect(reading.state).toBe("held");
      expect(reading.holder?.user).toBe("root");
    } finally {
      await holder.close();
    }
  });
});
