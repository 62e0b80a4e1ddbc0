import { defineRevision, downgrade, upgrade } from "@athanor/core";
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

describe("a step's times on MariaDB", () => {
  test("the history row's duration and its started_at..finished_at both count the server's time", async () => {
    const options = {
      dialect: mysqlDialect({ url: db.url }),
      versionTable: { name: "v_duration" },
      revisions: [
        defineRevision({
          id: "slow",
          // one round trip with the bookkeeping: the server's 200 ms come after the client's part
          upgrade: (op) => void op.execute("DO SLEEP(0.2)"),
          downgrade: (op) => void op.execute("DO SLEEP(0.2)"),
        }),
      ],
    };
    const up = await upgrade(options, "heads");
    expect(up.error).toBeUndefined();
    const down = await downgrade(options, "base");
    expect(down.error).toBeUndefined();
    const { rows } = await db.connection.query<{ duration_ms: number; span: string }>(
      "SELECT duration_ms, TIMESTAMPDIFF(MICROSECOND, started_at, finished_at) / 1000 AS span FROM v_duration_history ORDER BY id",
    );
    expect(rows.map((row) => Number(row.duration_ms) >= 200)).toEqual([true, true]);
    expect(rows.map((row) => Number(row.span) >= 200)).toEqual([true, true]);
  });
});
