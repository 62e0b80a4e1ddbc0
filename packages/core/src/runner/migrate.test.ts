import { beforeAll, beforeEach, describe, expect, test } from "vitest";
import { current, downgrade, upgrade } from "./index.js";
import type { RunnerEvent } from "./runner-result.js";
import { useTestDatabase } from "./testing/fresh-database.js";
import { freshPglite } from "./testing/pglite-from-snapshot.js";
import { pgliteTestDialect } from "./testing/pglite-test-dialect.js";
import { sqlRevision } from "./testing/revision-fixtures.js";

// a → {b, c} → d (merge)
const diamond = [
  sqlRevision("a", [], ["CREATE TABLE ta (id int)"], ["DROP TABLE ta"]),
  sqlRevision("b", ["a"], ["CREATE TABLE tb (id int)"], ["DROP TABLE tb"]),
  sqlRevision("c", ["a"], ["CREATE TABLE tc (id int)"], ["DROP TABLE tc"]),
  sqlRevision("d", ["b", "c"], ["CREATE TABLE td (id int)"], ["DROP TABLE td"]),
];

const t = useTestDatabase({ beforeAll, beforeEach }, freshPglite);

const tables = () => t.publicTables();

describe("upgrade and downgrade", () => {
  test("upgrade heads applies a merge and leaves one row for the merged head", async () => {
    const run = await upgrade({ dialect: t.dialect, revisions: diamond }, "heads");
    expect(run.error).toBeUndefined();
    expect(run.results.map((r) => [r.revision, r.status, r.statements])).toEqual([
      // Alembic's walk order (down from the heads, parents in file order, then reversed).
      ["a", "applied", 1],
      ["c", "applied", 1],
      ["b", "applied", 1],
      ["d", "applied", 1],
    ]);
    expect(run.heads).toEqual({ before: [], after: ["d"] });
    expect(await t.versionRows()).toEqual(["d"]);
    expect(await tables()).toEqual(["athanor_version", "athanor_version_history", "ta", "tb", "tc", "td"]);
  });

  test("upgrade with a phase holds back later-phase work; a plain upgrade finishes it", async () => {
    const rollout = [
      sqlRevision("e1", [], ["CREATE TABLE te (id int)"], ["DROP TABLE te"], { phase: "expand" }),
      sqlRevision("m1", ["e1"], ["INSERT INTO te VALUES (1)"], ["DELETE FROM te"], { phase: "migrate" }),
      sqlRevision("c1", ["m1"], ["ALTER TABLE te ADD PRIMARY KEY (id)"], ["SELECT 1"], { phase: "contract" }),
      sqlRevision("p1", ["c1"], ["CREATE TABLE tp (id int)"], ["DROP TABLE tp"]),
    ];
    const expandOnly = await upgrade({ dialect: t.dialect, revisions: rollout }, "heads", {
      phase: "expand",
    });
    expect(expandOnly.results.map((r) => r.revision)).toEqual(["e1"]);
    expect(expandOnly.heldBack).toEqual(["m1", "c1", "p1"]);
    // the deploy step before new code rolls out: expand and migrate work, contract waits
    const expand = await upgrade({ dialect: t.dialect, revisions: rollout }, "heads", { phase: "migrate" });
    expect(expand.results.map((r) => r.revision)).toEqual(["m1"]);
    expect(expand.heldBack).toEqual(["c1", "p1"]);
    expect(await t.versionRows()).toEqual(["m1"]);
    const rest = await upgrade({ dialect: t.dialect, revisions: rollout }, "heads");
    expect(rest.results.map((r) => r.revision)).toEqual(["c1", "p1"]);
    expect(rest.heldBack).toBeUndefined();
    expect(await t.versionRows()).toEqual(["p1"]);
  });

  test("the version table keeps one row per head while branches are open", async () => {
    await upgrade({ dialect: t.dialect, revisions: diamond }, "b");
    expect(await t.versionRows()).toEqual(["b"]);
    const run = await upgrade({ dialect: t.dialect, revisions: diamond }, "c");
    expect(run.results.map((r) => r.revision)).toEqual(["c"]);
    expect(await t.versionRows()).toEqual(["b", "c"]);
    await upgrade({ dialect: t.dialect, revisions: diamond }, "heads");
    expect(await t.versionRows()).toEqual(["d"]);
  });

  test("downgrade unmerges, then downgrade base empties the table but keeps it", async () => {
    await upgrade({ dialect: t.dialect, revisions: diamond }, "heads");
    const toB = await downgrade({ dialect: t.dialect, revisions: diamond }, "b");
    // only descendants of b go: the merge d; c is not b's descendant and stays, as its own head
    expect(toB.results.map((r) => [r.revision, r.direction, r.status])).toEqual([
      ["d", "downgrade", "applied"],
    ]);
    expect(await t.versionRows()).toEqual(["b", "c"]);
    expect(await tables()).toEqual(["athanor_version", "athanor_version_history", "ta", "tb", "tc"]);
    const toA = await downgrade({ dialect: t.dialect, revisions: diamond }, "a");
    expect(toA.results.map((r) => r.revision).sort()).toEqual(["b", "c"]);
    expect(await t.versionRows()).toEqual(["a"]);
    const toBase = await downgrade({ dialect: t.dialect, revisions: diamond }, "base");
    expect(toBase.heads).toEqual({ before: ["a"], after: [] });
    expect(await t.versionRows()).toEqual([]);
    expect(await tables()).toEqual(["athanor_version", "athanor_version_history"]);
  });

  test("a no-op upgrade runs nothing and reports the heads", async () => {
    await upgrade({ dialect: t.dialect, revisions: diamond }, "heads");
    const before = t.dialect.executed.length;
    const run = await upgrade({ dialect: t.dialect, revisions: diamond }, "heads");
    expect(run.results).toEqual([]);
    expect(run.heads).toEqual({ before: ["d"], after: ["d"] });
    expect(t.dialect.executed.length).toBe(before);
  });

  test("each applied revision writes one history row with its checksum, who and timing", async () => {
    await upgrade({ dialect: t.dialect, revisions: diamond }, "heads");
    await downgrade({ dialect: t.dialect, revisions: diamond }, "b");
    const rows = (
      await t.db.query<Record<string, unknown>>(
        "SELECT revision, direction, status, checksum, duration_ms, db_user, host, started_at <= finished_at AS ordered FROM athanor_version_history ORDER BY id",
      )
    ).rows;
    expect(rows.map((r) => [r.revision, r.direction, r.status])).toEqual([
      ["a", "upgrade", "ok"],
      ["c", "upgrade", "ok"],
      ["b", "upgrade", "ok"],
      ["d", "upgrade", "ok"],
      ["d", "downgrade", "ok"],
    ]);
    for (const row of rows) {
      expect(row.checksum).toMatch(/^sha256-module:[0-9a-f]{64}$/);
      expect(row.db_user).toBe("postgres");
      expect(row.ordered).toBe(true);
      expect(Number(row.duration_ms)).toBeGreaterThanOrEqual(0);
    }
  });

  test("without a server-side batch clock a transactional revision costs two round trips, inside BEGIN … COMMIT", async () => {
    await upgrade({ dialect: t.dialect, revisions: diamond.slice(0, 1) }, "heads");
    const trips = t.dialect.roundTrips.count;
    const statementsBefore = t.dialect.executed.length;
    await upgrade({ dialect: t.dialect, revisions: diamond.slice(0, 2) }, "heads");
    expect(t.dialect.roundTrips.count - trips).toBe(2);
    const sent = t.dialect.executed.slice(statementsBefore);
    expect(sent[0]).toBe("BEGIN");
    expect(sent[1]).toBe("CREATE TABLE tb (id int)");
    expect(sent[2]).toMatch(/^UPDATE "athanor_version" SET "version_num" = 'b' WHERE "version_num" = 'a'$/);
    expect(sent[3]).toMatch(/^INSERT INTO "athanor_version_history"/);
    expect(sent[4]).toBe("COMMIT");
  });

  test("with a server-side batch clock a revision is one round trip, and its duration counts the server's time", async () => {
    const dialect = pgliteTestDialect(t.db, { batchClock: true, opaqueBatches: true });
    const slow = [
      sqlRevision("s1", [], ["CREATE TABLE s1 (id int)", "SELECT pg_sleep(0.3)"], ["DROP TABLE s1"]),
      sqlRevision("s2", ["s1"], ["CREATE TABLE s2 (id int)"], ["DROP TABLE s2"]),
    ];
    await upgrade({ dialect, revisions: slow.slice(0, 1) }, "heads");
    const trips = dialect.roundTrips.count;
    const statementsBefore = dialect.executed.length;
    const run = await upgrade({ dialect, revisions: slow }, "heads");
    expect(run.error).toBeUndefined();
    expect(dialect.roundTrips.count - trips).toBe(1);
    expect(dialect.executed.slice(statementsBefore)).toEqual([
      "BEGIN",
      "CREATE TABLE s2 (id int)",
      `UPDATE "athanor_version" SET "version_num" = 's2' WHERE "version_num" = 's1'`,
      expect.stringMatching(
        /^INSERT INTO "athanor_version_history" .*ROUND\(\(EXTRACT\(EPOCH FROM clock_timestamp\(\) - statement_timestamp\(\)\) \* 1000\) \+ \d+\)/,
      ),
      "COMMIT",
    ]);
    // s1's history row was sent with its pg_sleep(0.3), in the same batch: the server's time counts
    const { rows } = await t.db.query<{ revision: string; duration_ms: number }>(
      `SELECT revision, duration_ms FROM athanor_version_history WHERE status = 'ok' ORDER BY id`,
    );
    expect(rows.map((r) => r.revision)).toEqual(["s1", "s2"]);
    expect(rows[0]?.duration_ms).toBeGreaterThanOrEqual(300);
    expect(rows[1]?.duration_ms).toBeGreaterThanOrEqual(0);
    const back = await downgrade({ dialect, revisions: slow }, "base");
    expect(back.error).toBeUndefined();
    expect(await tables()).toEqual(["athanor_version", "athanor_version_history"]);
  });

  test("a failing statement in a one-round-trip batch is still named, and nothing of the revision commits", async () => {
    const dialect = pgliteTestDialect(t.db, { batchClock: true, opaqueBatches: true });
    const revisions = [
      sqlRevision("f1", [], ["CREATE TABLE f1 (id int)"], ["DROP TABLE f1"]),
      sqlRevision(
        "f2",
        ["f1"],
        ["CREATE TABLE f2 (id int)", "INSERT INTO f1 VALUES ('not a number')"],
        ["DROP TABLE f2"],
      ),
    ];
    const run = await upgrade({ dialect, revisions }, "heads");
    expect(run.results.map((r) => r.status)).toEqual(["applied", "failed"]);
    expect(run.error?.statementIndex).toBe(1);
    expect(run.error?.sql).toBe("INSERT INTO f1 VALUES ('not a number')");
    expect(run.error?.meta).toMatchObject({ outcome: "nothing" });
    expect(await t.versionRows()).toEqual(["f1"]);
    expect(await tables()).toEqual(["athanor_version", "athanor_version_history", "f1"]);
  });

  test("releases the lock and closes the connection, reports progress and lock wait", async () => {
    const events: RunnerEvent[] = [];
    const run = await upgrade(
      { dialect: t.dialect, revisions: diamond, onProgress: (e) => events.push(e) },
      "heads",
    );
    expect(run.waitedForLockMs).toBeGreaterThanOrEqual(0);
    expect(t.dialect.connections).toEqual({ opened: 1, closed: 1 });
    const locks = await t.db.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory'");
    expect(locks.rows).toEqual([]);
    expect(events.map((e) => e.type)).toEqual([
      "lock-acquired",
      "plan",
      ...diamond.flatMap(() => ["step-start", "step-end"]),
    ]);
  });

  test("custom version table name and schema", async () => {
    await t.db.exec("CREATE SCHEMA meta");
    const versionTable = { name: "schema_heads", schema: "meta" };
    await upgrade({ dialect: t.dialect, revisions: diamond, versionTable }, "b");
    expect((await t.db.query("SELECT version_num FROM meta.schema_heads")).rows).toEqual([
      { version_num: "b" },
    ]);
    expect((await t.db.query("SELECT count(*)::int AS n FROM meta.schema_heads_history")).rows).toEqual([
      { n: 2 },
    ]);
    expect((await current({ dialect: t.dialect, revisions: diamond, versionTable })).heads).toEqual(["b"]);
  });

  test("current reports the position and never creates the tables", async () => {
    const fresh = await current({ dialect: t.dialect, revisions: diamond });
    expect(fresh).toMatchObject({ heads: [], tablesExist: false, applied: [] });
    expect(await tables()).toEqual([]);
    await upgrade({ dialect: t.dialect, revisions: diamond }, "b");
    const after = await current({ dialect: t.dialect, revisions: diamond });
    expect(after).toMatchObject({
      heads: ["b"],
      tablesExist: true,
      applied: ["a", "b"],
      unknownHeads: [],
      partial: [],
    });
  });
});
