import { describe, expect, test } from "vitest";
import { formatBackfillEvent } from "./backfill-progress.js";
import { normalizeBackfill } from "./backfill-spec.js";

describe("normalizeBackfill", () => {
  test("fills defaults and qualifies the table", () => {
    expect(normalizeBackfill({ table: "users", set: { a: "lower(b)" } })).toEqual({
      table: { name: "users" },
      where: undefined,
      batchSize: 1000,
      sleepMs: 0,
      mode: "set",
      set: { a: "lower(b)" },
    });
  });

  test.each([
    [{ table: "t", set: { a: "1" }, compute: () => [] }, "exactly one of"],
    [{ table: "t" }, "exactly one of"],
    [{ table: "t", set: {} }, "names no column"],
    [{ table: "t", set: { a: " " } }, "set.a must be a non-empty SQL expression"],
    [{ table: "t", set: { a: "1" }, batchSize: 0 }, "batchSize must be a positive integer"],
    [{ table: "t", set: { a: "1" }, sleepMs: -1 }, "sleepMs"],
    [{ table: "t", set: { a: "1" }, where: "" }, "where must be"],
    [{ table: "", set: { a: "1" } }, "table"],
  ])("rejects %j", (spec, message) => {
    expect(() => normalizeBackfill(spec as never)).toThrow(
      expect.objectContaining({
        code: "ATHANOR_INVALID_OPERATION",
        message: expect.stringContaining(message),
      }),
    );
  });
});

describe("formatBackfillEvent", () => {
  const base = {
    type: "backfill-progress",
    revision: "b2",
    table: "users",
    batches: 5,
    rowsPerSecond: 25000,
    lastBatchMs: 40,
  } as const;
  test("progress with a total shows percent and ETA; without one, rows only", () => {
    expect(formatBackfillEvent({ ...base, rowsDone: 5000, estimatedTotal: 10000, etaMs: 200 })).toBe(
      "backfill users: 5,000 / ~10,000 rows (50%), 25,000 rows/s, ETA 0.2 s",
    );
    expect(formatBackfillEvent({ ...base, rowsDone: 5000 })).toBe(
      "backfill users: 5,000 rows, 25,000 rows/s",
    );
  });

  test("replica-lag throttling: the wait, the pause in progress, the lag seen in the summary", () => {
    expect(
      formatBackfillEvent({
        type: "backfill-throttle",
        revision: "b2",
        table: "users",
        replica: "walreceiver (127.0.0.1)",
        lagMs: null,
        lagBytes: 2_400_000,
        pausedMs: 3_100,
      }),
    ).toBe(
      "backfill users: waiting for replica walreceiver (127.0.0.1) (2.3 MB behind), paused 3.1 s so far",
    );
    const lag = { maxLagMs: 1_800, maxLagBytes: 150_000, pausedMs: 3_100, pauses: 2 };
    expect(formatBackfillEvent({ ...base, rowsDone: 5000, replicaLag: lag })).toBe(
      "backfill users: 5,000 rows, 25,000 rows/s, paused 3.1 s for replicas",
    );
    expect(
      formatBackfillEvent({
        type: "backfill-end",
        revision: "b2",
        summary: {
          table: "t",
          rows: 10,
          batches: 1,
          durationMs: 500,
          longestBatchMs: 12,
          resumed: false,
          replicaLag: lag,
        },
      }),
    ).toBe(
      "backfill t: done, 10 rows in 1 batch, 0.5 s, longest batch 12 ms, replica lag at most 146.5 kB / 1.8 s, paused 2× for 3.1 s",
    );
  });

  test("end carries the summary", () => {
    expect(
      formatBackfillEvent({
        type: "backfill-end",
        revision: "b2",
        summary: { table: "t", rows: 1, batches: 1, durationMs: 90_500, longestBatchMs: 12.4, resumed: true },
      }),
    ).toBe("backfill t: done, 1 rows in 1 batch, 1 min 31 s, longest batch 12 ms (resumed)");
  });
});
