import { BookkeepingSql } from "@athanor/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { mysqlDialect } from "./mysql-dialect.js";
import { type ScratchMysqlDatabase, scratchMysqlDatabase } from "./testing/scratch-database.js";

let db: ScratchMysqlDatabase;
beforeAll(async () => {
  db = await scratchMysqlDatabase();
});
afterAll(async () => {
  await db?.dispose();
});

/** The session's row reads so far (InnoDB handler counters), summed. */
async function rowsRead(): Promise<number> {
  const { rows } = await db.connection.query<{ Value: string }>("SHOW SESSION STATUS LIKE 'Handler_read%'");
  return rows.reduce((sum, row) => sum + Number(row.Value), 0);
}

describe("an attempt's own history row on MySQL", () => {
  test("is updated by walking the primary key back from the newest row, not by scanning the history", async () => {
    const sql = new BookkeepingSql(mysqlDialect({ url: db.url }), { name: "hu_version" });
    await db.connection.executeScript(sql.createTables());
    // a history of 2,000 earlier rows, as years of runs leave it
    await db.connection.executeScript([
      `INSERT INTO hu_version_history (run_id, revision, direction, status) SELECT UUID(), CONCAT('r', seq), 'upgrade', 'ok' FROM seq_1_to_2000`,
    ]);
    const who = { host: "h", osUser: "u", athanorVersion: "0.0.0" };
    const attempt = { runId: "run-1", revision: "r7", direction: "downgrade" as const, who };
    await db.connection.executeScript([
      sql.historyRow({ ...attempt, status: "partial", statementIndex: 1 }),
      // a later row of another run: the walk passes it, the match still picks the attempt's own
      sql.historyRow({ ...attempt, runId: "run-2", status: "partial", statementIndex: 1 }),
    ]);

    const update = sql.updateAttempt({ ...attempt, status: "ok", durationMs: 5 });
    const start = await rowsRead();
    const showItself = (await rowsRead()) - start; // what reading the counters adds to them
    await db.connection.executeScript([update]);
    const read = (await rowsRead()) - start - 2 * showItself;

    expect(read).toBeLessThan(10); // a full scan reads all 2,002 rows
    expect(update).toMatch(/ ORDER BY `id` DESC LIMIT 1$/);
    const { rows } = await db.connection.query<{ run_id: string; status: string; duration_ms: number }>(
      "SELECT run_id, status, duration_ms FROM hu_version_history WHERE revision = 'r7' AND run_id LIKE 'run-%' ORDER BY id",
    );
    expect(rows).toEqual([
      { run_id: "run-1", status: "ok", duration_ms: 5 },
      { run_id: "run-2", status: "partial", duration_ms: null },
    ]);
  });
});
