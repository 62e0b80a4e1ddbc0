import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  acquireMysqlLock,
  mysqlLockName,
  mysqlLockNameSql,
  readUnderMysqlLock,
  releaseMysqlLock,
} from "./lock.js";
import { openMysqlConnection } from "./mysql-driver.js";
import { mysqlSessionDialect } from "./mysql-session.js";
import { quoteLiteral } from "./quote.js";
import { type ScratchMysqlDatabase, scratchMysqlDatabase } from "./testing/scratch-database.js";

// Dialect.readUnderLock on MariaDB: GET_LOCK, the read and RELEASE_LOCK in one round trip, under
// the same lock name the polling path takes (a no-op `upgrade` confirmed from its summary).

let db: ScratchMysqlDatabase;
let database: string;
beforeAll(async () => {
  db = await scratchMysqlDatabase();
  await db.connection.query("CREATE TABLE probe (id int)");
  await db.connection.query("INSERT INTO probe VALUES (1), (2)");
  const { rows } = await db.connection.query<{ db: string }>("SELECT DATABASE() AS db");
  database = rows[0]?.db ?? "";
});
afterAll(async () => db?.dispose());

const KEY = "athanor:.athanor_version";
const READ = "SELECT id FROM probe ORDER BY id";

async function isFree(key: string): Promise<boolean> {
  const { rows } = await db.connection.query<{ free: number | string }>("SELECT IS_FREE_LOCK(?) AS free", [
    mysqlLockName(database, key),
  ]);
  return Number(rows[0]?.free) === 1;
}

describe("readUnderLock (MariaDB)", () => {
  test("the server computes the lock name the client computes, plain and hashed, non-ASCII included", async () => {
    for (const key of [
      KEY,
      "athanor:reporting.athanor_version",
      `athanor:.${"v".repeat(60)}`,
      "athanor:.версия_ß_😀",
    ]) {
      const { rows } = await db.connection.query<{ name: string }>(`SELECT ${mysqlLockNameSql(key)} AS name`);
      expect(rows[0]?.name).toBe(mysqlLockName(database, key));
    }
    expect(mysqlLockName(database, `athanor:.${"v".repeat(60)}`)).toHaveLength(56); // the hashed form
  });

  test("reads under a free lock and leaves it free; a held lock gives undefined and stays held", async () => {
    const dialect = mysqlSessionDialect({ url: db.url });
    const conn = await dialect.connect();
    const holder = await openMysqlConnection({ url: db.url });
    try {
      expect(await dialect.readUnderLock?.(conn, KEY, READ)).toEqual([{ id: 1 }, { id: 2 }]);
      expect(await isFree(KEY)).toBe(true);

      await acquireMysqlLock(holder, KEY, { timeoutMs: 1_000, pollMs: 50 });
      expect(await dialect.readUnderLock?.(conn, KEY, READ)).toBeUndefined();
      const { rows } = await holder.query<{ id: number | string }>("SELECT CONNECTION_ID() AS id");
      const used = await db.connection.query<{ holder: number | string | null }>(
        "SELECT IS_USED_LOCK(?) AS holder",
        [mysqlLockName(database, KEY)],
      );
      expect(Number(used.rows[0]?.holder)).toBe(Number(rows[0]?.id));
      await releaseMysqlLock(holder, KEY);

      // a failing read stops the batch after GET_LOCK: the lock is released before the error
      await expect(dialect.readUnderLock?.(conn, KEY, "SELECT * FROM no_such_table")).rejects.toThrow(
        /no_such_table/,
      );
      expect(await isFree(KEY)).toBe(true);
    } finally {
      await holder.close();
      await conn.close();
    }
  });

  test("on a Galera setting the lock row is waited for instead; auto asks in the same batch", async () => {
    const galera = mysqlSessionDialect({ url: db.url, galera: true });
    const auto = mysqlSessionDialect({ url: db.url, galera: "auto" });
    const conn = await auto.connect();
    try {
      expect(await galera.readUnderLock?.(conn, KEY, READ)).toBeUndefined();
      expect(await auto.readUnderLock?.(conn, KEY, READ)).toEqual([{ id: 1 }, { id: 2 }]);
    } finally {
      await conn.close();
    }
  });

  test("a closed session's socket does not keep the process waiting for the server's close", async () => {
    const sockets = () => process.getActiveResourcesInfo().filter((r) => r === "TCPSocketWrap").length;
    const before = sockets();
    const conn = await openMysqlConnection({ url: db.url });
    expect(sockets()).toBe(before + 1);
    await conn.close();
    expect(sockets()).toBe(before);
  });

  test("the session sets its sql_mode in the round trip of its first batch, before the batch's reads", async () => {
    const { default: mysql } = await import("mysql2/promise");
    const client = await mysql.createConnection({ uri: db.url, multipleStatements: true });
    try {
      // a session whose mode would break backslash-escaped literals until athanor resets it
      await client.query("SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_BACKSLASH_ESCAPES')");
      const sent: string[] = [];
      const core = client.connection as unknown as { query(...args: unknown[]): unknown };
      const query = core.query.bind(core);
      core.query = (...args: unknown[]) => {
        sent.push(String(args[0]));
        return query(...args);
      };
      const conn = await mysqlSessionDialect({ client: client as never }).connect();
      const read = await readUnderMysqlLock(
        conn,
        KEY,
        `SELECT ${quoteLiteral("it's")} AS quoted, INSTR(@@SESSION.sql_mode, 'NO_BACKSLASH_ESCAPES') AS escapes`,
      );
      expect(read?.rows).toEqual([{ quoted: "it's", escapes: 0 }]);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatch(/^SET SESSION sql_mode = .*;\nSELECT GET_LOCK/s);
      await conn.close();
    } finally {
      await client.end();
    }
  });
});
