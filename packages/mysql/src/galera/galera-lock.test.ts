import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineRevision, downgrade, type Revision, upgrade } from "@athanor/core";
import { describe, expect, test } from "vitest";
import { mysqlDialect } from "../mysql-dialect.js";
import { TEST_MYSQL_URL } from "../testing/scratch-database.js";
import { useGaleraCluster } from "../testing/use-galera-cluster.js";
import { detectGalera } from "./galera-detect.js";

// One 3-node cluster for the whole file (starting it is most of the file's time).
const DB = "galera_lock_test";
const galera = useGaleraCluster(DB);
const { synced } = galera;

async function freshDatabase(name: string): Promise<void> {
  await galera.admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await galera.admin.query(`CREATE DATABASE ${name}`);
}

// Revisions that log each application into applied_log and hold the lock a while, so runners overlap.
function loggedRevisions(prefix: string, count: number, holdSeconds: number): Revision[] {
  return Array.from({ length: count }, (_, n) =>
    defineRevision({
      id: `${prefix}${n}`,
      parents: n === 0 ? [] : [`${prefix}${n - 1}`],
      upgrade: (op) => {
        op.createTable(`${prefix}${n}`, {
          columns: [{ name: "id", type: "int", nullable: false }],
          primaryKey: ["id"],
        });
        op.execute(`INSERT INTO applied_log (revision, node) VALUES ('${prefix}${n}', @@wsrep_node_name)`);
        if (n === 0 && holdSeconds > 0) op.execute(`DO SLEEP(${holdSeconds})`);
      },
      downgrade: (op) => void op.dropTable(`${prefix}${n}`),
    }),
  );
}

describe("MariaDB Galera, 3 nodes", () => {
  test("is detected on every node, with the cluster's size and state", async () => {
    for (const node of [0, 1, 2]) {
      const conn = await galera.cluster.connect(node);
      const info = await detectGalera(conn);
      await conn.close();
      expect(info).toMatchObject({
        clusterSize: 3,
        localState: "Synced",
        clusterStatus: "Primary",
        ready: true,
      });
      expect(info?.nodeName).toBe(`node${node + 1}`);
    }
    // What `athanor status` shows, and nothing on the plain MariaDB of the other tests.
    const conn = await galera.cluster.connect(1);
    const dialect = mysqlDialect({ url: galera.cluster.url(1, "") });
    expect((await dialect.clusterStatus?.(conn))?.summary).toBe(
      "Galera: 3 nodes; node2 Synced, Primary component",
    );
    await conn.close();
    const plainDialect = mysqlDialect({ url: TEST_MYSQL_URL });
    const plain = await plainDialect.connect();
    expect(await plainDialect.clusterStatus?.(plain)).toBeNull();
    await plain.close();
  });

  test("every node keeps its temporary files apart from the main test server's (a starting node deletes #sql* files in its tmpdir)", async () => {
    const plain = await mysqlDialect({ url: TEST_MYSQL_URL }).connect();
    const main = String((await plain.query<{ d: string }>("SELECT @@tmpdir AS d")).rows[0]?.d);
    await plain.close();
    for (const node of [0, 1, 2]) {
      const conn = await galera.cluster.connect(node);
      const own = String((await conn.query<{ d: string }>("SELECT @@tmpdir AS d")).rows[0]?.d);
      await conn.close();
      expect(own).not.toBe(main);
      expect(own).toMatch(/athanor-galera-.*\.tmp$/);
    }
  });

  test("GET_LOCK is node-local there: two nodes both get the same lock (why athanor does not use it)", async () => {
    const a = await galera.cluster.connect(0);
    const b = await galera.cluster.connect(1);
    const got = [
      (await a.query<{ g: number }>("SELECT GET_LOCK('athanor:probe', 0) AS g")).rows[0]?.g,
      (await b.query<{ g: number }>("SELECT GET_LOCK('athanor:probe', 0) AS g")).rows[0]?.g,
    ];
    await a.close();
    await b.close();
    expect(got.map(Number)).toEqual([1, 1]);
  });

  test("runners on all three nodes at once, over two rounds: every revision applied exactly once", async () => {
    await freshDatabase("galera_race");
    await galera.admin.query(
      "CREATE TABLE galera_race.applied_log (id int AUTO_INCREMENT PRIMARY KEY, revision varchar(8) NOT NULL, node varchar(32))",
    );
    const round = async (revisions: Revision[]) =>
      Promise.all(
        [0, 1, 2, 0, 1, 2].map((node) =>
          upgrade(
            {
              dialect: mysqlDialect({ url: galera.cluster.url(node, "galera_race") }),
              revisions,
              lock: { timeoutMs: 60_000, pollMs: 50 },
            },
            "heads",
          ),
        ),
      );
    const first = loggedRevisions("a", 3, 1);
    const second = [
      ...first,
      ...loggedRevisions("b", 3, 1).map((r, n) => (n === 0 ? { ...r, parents: ["a2"] } : r)),
    ];
    for (const [revisions, expected] of [
      [first, 3],
      [second, 3],
    ] as const) {
      const runs = await round(revisions as Revision[]);
      expect(runs.map((r) => r.error ?? null)).toEqual(Array(6).fill(null));
      const applied = runs.map((r) => r.results.filter((x) => x.status === "applied").length);
      expect(applied.sort()).toEqual([0, 0, 0, 0, 0, expected]);
      // The losers waited for the winner, then found the revisions applied.
      const losers = runs.filter((r) => r.results.every((x) => x.status !== "applied"));
      expect(losers.every((r) => r.waitedForLockMs > 500)).toBe(true);
    }
    const log = await synced<{ revision: string; n: number }>(
      2,
      "SELECT revision, COUNT(*) AS n FROM galera_race.applied_log GROUP BY revision ORDER BY revision",
    );
    expect(log.map((r) => [r.revision, Number(r.n)])).toEqual(
      ["a0", "a1", "a2", "b0", "b1", "b2"].map((id) => [id, 1]),
    );
    const version = await synced<{ version_num: string }>(
      1,
      "SELECT version_num FROM galera_race.athanor_version",
    );
    expect(version.map((r) => r.version_num)).toEqual(["b2"]);
    // The lock row is gone once the last runner released it.
    expect(await synced(0, "SELECT * FROM galera_race.athanor_version_lock")).toEqual([]);
  }, 120_000);

  test("a runner killed while holding the lock: the lock is reported, then taken over once its lease expires", async () => {
    const childScript = fileURLToPath(new URL("../testing/galera-lock-holder.mjs", import.meta.url));
    if (!existsSync(fileURLToPath(new URL("../../dist/index.js", import.meta.url)))) {
      throw new Error(
        "packages/mysql/dist is missing: run `npx tsc -b` first (the child process uses the built package)",
      );
    }
    await freshDatabase("galera_takeover");
    await galera.admin.query(
      "CREATE TABLE galera_takeover.applied_log (id int AUTO_INCREMENT PRIMARY KEY, revision varchar(8) NOT NULL, node varchar(32))",
    );
    const child = spawn(process.execPath, [childScript, galera.cluster.url(1, "galera_takeover"), "2000"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("holding")) resolve();
      });
      child.once("exit", (code) => reject(new Error(`lock holder exited early with ${code}`)));
    });
    const dialect = mysqlDialect({ url: galera.cluster.url(2, "galera_takeover") });
    const probe = await dialect.connect();
    const holder = await dialect.lockHolder?.(probe, "athanor:.athanor_version");
    await probe.close();
    expect(holder?.applicationName).toBe("athanor on node2");
    expect(holder?.state).toMatch(/^lease until \d{4}-/);
    // Held and renewed: a runner with a short timeout gives up with the coded error, naming the holder.
    const refused = await upgrade(
      { dialect, revisions: loggedRevisions("k", 1, 0), lock: { timeoutMs: 2_500, pollMs: 100 } },
      "heads",
    ).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: "ATHANOR_LOCK_TIMEOUT" });
    expect(String((refused as Error).message)).toContain("node2");

    child.kill("SIGKILL");
    const run = await upgrade(
      { dialect, revisions: loggedRevisions("k", 1, 0), lock: { timeoutMs: 20_000, pollMs: 100 } },
      "heads",
    );
    expect(run.error ?? null).toBeNull();
    expect(run.results.map((r) => r.status)).toEqual(["applied"]);
    expect(run.waitedForLockMs).toBeLessThan(5_000);
    const log = await synced<{ revision: string; node: string }>(
      0,
      "SELECT revision, node FROM galera_takeover.applied_log",
    );
    expect(log).toEqual([{ revision: "k0", node: "node3" }]);
  }, 60_000);

  test("a runner stalled past its lease (fencing): it applies and records nothing more, the runner that took over applies each revision once", async () => {
    const childScript = fileURLToPath(new URL("../testing/galera-fenced-runner.mjs", import.meta.url));
    await freshDatabase("galera_fence");
    await galera.admin.query(
      "CREATE TABLE galera_fence.applied_log (id int AUTO_INCREMENT PRIMARY KEY, revision varchar(8) NOT NULL, node varchar(32))",
    );
    const runner = (node: number, ...args: string[]) => {
      const child = spawn(
        process.execPath,
        [childScript, galera.cluster.url(node, "galera_fence"), ...args],
        {
          stdio: ["ignore", "pipe", "inherit"],
        },
      );
      let out = "";
      child.stdout?.on("data", (chunk: Buffer) => {
        out += chunk.toString();
      });
      const stalling = new Promise<void>((resolve) => {
        child.stdout?.on("data", () => out.includes("stalling") && resolve());
      });
      const done = new Promise<{
        results: [string, string][];
        error: { code: string; message: string } | null;
      }>((resolve, reject) =>
        child.once("exit", (code) => {
          const last = out.trim().split("\n").at(-1) ?? "";
          try {
            resolve(JSON.parse(last));
          } catch {
            reject(new Error(`runner on node ${node + 1} exited with ${code}: ${out}`));
          }
        }),
      );
      return { stalling, done };
    };
    // node 1's runner applies p0, then stalls 6 s inside p1 with a 1.5 s lease; node 3's runner
    // takes the lock over once the lease ran out and applies p1 and p2
    const stalled = runner(0, "1500", "stall", "6000");
    await stalled.stalling;
    const successor = runner(2, "1500");
    const [late, next] = await Promise.all([stalled.done, successor.done]);
    expect(late.results, JSON.stringify(late)).toEqual([
      ["p0", "applied"],
      ["p1", "failed"],
      ["p2", "not_run"],
    ]);
    expect(late.error?.code).toBe("ATHANOR_LOCK_LOST");
    expect(late.error?.message).toMatch(/Nothing of it was applied/);
    expect(next).toEqual({
      results: [
        ["p1", "applied"],
        ["p2", "applied"],
      ],
      error: null,
    });
    const log = await synced<{ revision: string; node: string }>(
      0,
      "SELECT revision, node FROM galera_fence.applied_log ORDER BY id",
    );
    expect(log).toEqual([
      { revision: "p0", node: "node1" },
      { revision: "p1", node: "node3" },
      { revision: "p2", node: "node3" },
    ]);
    expect(await synced(1, "SELECT version_num FROM galera_fence.athanor_version")).toEqual([
      { version_num: "p2" },
    ]);
    // each revision recorded as applied once; of the stalled runner's p1 attempt at most a failed
    // row (written only if its session was still open after the fence stopped it)
    const history = await synced<{ revision: string; status: string; n: number }>(
      2,
      "SELECT revision, status, COUNT(*) AS n FROM galera_fence.athanor_version_history GROUP BY revision, status ORDER BY revision, status",
    );
    const rows = history.map((r) => [r.revision, r.status, Number(r.n)]);
    expect(rows.filter((r) => r[1] === "ok")).toEqual([
      ["p0", "ok", 1],
      ["p1", "ok", 1],
      ["p2", "ok", 1],
    ]);
    expect(rows.filter((r) => r[1] !== "ok" && !(r[0] === "p1" && r[1] === "failed"))).toEqual([]);
  }, 90_000);

  test("upgrade on one node, downgrade from another: every node sees the same schema and version", async () => {
    await freshDatabase("galera_walk");
    await galera.admin.query(
      "CREATE TABLE galera_walk.applied_log (id int AUTO_INCREMENT PRIMARY KEY, revision varchar(8) NOT NULL, node varchar(32))",
    );
    const revisions = loggedRevisions("w", 3, 0);
    const on = (node: number) => ({
      dialect: mysqlDialect({ url: galera.cluster.url(node, "galera_walk") }),
      revisions,
    });
    expect((await upgrade(on(0), "heads")).error ?? null).toBeNull();
    const tables = (node: number) =>
      synced<{ t: string }>(
        node,
        "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'galera_walk' AND TABLE_NAME LIKE 'w%' ORDER BY 1",
      );
    for (const node of [1, 2]) expect((await tables(node)).map((r) => r.t)).toEqual(["w0", "w1", "w2"]);
    const down = await downgrade(on(1), "w0");
    expect(down.error ?? null).toBeNull();
    for (const node of [0, 2]) expect((await tables(node)).map((r) => r.t)).toEqual(["w0"]);
    const version = await synced<{ version_num: string }>(
      2,
      "SELECT version_num FROM galera_walk.athanor_version",
    );
    expect(version.map((r) => r.version_num)).toEqual(["w0"]);
    const history = await synced<{ n: number }>(
      0,
      "SELECT COUNT(*) AS n FROM galera_walk.athanor_version_history",
    );
    expect(Number(history[0]?.n)).toBe(5);
  }, 60_000);

  // Last in the file: the cluster goes on with two nodes.
  test("a node killed (kill -9) while its runner holds the lock: the runners on the other nodes take over and apply each revision once", async () => {
    await freshDatabase("galera_crash");
    await galera.admin.query(
      "CREATE TABLE galera_crash.applied_log (id int AUTO_INCREMENT PRIMARY KEY, revision varchar(8) NOT NULL, node varchar(32))",
    );
    // r0 waits first (nothing of it committed yet), so the victim dies holding the lock mid-revision
    const revisions = loggedRevisions("x", 3, 0).map((r, n) =>
      n === 0
        ? {
            ...r,
            upgrade: (op: Parameters<typeof r.upgrade>[0]) => {
              op.execute("DO SLEEP(30)");
              return r.upgrade(op);
            },
          }
        : r,
    );
    const runner = (node: number, revs: Revision[]) =>
      upgrade(
        {
          // the lease outlasts the cluster's own stall when a node dies: every commit (the lease
          // renewal too) waits until the dead node is evicted, evs.suspect_timeout = 5 s by default;
          // a shorter lease lets a waiting runner take over from a live holder (docs/clusters.md)
          dialect: mysqlDialect({ url: galera.cluster.url(node, "galera_crash"), galeraLockLeaseMs: 8_000 }),
          revisions: revs,
          lock: { timeoutMs: 60_000, pollMs: 100 },
        },
        "heads",
      ).catch((error: unknown) => error);
    const victim = runner(1, revisions);
    for (let waited = 0; ; waited += 100) {
      // the lock table appears with the first lock taken
      const held = await synced<{ n: number }>(
        0,
        "SELECT COUNT(*) AS n FROM galera_crash.athanor_version_lock",
      ).then(
        (rows) => Number(rows[0]?.n) > 0,
        () => false,
      );
      if (held) break;
      if (waited > 30_000) throw new Error("the runner on node 2 never took the lock");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // the others wait on the lock; they run revisions without the sleep (the files are the same ids)
    const quick = loggedRevisions("x", 3, 0);
    const others = [runner(0, quick), runner(2, quick), runner(0, quick)];
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await galera.cluster.kill(1);
    const failed = await victim;
    expect(failed).toBeDefined();
    const runs = (await Promise.all(others)) as Awaited<ReturnType<typeof upgrade>>[];
    expect(runs.map((r) => (r as { error?: unknown }).error ?? null)).toEqual([null, null, null]);
    expect(runs.map((r) => r.results.filter((x) => x.status === "applied").length).sort()).toEqual([0, 0, 3]);
    for (const node of [0, 2]) {
      const log = await synced<{ revision: string; n: number }>(
        node,
        "SELECT revision, COUNT(*) AS n FROM galera_crash.applied_log GROUP BY revision ORDER BY revision",
      );
      expect(log.map((r) => [r.revision, Number(r.n)])).toEqual([
        ["x0", 1],
        ["x1", 1],
        ["x2", 1],
      ]);
      expect(await synced(node, "SELECT version_num FROM galera_crash.athanor_version")).toEqual([
        { version_num: "x2" },
      ]);
      expect(await synced(node, "SELECT * FROM galera_crash.athanor_version_lock")).toEqual([]);
    }
    expect(await synced(0, "SELECT node FROM galera_crash.applied_log WHERE node = 'node2'")).toEqual([]);
  }, 180_000);
});
