import { isAthanorError } from "@athanor/core";
import { createConnection } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { MysqlClientLike } from "./client-types.js";
import { leanBatchFits } from "./lean-batch.js";
import { type MysqlConnection, openMysqlConnection } from "./mysql-driver.js";
import { type ScratchMysqlDatabase, scratchMysqlDatabase } from "./testing/scratch-database.js";

// A step's batch goes out as a lean command on mysql2's queue (lean-batch.ts), which relies on
// mysql2's command protocol. These pin that mysql2 still offers it, and that the lean reading of
// the replies fails exactly where mysql2's own query does: the same statement index, error and
// database, for replies of every shape (OK packets with long length-coded numbers, result sets
// with and without rows, more than 250 columns) and for a session lost part-way.
let db: ScratchMysqlDatabase;
/** The same database through mysql2's own query: a client in another character set stays off the lean path. */
let viaQuery: { conn: MysqlConnection; client: { end(): Promise<void> } };
beforeAll(async () => {
  db = await scratchMysqlDatabase();
  const client = await createConnection({ uri: db.url, multipleStatements: true, charset: LATIN1 });
  viaQuery = { conn: await openMysqlConnection({ client: client as unknown as MysqlClientLike }), client };
});
afterAll(async () => {
  await viaQuery?.client.end();
  await db?.dispose();
});

type Connection = () => MysqlConnection;
const LATIN1 = "LATIN1_SWEDISH_CI";
const PATHS: [string, Connection][] = [
  ["the lean batch", () => db.connection],
  ["mysql2's query", () => viaQuery.conn],
];

/** How a script ended: "ok", or the failing statement's index and error. */
const ending = (conn: MysqlConnection, statements: string[]) =>
  conn.executeScript(statements).then(
    () => "ok",
    (error: unknown) => {
      const e = error as { statementIndex?: unknown; errno?: unknown; code?: unknown };
      return `statement ${String(e.statementIndex)}: ${isAthanorError(error) ? error.code : `${String(e.code)} ${String(e.errno)}`}`;
    },
  );

/** How a script ended, and what the table holds after it. */
async function outcome(conn: MysqlConnection, table: string, statements: string[]) {
  const ended = await ending(conn, statements);
  const { rows } = await db.connection.query<{ n: number; total: unknown }>(
    `SELECT COUNT(*) AS n, SUM(id) AS total FROM ${table}`,
  );
  return { ended, rows: Number(rows[0]?.n), total: Number(rows[0]?.total ?? 0) };
}

const columns = (count: number) => Array.from({ length: count }, (_, i) => `${i} AS c${i}`).join(", ");

/** Each case's statements on a fresh table `t`, and how they end. */
const CASES: [string, (t: string) => string[], string][] = [
  [
    "replies of every shape, all applied",
    (t) => [
      `INSERT INTO ${t} (id) SELECT seq FROM seq_1_to_300`,
      `SELECT id, 'x' AS v FROM ${t} WHERE id <= 3`,
      `SELECT id FROM ${t} WHERE id < 0`,
      `SELECT ${columns(300)}`,
      `UPDATE ${t} SET id = id + 100000 WHERE id > 290`,
      `INSERT INTO ${t} () VALUES ()`,
    ],
    "ok",
  ],
  [
    "the first statement fails",
    (t) => [`INSERT INTO ${t}_nope (id) VALUES (1)`, `INSERT INTO ${t} (id) VALUES (1)`],
    "statement 0: ER_NO_SUCH_TABLE 1146",
  ],
  [
    "a failure after 300 affected rows and a result set of rows",
    (t) => [
      `INSERT INTO ${t} (id) SELECT seq FROM seq_1_to_300`,
      `SELECT id FROM ${t} WHERE id <= 5`,
      `INSERT INTO ${t} (id) VALUES (1)`,
      `INSERT INTO ${t} (id) VALUES (1000)`,
    ],
    "statement 2: ER_DUP_ENTRY 1062",
  ],
  [
    "a failure after more than 250 columns and a row-less result",
    (t) => [
      `SELECT ${columns(260)}`,
      `SELECT id FROM ${t} WHERE id < 0`,
      `INSERT INTO ${t} (id) VALUES (70000)`,
      `INSERT INTO ${t} () VALUES ()`,
      "SELECT nope",
    ],
    "statement 4: ER_BAD_FIELD_ERROR 1054",
  ],
  [
    "the last statement fails after a DDL",
    (t) => [`INSERT INTO ${t} (id) VALUES (5)`, `CREATE TABLE ${t}_x (id int)`, `DROP TABLE ${t}_nope`],
    "statement 2: ER_BAD_TABLE_ERROR 1051",
  ],
];

describe("a lean batch", () => {
  test("mysql2's connections offer the command protocol it needs (else every batch falls back to mysql2's query)", async () => {
    // as openMysqlConnection opens one
    const own = await createConnection({ uri: db.url, multipleStatements: true });
    const compressed = await createConnection({ uri: db.url, multipleStatements: true, compress: true });
    const latin1 = await createConnection({ uri: db.url, multipleStatements: true, charset: LATIN1 });
    try {
      expect(leanBatchFits(own.connection, "SELECT 1")).toBe(true);
      expect(leanBatchFits(compressed.connection, "SELECT 1")).toBe(false);
      expect(leanBatchFits(latin1.connection, "SELECT 1")).toBe(false);
      // a server that asks for a file is left to mysql2's query
      expect(leanBatchFits(own.connection, "LOAD DATA LOCAL INFILE 'x' INTO TABLE t")).toBe(false);
    } finally {
      await own.end();
      await compressed.end();
      await latin1.end();
    }
  });

  let tables = 0;
  for (const [name, statements, expected] of CASES) {
    test(`${name}: ends as mysql2's query ends (${expected})`, async () => {
      const seen = [];
      for (const [, conn] of PATHS) {
        const t = `t${tables++}`;
        await db.connection.executeScript([`CREATE TABLE ${t} (id int AUTO_INCREMENT PRIMARY KEY)`]);
        seen.push(await outcome(conn(), t, statements(t)));
      }
      expect(seen[0]?.ended).toBe(expected);
      expect(seen[0]).toEqual(seen[1]);
    });
  }

  for (const [kill, expected] of [
    ["KILL", "statement 1: ATHANOR_CONNECTION_FAILED"],
    ["KILL QUERY", "statement 1: ER_QUERY_INTERRUPTED 1317"],
  ] as const) {
    test(`${kill} of a session waiting in its batch's second statement fails it at that statement, as mysql2's query does`, async () => {
      const seen = [];
      for (const [path] of PATHS) {
        const t = `t${tables++}`;
        await db.connection.executeScript([
          `CREATE TABLE ${t} (id int AUTO_INCREMENT PRIMARY KEY)`,
          `INSERT INTO ${t} (id) VALUES (1000)`,
        ]);
        // the batch's second statement waits on the row this transaction holds
        const holder = await createConnection({ uri: db.url });
        await holder.query("START TRANSACTION");
        await holder.query(`SELECT id FROM ${t} WHERE id = 1000 FOR UPDATE`);
        const client = await createConnection({
          uri: db.url,
          multipleStatements: true,
          ...(path === "the lean batch" ? {} : { charset: LATIN1 }),
        });
        const conn = await openMysqlConnection({ client: client as unknown as MysqlClientLike });
        const [[{ id }]] = (await client.query("SELECT CONNECTION_ID() AS id")) as unknown as [
          [{ id: number }],
        ];
        const running = ending(conn, [
          `INSERT INTO ${t} (id) VALUES (1)`,
          `UPDATE ${t} SET id = 1001 WHERE id = 1000`,
          `INSERT INTO ${t} (id) VALUES (2)`,
        ]);
        await waitForUpdate(id);
        await db.connection.query(`${kill} ${id}`);
        seen.push(await running);
        await holder.end();
        client.connection.destroy();
        // the first INSERT committed (autocommit), the UPDATE and the last INSERT did not run
        const { rows } = await db.connection.query<{ ids: string }>(
          `SELECT GROUP_CONCAT(id ORDER BY id) AS ids FROM ${t}`,
        );
        expect(rows[0]?.ids).toBe("1,1000");
      }
      expect(seen).toEqual([expected, expected]);
    });
  }
});

/** Until session `id` runs its UPDATE (it then waits for the row lock). */
async function waitForUpdate(id: number): Promise<void> {
  // the processlist, not information_schema.innodb_trx: that cache is refreshed only when it was
  // not read in the last 100 ms, so polling it faster never sees the wait
  for (;;) {
    const { rows } = await db.connection.query(
      `SELECT 1 FROM information_schema.processlist WHERE id = ${id} AND info LIKE 'UPDATE%'`,
    );
    if (rows.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
