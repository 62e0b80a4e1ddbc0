import { type Connection, defineRevision, type RunnerEvent, upgrade } from "@athanor/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { postgresDialect } from "./postgres-dialect.js";
import { postgresReplicaLag } from "./replica-lag.js";
import { type StreamingPair, startStreamingPair } from "./testing/streaming-standby.js";

// One primary + streaming standby for the file, on their own ports.
let pair: StreamingPair;
let primary: Connection;
let standby: Connection;
const ROWS = 20_000;

beforeAll(async () => {
  pair = await startStreamingPair();
  primary = await postgresDialect({ url: pair.primaryUrl }).connect();
  standby = await postgresDialect({ url: pair.standbyUrl }).connect();
}, 90_000);
afterAll(async () => {
  await primary?.close();
  await standby?.close();
  await pair?.stop();
}, 30_000);

const backfillRevision = defineRevision({
  id: "lag1",
  parents: [],
  message: "backfill w",
  async upgrade(op) {
    await op.backfill({ table: "accounts", set: { w: "balance * 2" }, where: "w IS NULL", batchSize: 2_000 });
  },
  downgrade() {},
});

describe("replica-lag throttling of backfills (PostgreSQL primary + streaming standby)", () => {
  test("the probe lists the standby with its byte lag", async () => {
    const replicas = await postgresReplicaLag(primary);
    expect(replicas).toHaveLength(1);
    expect(replicas[0]?.lagBytes).not.toBeNull();
    // Asked on the standby: it feeds nobody.
    expect(await postgresReplicaLag(standby)).toEqual([]);
    // What `athanor status` shows: the primary's replica, nothing on the standby.
    const dialect = postgresDialect({ url: pair.primaryUrl });
    const cluster = await dialect.clusterStatus?.(primary);
    expect(cluster).toMatchObject({ kind: "streaming-replicas", replicas: [expect.any(Object)] });
    expect(cluster?.summary).toMatch(/^1 streaming replica: \S+ \(127\.0\.0\.1\) [\d,]+ B behind/);
    expect(await dialect.clusterStatus?.(standby)).toBeNull();
  });

  test("a backfill pauses while the standby's replay is paused, then finishes when it resumes; rows correct", async () => {
    await primary.query("DROP TABLE IF EXISTS accounts");
    await primary.query("CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL, w int)");
    await primary.query(`INSERT INTO accounts SELECT g, g % 1000 FROM generate_series(1, ${ROWS}) g`);
    // Let the standby catch up with the setup, then stop it replaying.
    await waitFor(async () => ((await postgresReplicaLag(primary))[0]?.lagBytes ?? 1) === 0);
    await standby.query("SELECT pg_wal_replay_pause()");

    const events: RunnerEvent[] = [];
    // creating the bookkeeping tables writes ~100 kB of WAL before the first batch, which adds ~450 kB
    const limitBytes = 200_000;
    const running = upgrade(
      {
        dialect: postgresDialect({ url: pair.primaryUrl }),
        revisions: [backfillRevision],
        maxReplicaLag: { bytes: limitBytes, checkEveryMs: 100 },
        onProgress: (event) => events.push(event),
      },
      "heads",
    );
    // The first batch's WAL puts the paused standby past the limit: the backfill waits.
    await waitFor(async () => events.some((e) => e.type === "backfill-throttle"));
    const doneAtPause = await filled();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await filled()).toBe(doneAtPause);
    expect(doneAtPause).toBeGreaterThan(0);
    expect(doneAtPause).toBeLessThan(ROWS);
    const throttle = events.find((e) => e.type === "backfill-throttle");
    expect(throttle).toMatchObject({ table: "accounts", replica: expect.stringContaining("127.0.0.1") });
    expect((throttle as { lagBytes: number }).lagBytes).toBeGreaterThan(limitBytes);

    await standby.query("SELECT pg_wal_replay_resume()");
    const result = await running;
    expect(result.error ?? null).toBeNull();
    const summary = result.results[0]?.backfills?.[0];
    expect(summary?.rows).toBe(ROWS);
    expect(summary?.replicaLag?.pauses).toBeGreaterThanOrEqual(1);
    expect(summary?.replicaLag?.pausedMs).toBeGreaterThanOrEqual(1_400);
    expect(summary?.replicaLag?.maxLagBytes).toBeGreaterThan(limitBytes);
    // Every row backfilled exactly once, on the primary and, once replayed, on the standby.
    const wrong = await primary.query<{ n: string }>(
      "SELECT count(*) AS n FROM accounts WHERE w IS DISTINCT FROM balance * 2",
    );
    expect(Number(wrong.rows[0]?.n)).toBe(0);
    await waitFor(async () => ((await postgresReplicaLag(primary))[0]?.lagBytes ?? 1) === 0);
    const onStandby = await standby.query<{ n: string }>(
      "SELECT count(*) AS n FROM accounts WHERE w = balance * 2",
    );
    expect(Number(onStandby.rows[0]?.n)).toBe(ROWS);
    // The history note keeps the lag seen and the pause.
    const note = await primary.query<{ note: string }>(
      "SELECT note FROM athanor_version_history WHERE revision = 'lag1' AND status = 'ok'",
    );
    expect(note.rows[0]?.note).toMatch(/replica lag at most [\d.]+ (kB|MB).*paused \d+× for [\d.]+ s/);
  }, 60_000);

  test("upgrade against the standby is refused with a coded error, before anything runs", async () => {
    const refused = await upgrade(
      { dialect: postgresDialect({ url: pair.standbyUrl }), revisions: [backfillRevision] },
      "heads",
    ).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: "ATHANOR_UNSUPPORTED", meta: { what: "standby" } });
    expect(String((refused as Error).message)).toContain("Point the URL at the primary");
    // The standby's session holds no advisory lock afterwards (released before refusing).
    const locks = await standby.query<{ n: string }>(
      "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory'",
    );
    expect(Number(locks.rows[0]?.n)).toBe(0);
  });

  test("maxReplicaLag without a limit is refused before any batch", async () => {
    await primary.query("UPDATE accounts SET w = NULL WHERE id <= 10");
    await primary.query("DELETE FROM athanor_version");
    const result = await upgrade(
      {
        dialect: postgresDialect({ url: pair.primaryUrl }),
        revisions: [backfillRevision],
        maxReplicaLag: {},
      },
      "heads",
    );
    expect(result.error?.code).toBe("ATHANOR_CONFIG_INVALID");
    const left = await primary.query<{ n: string }>("SELECT count(*) AS n FROM accounts WHERE w IS NULL");
    expect(Number(left.rows[0]?.n)).toBe(10);
  });
});

async function filled(): Promise<number> {
  const { rows } = await primary.query<{ n: string }>(
    "SELECT count(*) AS n FROM accounts WHERE w IS NOT NULL",
  );
  return Number(rows[0]?.n);
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
