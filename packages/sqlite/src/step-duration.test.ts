// On a local file a revision's statements, version row, history row and COMMIT go to SQLite in
// one script (the batch clock reads the client's own clock): the history row's duration must
// still count the time SQLite spent on the revision's statements, which run after the row's
// client part was measured.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Connection, type Dialect, defineRevision, downgrade, upgrade } from "@athanor/core";
import { afterAll, describe, expect, test } from "vitest";
import type { SqliteConnection } from "./sqlite-connection.js";
import { sqliteDialect } from "./sqlite-dialect.js";

const folder = mkdtempSync(join(tmpdir(), "athanor-sqlite-duration-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The dialect, with `athanor_test_sleep(ms)` on its connections and every script it is sent. */
function sleepyDialect(file: string, scripts: string[][]): Dialect {
  const dialect = sqliteDialect({ file });
  return {
    ...dialect,
    async connect(): Promise<Connection> {
      const conn = (await dialect.connect()) as SqliteConnection;
      const db = conn.database as { function(name: string, fn: (ms: number) => number): void };
      db.function("athanor_test_sleep", (ms) => {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
        return ms;
      });
      return {
        ...conn,
        executeScript: (script) => {
          scripts.push([...script]);
          return conn.executeScript(script);
        },
      };
    },
  };
}

describe("a step's duration on a local SQLite file", () => {
  test("counts SQLite's time, in the result as in the history row, with one script a revision", async () => {
    const scripts: string[][] = [];
    const options = {
      dialect: sleepyDialect(join(folder, "slow.db"), scripts),
      revisions: [
        defineRevision({
          id: "slow",
          upgrade: (op) => void op.execute("SELECT athanor_test_sleep(200)"),
          downgrade: (op) => void op.execute("SELECT athanor_test_sleep(200)"),
        }),
      ],
    };
    for (const [run, target] of [
      [upgrade, "heads"],
      [downgrade, "base"],
    ] as const) {
      const result = await run(options, target);
      expect(result.error).toBeUndefined();
      expect(result.results[0]?.durationMs).toBeGreaterThanOrEqual(200);
    }

    // each step: BEGIN, the statement, the version row, the history row and the COMMIT together
    const steps = scripts.filter((s) => s.some((sql) => sql.includes("athanor_test_sleep")));
    expect(steps.map((s) => [s[0], s.length, s.at(-1)?.endsWith("COMMIT")])).toEqual([
      ["BEGIN IMMEDIATE", 5, true],
      ["BEGIN IMMEDIATE", 5, true],
    ]);
    const conn = await sqliteDialect({ file: join(folder, "slow.db") }).connect();
    try {
      const { rows } = await conn.query<{ duration_ms: number; started_at: string; finished_at: string }>(
        "SELECT duration_ms, started_at, finished_at FROM athanor_version_history ORDER BY id",
      );
      expect(rows.map((row) => row.duration_ms >= 200 && row.duration_ms < 60_000)).toEqual([true, true]);
      // an integer number of milliseconds, as the other dialects store it
      expect(rows.map((row) => Number.isInteger(row.duration_ms))).toEqual([true, true]);
      // the row's times span the step too: finished_at is when its work finished, not its start
      expect(rows.map((row) => Date.parse(row.finished_at) - Date.parse(row.started_at) >= 200)).toEqual([
        true,
        true,
      ]);
    } finally {
      await conn.close();
    }
  });
});
