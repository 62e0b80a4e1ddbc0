import { defineRevision, type RevisionDefinition, upgrade } from "@athanor/core";
import mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { MysqlClientLike } from "./client-types.js";
import { mysqlDialect } from "./mysql-dialect.js";
import { packetBatches } from "./packet-batches.js";
import { type ScratchMysqlDatabase, scratchMysqlDatabase } from "./testing/scratch-database.js";

// max_allowed_packet is read-only for a session: it is the global value when the session
// connects. The global is lowered only while this file's own client connects, then restored.
const LIMIT = 65_536;

let db: ScratchMysqlDatabase;
let client: mysql.Connection;
/** A second session under the same limit, for the run whose session is killed. */
let doomed: mysql.Connection;
beforeAll(async () => {
  db = await scratchMysqlDatabase();
  const global = await db.connection.query<{ m: string }>("SELECT @@GLOBAL.max_allowed_packet AS m");
  const before = Number(global.rows[0]?.m);
  await db.connection.query(`SET GLOBAL max_allowed_packet = ${LIMIT}`);
  try {
    const open = () =>
      mysql.createConnection({
        uri: db.url,
        multipleStatements: true,
        supportBigNumbers: true,
        bigNumberStrings: true,
        dateStrings: true,
      });
    [client, doomed] = await Promise.all([open(), open()]);
  } finally {
    await db.connection.query(`SET GLOBAL max_allowed_packet = ${before}`);
  }
});
afterAll(async () => {
  await client?.end();
  doomed?.destroy();
  await db?.dispose();
});

const options = (revisions: RevisionDefinition[], versionTable: string, session = client) => ({
  dialect: mysqlDialect({ client: session as unknown as MysqlClientLike }),
  revisions,
  versionTable: { name: versionTable },
});

// A 2,000-character table comment: 40 such tables are ~80 KB of SQL, beyond the session's 64 KB.
const comment = "c".repeat(2_000);
const bigTables = (prefix: string, count: number) =>
  defineRevision({
    id: `${prefix}1`,
    parents: [],
    message: "many large statements",
    upgrade(op) {
      for (let i = 0; i < count; i++) op.execute(`CREATE TABLE ${prefix}_${i} (id int) COMMENT '${comment}'`);
    },
    downgrade() {},
  });

async function tables(prefix: string): Promise<string[]> {
  const [rows] = await client.query(
    `SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE '${prefix}\\_%'`,
  );
  return (rows as { name: string }[]).map((r) => r.name).sort();
}

describe("a revision larger than max_allowed_packet (MariaDB, limit lowered to 64 KB for one session)", () => {
  test("the session's limit is the lowered one", async () => {
    const [rows] = await client.query("SELECT @@SESSION.max_allowed_packet AS m");
    expect(Number((rows as { m: string }[])[0]?.m)).toBe(LIMIT);
  });

  test("its statements are sent in several round trips, each within the limit, and all apply", async () => {
    const run = await upgrade(options([bigTables("pk", 40)], "v_pk"), "heads");
    expect(run.error).toBeUndefined();
    expect(run.heads.after).toEqual(["pk1"]);
    expect(await tables("pk")).toHaveLength(40);
  });

  test("one statement larger than the limit fails with ATHANOR_STATEMENT_TOO_LARGE, naming it and the limit; nothing applied", async () => {
    const huge = `INSERT INTO big_t VALUES (1, '${"x".repeat(70_000)}')`;
    const revision = defineRevision({
      id: "big1",
      parents: [],
      message: "one huge insert",
      upgrade(op) {
        op.execute("CREATE TABLE big_t (id int PRIMARY KEY, body longtext)");
        op.execute(huge);
      },
      downgrade() {},
    });
    const run = await upgrade(options([revision], "v_big"), "heads");
    expect(run.error?.code).toBe("ATHANOR_STATEMENT_TOO_LARGE");
    expect(run.error?.message).toContain("statement #1 (operation #1, execute)");
    expect(run.error?.message).toContain("max_allowed_packet of 65536 bytes");
    expect(run.error?.message).toContain("Nothing of it was applied");
    expect(run.error?.message.length).toBeLessThan(3_000);
    expect(run.error?.meta).toMatchObject({
      bytes: huge.length,
      maxAllowedPacket: LIMIT,
      outcome: "nothing",
    });
    expect(run.results[0]).toMatchObject({ status: "failed", statements: 0 });
    expect(run.heads.after).toEqual([]);
    expect(await tables("big")).toEqual([]);
  });

  test("a split batch stopped part-way by a failing statement records what committed and resumes after it", async () => {
    // the 31st table is in the way: statements #0–#29 (several round trips) commit, #30 fails
    await client.query("CREATE TABLE rs_30 (id int)");
    const revisions = [bigTables("rs", 40)];
    const run = await upgrade(options(revisions, "v_rs"), "heads");
    expect(run.error?.message).toContain("statement #30");
    expect(run.results[0]).toMatchObject({ status: "partial", statements: 30 });
    const [history] = await client.query(
      "SELECT status, statement_index FROM v_rs_history ORDER BY id DESC LIMIT 1",
    );
    expect((history as unknown[])[0]).toMatchObject({ status: "partial", statement_index: 30 });

    // out of the way, the resumed run starts at #30: a repeat of #0–#29 would fail ("already exists")
    await client.query("DROP TABLE rs_30");
    const resumed = await upgrade(options(revisions, "v_rs"), "heads", { resume: true });
    expect(resumed.error).toBeUndefined();
    expect(resumed.results[0]).toMatchObject({ status: "applied", statements: 10 });
    expect(await tables("rs")).toHaveLength(40);
  });
});

test("a split batch whose session is killed part-way resumes where its progress record says", async () => {
  // statement #30 sleeps in the fourth or so round trip; the session is killed meanwhile. The
  // process list's INFO holds the whole round trip's text, so it shows the sleep while the batch's
  // earlier CREATE TABLEs still run: only the state 'User sleep' proves #0–#29 have committed.
  // (The resumed run starts at #30, so it sleeps again: keep the sleep short.)
  const revision = defineRevision({
    id: "kl1",
    parents: [],
    message: "killed part-way",
    upgrade(op) {
      for (let i = 0; i < 40; i++) {
        if (i === 30) op.execute("DO SLEEP(3)");
        op.execute(`CREATE TABLE kl_${i} (id int) COMMENT '${comment}'`);
      }
    },
    downgrade() {},
  });
  let settled = false;
  const running = upgrade(options([revision], "v_kl", doomed), "heads").finally(() => {
    settled = true;
  });
  for (;;) {
    if (settled) throw new Error("the run ended before its statement #30 was seen sleeping");
    const [rows] = await client.query(
      "SELECT ID AS id FROM information_schema.PROCESSLIST WHERE STATE = 'User sleep' AND INFO LIKE '%DO SLEEP(3)%' AND ID <> CONNECTION_ID()",
    );
    const id = (rows as { id: number }[])[0]?.id;
    if (id !== undefined) {
      await client.query(`KILL CONNECTION ${id}`);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const killed = await running.catch((error: unknown) => ({ thrown: error }));
  expect("thrown" in killed || killed.error !== undefined).toBe(true);
  const created = (await tables("kl")).length;
  expect(created).toBe(30);

  // on a live session: the 30 committed tables are not created again ("already exists" would fail it)
  const resumed = await upgrade(options([revision], "v_kl"), "heads", { resume: true });
  expect(resumed.error).toBeUndefined();
  expect(resumed.heads.after).toEqual(["kl1"]);
  expect(await tables("kl")).toHaveLength(40);
}, 60_000);

describe("packetBatches", () => {
  test("fills each round trip up to the limit, counting UTF-8 bytes and the joins", () => {
    const limit = 1_024;
    const statements = Array.from({ length: 10 }, (_, i) => `SELECT '${"é".repeat(150)}' AS c${i}`);
    const batches = packetBatches(statements, limit);
    expect(batches.flatMap((b) => b.statements)).toEqual(statements);
    expect(batches.map((b) => b.start)).toEqual([0, 3, 6, 9]);
    for (const batch of batches)
      expect(Buffer.byteLength(batch.statements.join(";\n"))).toBeLessThanOrEqual(limit - 16);
  });

  test("a statement that cannot fit alone is refused before any batch, with its index", () => {
    expect(() => packetBatches(["SELECT 1", `SELECT '${"x".repeat(2_000)}'`], 1_024)).toThrow(
      expect.objectContaining({ code: "ATHANOR_STATEMENT_TOO_LARGE", statementIndex: 1 }),
    );
  });
});
