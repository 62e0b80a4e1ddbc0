import { isAthanorError, operations as o } from "@athanor/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { acquireMysqlLock, mysqlLockName, releaseMysqlLock } from "./lock.js";
import { openMysqlConnection } from "./mysql-driver.js";
import { quoteLiteral } from "./quote.js";
import { createMysqlRenderer } from "./renderer.js";
import {
  type ScratchMysqlDatabase,
  scratchMysqlDatabase,
  TEST_MYSQL_URL,
} from "./testing/scratch-database.js";

let db: ScratchMysqlDatabase;
beforeAll(async () => {
  db = await scratchMysqlDatabase();
});
afterAll(async () => {
  await db?.dispose();
});

const failure = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return isAthanorError(error)
      ? { code: error.code, message: error.message, meta: error.meta }
      : { code: String(error), message: "", meta: {} };
  }
  return { code: "no error", message: "", meta: {} };
};

describe("mysql2 driver", () => {
  test("detects the server", () => {
    expect(db.connection.server.flavor).toBe("mariadb");
    expect(db.connection.server.version[0]).toBeGreaterThanOrEqual(10);
  });

  test.each([
    ["a refused connection", "mysql://root@127.0.0.1:1/test", "refused"],
    ["bad credentials", "mysql://nobody:wrong@127.0.0.1:3306/test", "rejected"],
    ["an unknown database", "mysql://root@127.0.0.1:3306/athanor_no_such_db", "does not exist"],
    ["a malformed URL", "not a url", "malformed"],
  ])("maps %s to ATHANOR_CONNECTION_FAILED", async (_, url, reason) => {
    const error = await failure(openMysqlConnection({ url, connectTimeoutMs: 3_000 }));
    expect(error.code).toBe("ATHANOR_CONNECTION_FAILED");
    expect(error.message).toContain(reason);
    expect(error.message).not.toContain("wrong");
  });

  test("executeScript runs in one round trip and names the failing statement", async () => {
    const error = await db.connection
      .executeScript([
        "CREATE TABLE s1 (id int)",
        "SELECT 1",
        "INSERT INTO s1 VALUES (1)",
        "INSERT INTO nope VALUES (1)",
        "CREATE TABLE s2 (id int)",
      ])
      .catch((e: unknown) => e as { statementIndex?: number });
    expect(error).toMatchObject({ statementIndex: 3 });
    const { rows } = await db.connection.query<{ n: number }>("SELECT COUNT(*) AS n FROM s1");
    expect(Number(rows[0]?.n)).toBe(1);
  });

  test("literals round-trip hostile text", async () => {
    const texts = [
      "it's",
      "back\\slash",
      "nul\0byte",
      "new\nline\r\n",
      "ctrl-z\x1a",
      "ünï ✓ 🎉",
      `"double" \`tick\``,
      "\\'",
    ];
    for (const text of texts) {
      const { rows } = await db.connection.query<{ v: string }>(`SELECT ${quoteLiteral(text)} AS v`);
      expect(rows[0]?.v).toBe(text);
    }
  });

  test("alterColumn keeps what the operation does not mention: charset, collation, default, comment, ON UPDATE, AUTO_INCREMENT", async () => {
    await db.connection.executeScript([
      "CREATE TABLE keep (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, " +
        "name varchar(40) CHARACTER SET latin1 COLLATE latin1_bin NOT NULL DEFAULT 'x' COMMENT 'the name', " +
        "updated timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP COMMENT 'touched')",
    ]);
    const render = createMysqlRenderer({ server: db.connection.server });
    for (const op of [
      o.alterColumn("keep", "name", { type: "varchar(80)" }),
      o.alterColumn("keep", "updated", { comment: "last change" }),
      o.alterColumn("keep", "id", { type: "bigint unsigned" }),
    ]) {
      await db.connection.executeScript(render(op));
    }
    const { rows } = await db.connection.query<Record<string, string>>("SHOW CREATE TABLE keep");
    const text = String(rows[0]?.["Create Table"]);
    expect(text).toContain(
      "`name` varchar(80) CHARACTER SET latin1 COLLATE latin1_bin NOT NULL DEFAULT 'x' COMMENT 'the name'",
    );
    expect(text).toContain(
      "`updated` timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp() COMMENT 'last change'",
    );
    expect(text).toContain("`id` bigint(20) unsigned NOT NULL AUTO_INCREMENT");
  });

  test("alterColumn on a missing column fails without changing anything", async () => {
    const render = createMysqlRenderer({ server: db.connection.server });
    await db.connection.executeScript(["CREATE TABLE lone (id int)"]);
    const error = await db.connection
      .executeScript(render(o.alterColumn("lone", "ghost", { nullable: false })))
      .catch((e: Error) => e);
    expect(String((error as Error).message)).toContain("ghost");
  });
});

describe("GET_LOCK migration lock", () => {
  test("a second session waits, times out with ATHANOR_LOCK_TIMEOUT, and gets the lock once released", async () => {
    const other = await openMysqlConnection({ url: db.url });
    try {
      await acquireMysqlLock(db.connection, "athanor:.v", { timeoutMs: 1_000, pollMs: 50 });
      const timedOut = await failure(acquireMysqlLock(other, "athanor:.v", { timeoutMs: 300, pollMs: 50 }));
      expect(timedOut.code).toBe("ATHANOR_LOCK_TIMEOUT");
      await releaseMysqlLock(db.connection, "athanor:.v");
      // released: taken at the first attempt (a timeout of 0 allows no other), however slow the machine
      await acquireMysqlLock(other, "athanor:.v", { timeoutMs: 0, pollMs: 50 });
      await releaseMysqlLock(other, "athanor:.v");
    } finally {
      await other.close();
    }
  });

  test("release frees the name the lock was taken under, even after USE another database", async () => {
    const other = await openMysqlConnection({ url: db.url });
    try {
      const { rows } = await db.connection.query<{ db: string }>("SELECT DATABASE() AS db");
      const name = mysqlLockName(rows[0]?.db as string, "athanor:.moved");
      await acquireMysqlLock(db.connection, "athanor:.moved", { timeoutMs: 1_000, pollMs: 50 });
      await db.connection.query("USE mysql");
      await releaseMysqlLock(db.connection, "athanor:.moved");
      await db.connection.query(`USE \`${rows[0]?.db as string}\``);
      const free = await other.query<{ free: number }>("SELECT IS_FREE_LOCK(?) AS free", [name]);
      expect(Number(free.rows[0]?.free)).toBe(1);
    } finally {
      await other.close();
    }
  });

  test("releasing a lock this session does not hold fails with ATHANOR_LOCK_LOST", async () => {
    const lost = await failure(releaseMysqlLock(db.connection, "athanor:.never-taken"));
    expect(lost.code).toBe("ATHANOR_LOCK_LOST");
    expect(lost.message).toContain("did not hold");
  });

  test("lock names are scoped to the database and never pass 64 characters", () => {
    expect(mysqlLockName("app", "athanor:.athanor_version")).toBe("athanor:app:athanor:.athanor_version");
    expect(mysqlLockName("a", "k")).not.toBe(mysqlLockName("b", "k"));
    const long = mysqlLockName("d".repeat(64), "athanor:schema.athanor_version");
    expect(long.length).toBeLessThanOrEqual(64);
    expect(long).toBe(mysqlLockName("d".repeat(64), "athanor:schema.athanor_version"));
  });

  test("the URL's database is the test server's own (fails, never skips, when the server is down)", async () => {
    const conn = await openMysqlConnection({ url: TEST_MYSQL_URL });
    await conn.close();
  });
});

describe("a connection failure shows the URL without its secrets", () => {
  test.each([
    ["the user part", "mysql://root:SEKRET1@127.0.0.1:1/x"],
    ["a multi-factor password parameter", "mysql://root@127.0.0.1:1/x?password1=SEKRET1"],
    [
      "a passphrase in the ssl options",
      `mysql://root@127.0.0.1:1/x?ssl=${encodeURIComponent(JSON.stringify({ ca: "CA", passphrase: "SEKRET1" }))}`,
    ],
  ])("%s", async (_where, url) => {
    const error = await openMysqlConnection({ url, connectTimeoutMs: 5_000 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isAthanorError(error) && error.code).toBe("ATHANOR_CONNECTION_FAILED");
    const shown = JSON.stringify({
      message: (error as Error).message,
      meta: (error as { meta?: unknown }).meta,
    });
    expect(shown).toContain("127.0.0.1:1/x");
    expect(shown).not.toContain("SEKRET1");
  });
});
