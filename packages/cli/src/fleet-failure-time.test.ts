import { join } from "node:path";
import { currentFleet, type Dialect, defineRevision, type FleetTarget, upgradeFleet } from "@athanor/core";
import { mysqlDialect } from "@athanor/mysql";
import { pgliteDialect, postgresDialect } from "@athanor/postgres";
import { d1Dialect, openMiniflareD1, sqliteDialect } from "@athanor/sqlite";
import { createTestDatabase, type TestDatabase } from "@athanor/testing";
import mysql from "mysql2/promise";
import { afterAll, beforeAll, expect, test } from "vitest";
import { tempDir } from "./testing/harness.js";

// A fleet target's last failure is read back as ISO 8601 UTC on every dialect, whatever the
// session's time zone (MySQL's DATETIME and CURRENT_TIMESTAMP follow it) and the process's (a
// zone-less text must not be read as local time). Each database is this file's own.
process.env.TZ = "Pacific/Chatham"; // +13:45 in December: nowhere near UTC
const MYSQL = process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
const PG = process.env.ATHANOR_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

const revisions = [
  defineRevision({
    id: "t1",
    parents: [],
    message: "fails everywhere",
    upgrade: (op) => op.execute("INSERT INTO no_such_table VALUES (1)"),
    downgrade: () => undefined,
  }),
];
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const disposers: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const dispose of disposers.reverse()) await dispose().catch(() => undefined);
});

let pg: TestDatabase;
let maria: TestDatabase;
beforeAll(async () => {
  pg = await createTestDatabase({ url: PG, prefix: "fleettime" });
  maria = await createTestDatabase({ url: MYSQL, prefix: "fleettime" });
  disposers.push(
    () => pg.dispose(),
    () => maria.dispose(),
  );
}, 60_000);

/** Fails `t1` on the target, then reads its last failure as `status --fleet` does. */
async function failureTime(
  target: FleetTarget,
): Promise<{ failedAt: string | null; from: number; to: number }> {
  const from = Date.now();
  const run = await upgradeFleet({ revisions, targets: [target] });
  expect(run.records.map((r) => [r.status, r.error?.code])).toEqual([["failed", "ATHANOR_MIGRATION_FAILED"]]);
  const to = Date.now();
  const read = await currentFleet({ revisions, targets: [target] });
  const failure = read.records[0]?.state?.lastFailure;
  expect(failure).toMatchObject({ revision: "t1", code: "ATHANOR_MIGRATION_FAILED" });
  return { failedAt: failure?.failedAt ?? null, from, to };
}

/** ISO UTC, and the instant it names is when the run failed (the servers share this machine's clock). */
async function expectIsoUtc(name: string, dialect: Dialect): Promise<void> {
  const { failedAt, from, to } = await failureTime({ name, dialect });
  expect(failedAt).toMatch(ISO_UTC);
  const at = Date.parse(failedAt as string);
  expect(at).toBeGreaterThanOrEqual(from - 1000);
  expect(at).toBeLessThanOrEqual(to + 1000);
}

/** The time zone of a PostgreSQL/PGlite session of the dialect. */
async function timeZoneOf(dialect: Dialect): Promise<string | undefined> {
  const conn = await dialect.connect();
  try {
    return (await conn.query<{ tz: string }>("SELECT current_setting('TimeZone') AS tz")).rows[0]?.tz;
  } finally {
    await conn.close();
  }
}

test("PostgreSQL, session time zone Asia/Kathmandu", async () => {
  const url = new URL(pg.url as string);
  url.searchParams.set("TimeZone", "Asia/Kathmandu");
  const dialect = postgresDialect({ url: url.toString() });
  expect(await timeZoneOf(dialect)).toBe("Asia/Kathmandu");
  await expectIsoUtc("pg", dialect);
});

test("PGlite, session time zone America/St_Johns", async () => {
  const dialect = pgliteDialect();
  const conn = await dialect.connect();
  await conn.query("SET TIME ZONE 'America/St_Johns'");
  await conn.close();
  await expectIsoUtc("pglite", dialect);
  expect(await timeZoneOf(dialect)).toBe("America/St_Johns"); // still the one session, in its zone
});

test("MariaDB, session time_zone +09:30: DATETIME keeps UTC, not the session's wall clock", async () => {
  const client = await mysql.createConnection({ uri: maria.url as string, multipleStatements: true });
  disposers.push(() => client.end());
  await client.query("SET time_zone = '+09:30'");
  await expectIsoUtc("maria", mysqlDialect({ client: client as never }));
});

test("SQLite (better-sqlite3 and libsql) and D1, process time zone Pacific/Chatham", async () => {
  const dir = tempDir("athanor-fleet-time-");
  await expectIsoUtc("better-sqlite3", sqliteDialect({ file: join(dir, "a.db") }));
  await expectIsoUtc("libsql", sqliteDialect({ file: join(dir, "b.db"), driver: "libsql" }));
  const d1 = await openMiniflareD1();
  disposers.push(() => d1.dispose());
  await expectIsoUtc("d1", d1Dialect({ database: d1.database }));
}, 60_000);
