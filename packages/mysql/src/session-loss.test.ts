import { isAthanorError } from "@athanor/core";
import { createConnection } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { MysqlClientLike } from "./client-types.js";
import { type MysqlConnection, openMysqlConnection } from "./mysql-driver.js";
import { type ScratchMysqlDatabase, scratchMysqlDatabase } from "./testing/scratch-database.js";

// A session KILLed right after it took a lock (GET_LOCK), then the runner's next call: whatever
// mysql2 makes of it — EPIPE or ECONNRESET for a write that beat its sight of the closed socket,
// "Can't add new command when connection is in closed state" after it, an error emitted on the
// connection rather than the query — each call must fail as ATHANOR_CONNECTION_FAILED, never a
// raw driver error (ATHANOR_INTERNAL, "a bug in athanor", as one CI run of the contract trials said).
let db: ScratchMysqlDatabase;
beforeAll(async () => {
  db = await scratchMysqlDatabase();
});
afterAll(() => db?.dispose());

type Call = (conn: MysqlConnection) => Promise<unknown>;
const CALLS: Record<string, Call> = {
  query: (conn) => conn.query("SELECT 1 AS one"),
  "executeScript (one round trip)": (conn) => conn.executeScript(["SELECT 1", "SELECT 2"]),
  "selectAll (one round trip)": (conn) =>
    conn.selectAll?.(["SELECT 1 AS a", "SELECT 2 AS b"]) ?? Promise.resolve(),
};

/** A session that holds a lock, its core connection and its id. */
async function lockedSession() {
  const client = await createConnection({ uri: db.url, multipleStatements: true });
  const conn = await openMysqlConnection({ client: client as unknown as MysqlClientLike });
  await conn.query("SELECT GET_LOCK('session-loss', 0)");
  const { rows } = await conn.query<{ id: number }>("SELECT CONNECTION_ID() AS id");
  return { client, conn, id: Number(rows[0]?.id) };
}

/** What the call failed with: the code of an AthanorError, else the raw error's shape. */
async function failure(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "no error";
  } catch (error) {
    if (isAthanorError(error)) return error.code;
    const e = error as { code?: unknown; message?: unknown };
    return `raw ${String(e.code)}: ${String(e.message)}`;
  }
}

describe("a KILLed session's next call is ATHANOR_CONNECTION_FAILED", () => {
  for (const [name, call] of Object.entries(CALLS)) {
    test(`${name}, sent as soon as the KILL returns (before or after mysql2 sees the socket close)`, async () => {
      const seen = new Set<string>();
      for (let round = 0; round < 6; round++) {
        const { client, conn, id } = await lockedSession();
        await db.connection.query(`KILL ${id}`);
        seen.add(await failure(call(conn)));
        client.connection.destroy();
      }
      expect([...seen]).toEqual(["ATHANOR_CONNECTION_FAILED"]);
    });

    test(`${name}, sent once mysql2 has seen the session end`, async () => {
      const { client, conn, id } = await lockedSession();
      const ended = new Promise((resolve) => client.connection.once("end", resolve));
      await db.connection.query(`KILL ${id}`);
      await ended;
      // the close follows the end: wait until mysql2 has marked the connection failed
      while ((client.connection as unknown as { state: string }).state !== "error")
        await new Promise((resolve) => setImmediate(resolve));
      expect(await failure(call(conn))).toBe("ATHANOR_CONNECTION_FAILED");
      client.connection.destroy();
    });
  }
});

describe("the message names the server the session was with (MariaDB here)", () => {
  /** The error a call failed with. */
  const errorOf = (call: Promise<unknown>) =>
    call.then(
      () => undefined,
      (error: unknown) => error as Error,
    );

  test("a KILLed session", async () => {
    const { client, conn, id } = await lockedSession();
    await db.connection.query(`KILL ${id}`);
    const error = await errorOf(conn.query("SELECT 1 AS one"));
    client.connection.destroy();
    expect(error?.message).toContain("The session with the MariaDB server ended");
    expect(error?.message).not.toContain("MySQL");
  });

  test("a statement stopped by KILL QUERY", async () => {
    await db.connection.executeScript([
      "CREATE TABLE held (id int PRIMARY KEY)",
      "INSERT INTO held VALUES (1)",
    ]);
    const holder = await openMysqlConnection({ url: db.url });
    const { client, conn, id } = await lockedSession();
    try {
      await holder.executeScript(["START TRANSACTION", "SELECT id FROM held FOR UPDATE"]);
      const waiting = errorOf(conn.query("SELECT id FROM held FOR UPDATE"));
      // stopped once the server shows it waiting for the row
      for (;;) {
        const { rows } = await db.connection.query(
          `SELECT 1 FROM information_schema.processlist WHERE id = ${id} AND info LIKE 'SELECT id FROM held%'`,
        );
        if (rows.length > 0) break;
        await db.connection.query("DO SLEEP(0.02)");
      }
      await db.connection.query(`KILL QUERY ${id}`);
      const error = await waiting;
      expect(error?.message).toContain("The MariaDB server interrupted a statement of the run");
      expect(error?.message).not.toContain("MySQL");
    } finally {
      await holder.close();
      client.connection.destroy();
    }
  });
});
