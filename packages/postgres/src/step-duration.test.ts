import { defineRevision, downgrade, upgrade } from "@athanor/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { postgresDialect } from "./postgres-dialect.js";
import { createTestDatabase, type TestServerDatabase } from "./testing/test-server.js";

let db: TestServerDatabase;
beforeAll(async () => {
  db = await createTestDatabase("stepduration");
}, 60_000);
afterAll(async () => {
  await db?.drop();
});

describe("a step's duration on PostgreSQL", () => {
  test("counts the server's time, in the result as in the history row", async () => {
    const options = {
      dialect: postgresDialect({ url: db.url }),
      versionTable: { name: "v_duration" },
      revisions: [
        defineRevision({
          id: "slow",
          // one round trip with the bookkeeping: the server's 200 ms come after the client's part
          upgrade: (op) => void op.execute("SELECT pg_sleep(0.2)"),
          downgrade: (op) => void op.execute("SELECT pg_sleep(0.2)"),
        }),
      ],
    };
    const up = await upgrade(options, "heads");
    expect(up.error).toBeUndefined();
    expect(up.results[0]?.durationMs).toBeGreaterThanOrEqual(200);
    const down = await downgrade(options, "base");
    expect(down.error).toBeUndefined();
    expect(down.results[0]?.durationMs).toBeGreaterThanOrEqual(200);
    const conn = await options.dialect.connect();
    try {
      const { rows } = await conn.query<{ duration_ms: number }>(
        "SELECT duration_ms FROM v_duration_history ORDER BY id",
      );
      expect(rows.map((row) => row.duration_ms >= 200)).toEqual([true, true]);
      // the row's times span the step too: finished_at is when its work finished, not its start
      const spans = await conn.query<{ span: string }>(
        "SELECT EXTRACT(EPOCH FROM finished_at - started_at) * 1000 AS span FROM v_duration_history ORDER BY id",
      );
      expect(spans.rows.map((row) => Number(row.span) >= 200)).toEqual([true, true]);
    } finally {
      await conn.close();
    }
  });
});
