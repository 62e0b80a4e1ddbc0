import { rm } from "node:fs/promises";
import { type Connection, type Dialect, downgrade, lockKeyOf, type RunResult, upgrade } from "@athanor/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { pgliteDialect } from "./pglite-dialect.js";
import { postgresDialect } from "./postgres-dialect.js";
import { buildPackage, runNode } from "./testing/build-package.js";
import { SMALL_HISTORY, writeSmallHistory } from "./testing/small-history.js";
import { createTestDatabase, type TestServerDatabase } from "./testing/test-server.js";

let revisions: string;
const cleanups: (() => Promise<void>)[] = [];
beforeAll(async () => {
  revisions = await writeSmallHistory();
  cleanups.push(() => rm(revisions, { recursive: true, force: true }));
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function inspect(dialect: Dialect, body: (conn: Connection) => Promise<unknown>) {
  const conn = await dialect.connect();
  try {
    return await body(conn);
  } finally {
    await conn.close();
  }
}
const versionRows = (dialect: Dialect) =>
  inspect(dialect, async (conn) =>
    (
      await conn.query<{ version_num: string }>("SELECT version_num FROM athanor_version ORDER BY 1")
    ).rows.map((r) => r.version_num),
  );
const userTable = (dialect: Dialect) =>
  inspect(dialect, async (conn) => ({
    columns: (
      await conn.query(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'users' ORDER BY ordinal_position",
      )
    ).rows.map((r) => r.column_name),
    indexes: (
      await conn.query("SELECT indexname FROM pg_indexes WHERE tablename = 'users' ORDER BY 1")
    ).rows.map((r) => r.indexname),
  }));
const statuses = (run: RunResult) => run.results.map((r) => `${r.revision}:${r.status}`);

const dialects: [string, () => Promise<Dialect>][] = [
  [
    "PostgreSQL 15",
    async () => {
      const db = await createTestDatabase("runner");
      cleanups.push(() => db.drop());
      return postgresDialect({ url: db.url });
    },
  ],
  [
    "PGlite (data folder)",
    async () => {
      const dataDir = `${await writeSmallHistory()}-pglite`;
      cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
      return pgliteDialect({ dataDir });
    },
  ],
];

describe.each(dialects)("runner on %s", (_name, create) => {
  let dialect: Dialect;
  beforeAll(async () => {
    dialect = await create();
  }, 60_000);

  test("upgrade heads → downgrade base → upgrade heads", async () => {
    const up = await upgrade({ dialect, revisions }, "heads");
    expect(up.error).toBeUndefined();
    expect(statuses(up)).toEqual(SMALL_HISTORY.map((r) => `${r}:applied`));
    expect(await versionRows(dialect)).toEqual(["d4"]);
    expect(await userTable(dialect)).toEqual({
      columns: ["id", "email", "timezone"],
      indexes: ["users_email_idx", "users_pkey"],
    });
    const seeded = await inspect(
      dialect,
      async (conn) => (await conn.query("SELECT id FROM users ORDER BY id")).rows,
    );
    expect(seeded).toEqual([{ id: 1 }, { id: 2 }, { id: 102 }]);

    const noop = await upgrade({ dialect, revisions }, "heads");
    expect(noop.results).toEqual([]);

    const down = await downgrade({ dialect, revisions }, "base");
    expect(down.error).toBeUndefined();
    expect(statuses(down)).toEqual([...SMALL_HISTORY].reverse().map((r) => `${r}:applied`));
    expect(await versionRows(dialect)).toEqual([]);
    expect(await userTable(dialect)).toEqual({ columns: [], indexes: [] });

    const again = await upgrade({ dialect, revisions }, "heads");
    expect(statuses(again)).toEqual(SMALL_HISTORY.map((r) => `${r}:applied`));
    expect(await versionRows(dialect)).toEqual(["d4"]);
  }, 120_000);
});

describe("8 processes run `upgrade heads` at once on PostgreSQL 15", () => {
  let db: TestServerDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("runrace");
    cleanups.push(() => db.drop());
    await buildPackage();
  }, 180_000);

  test("every revision is applied exactly once, the version table is right, and the waiters say they waited", async () => {
    // The test holds the lock until all 8 have asked for it at least once (their last statement is
    // the lock poll), so every one of them has been waiting for at least the pause before release.
    // Counting connected sessions alone was not enough: under load a child could connect, sit
    // between connect and its first poll through the pause, and then report a short wait.
    const dialect = postgresDialect({ url: db.url });
    const gate = await dialect.connect();
    const key = lockKeyOf({ name: "athanor_version" });
    await dialect.acquireLock(gate, key, { timeoutMs: 1_000, pollMs: 10 });
    const children = Promise.all(
      Array.from({ length: 8 }, () => runNode("src/testing/upgrade-race-child.mjs", [db.url, revisions])),
    );
    const sessions = async () =>
      (
        await gate.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'athanor' AND pid <> pg_backend_pid() AND query LIKE '%pg_try_advisory_lock%'",
        )
      ).rows[0]?.n;
    await expect.poll(sessions, { timeout: 60_000, interval: 50 }).toBe(8);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await dialect.releaseLock(gate, key);
    await gate.close();
    const runs = (await children).map((out) => JSON.parse(out) as RunResult);
    const applied = runs.flatMap((run) =>
      run.results.filter((r) => r.status === "applied").map((r) => r.revision),
    );
    expect(applied.sort()).toEqual([...SMALL_HISTORY]);
    expect(runs.every((run) => run.error === undefined && run.heads.after.join() === "d4")).toBe(true);
    // one applied everything; the others waited for it and then found nothing to do
    expect(runs.filter((run) => run.results.length === 0)).toHaveLength(7);
    expect(runs.every((run) => run.waitedForLockMs >= 100)).toBe(true);
    expect(await versionRows(dialect)).toEqual(["d4"]);
    const history = await inspect(
      dialect,
      async (conn) =>
        (
          await conn.query<{ revision: string; n: number }>(
            "SELECT revision, count(*)::int AS n FROM athanor_version_history WHERE direction = 'upgrade' AND status = 'ok' GROUP BY revision ORDER BY revision",
          )
        ).rows,
    );
    expect(history).toEqual(SMALL_HISTORY.map((revision) => ({ revision, n: 1 })));
  }, 180_000);
});
