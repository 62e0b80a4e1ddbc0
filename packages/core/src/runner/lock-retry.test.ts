import { describe, expect, test } from "vitest";
import { operations } from "../ops/operations.js";
import { assertNoInvalidIndexInTheWay, type InvalidIndex, indexCreatedBy } from "./invalid-indexes.js";
import { backoffDelay, LOCK_RETRY_DEFAULTS, resolveLockRetry } from "./lock-retry.js";

describe("resolveLockRetry", () => {
  test("defaults, run overrides, revision overrides, and false switching it off", () => {
    expect(resolveLockRetry(undefined)).toEqual(LOCK_RETRY_DEFAULTS);
    expect(resolveLockRetry({ retries: 1 }, { lockTimeoutMs: 50 })).toEqual({
      ...LOCK_RETRY_DEFAULTS,
      retries: 1,
      lockTimeoutMs: 50,
    });
    expect(resolveLockRetry(false)).toBeUndefined();
    expect(resolveLockRetry({ retries: 1 }, false)).toBeUndefined();
    expect(resolveLockRetry(false, { retries: 3 })).toEqual({ ...LOCK_RETRY_DEFAULTS, retries: 3 });
  });

  test("bad values are a config error", () => {
    expect(() => resolveLockRetry({ lockTimeoutMs: 0 })).toThrow(
      expect.objectContaining({ code: "ATHANOR_CONFIG_INVALID" }),
    );
    expect(() => resolveLockRetry({ retries: -1 })).toThrow(
      expect.objectContaining({ code: "ATHANOR_CONFIG_INVALID" }),
    );
  });
});

test("backoff doubles per attempt, capped, with half of it random", () => {
  const options = { ...LOCK_RETRY_DEFAULTS, backoffMs: 100, maxBackoffMs: 1000 };
  expect([1, 2, 3, 4, 5].map((a) => backoffDelay(options, a, () => 0))).toEqual([50, 100, 200, 400, 500]);
  expect([1, 2, 3, 4, 5].map((a) => backoffDelay(options, a, () => 1))).toEqual([100, 200, 400, 800, 1000]);
});

describe("invalid-index guard", () => {
  const invalid: InvalidIndex[] = [
    {
      schema: "public",
      table: "t",
      index: "t_v_key",
      definition: "",
      fix: 'DROP INDEX CONCURRENTLY IF EXISTS "public"."t_v_key"',
      visible: true,
    },
  ];

  test("finds the index name of createIndex operations and raw CREATE INDEX SQL", () => {
    expect(indexCreatedBy(operations.createIndex("t_v_key", "t", ["v"]))).toEqual({
      schema: undefined,
      name: "t_v_key",
    });
    expect(
      indexCreatedBy(
        operations.execute('CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "Odd.Name" ON t (v)'),
      ),
    ).toEqual({ name: "Odd.Name" });
    expect(indexCreatedBy(operations.execute("create index app.T_V on app.t (v)"))).toEqual({
      schema: "app",
      name: "t_v",
    });
    expect(indexCreatedBy(operations.execute("CREATE TABLE t (id int)"))).toBeUndefined();
  });

  test("refuses an operation creating an invalid index's name, naming the fix", () => {
    expect(() =>
      assertNoInvalidIndexInTheWay(
        operations.execute("CREATE INDEX CONCURRENTLY t_v_key ON t (v)"),
        invalid,
        "r1",
      ),
    ).toThrow(
      expect.objectContaining({
        code: "ATHANOR_INVALID_INDEX",
        message: expect.stringContaining('DROP INDEX CONCURRENTLY IF EXISTS "public"."t_v_key"'),
      }),
    );
    expect(() =>
      assertNoInvalidIndexInTheWay(operations.execute("CREATE INDEX t_other ON t (v)"), invalid, "r1"),
    ).not.toThrow();
  });
});
