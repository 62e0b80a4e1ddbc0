#!/usr/bin/env node
// Replica-lag throttling of backfills (issue 20): a PostgreSQL 15 primary + one streaming hot
// standby started for the bench (initdb, pg_basebackup -R, local ports; the standby slowed with
// recovery_min_apply_delay so it behaves like a replica on a busy machine), and the same backfill
// run twice on a fresh copy of the rows: throttling off, then `maxReplicaLag: { bytes }` on.
// A sampler on its own session reads pg_stat_replication every 50 ms in both runs, so "highest
// lag" is measured the same way with and without the throttle.
//
//   node bench/backfill-replica-lag.mjs [--rows 200000] [--batch 10000] [--limit-mb 1] [--delay-ms 500]
//   ATHANOR_BENCH_REPLICA_FULL=1 → 1,000,000 rows
//
// Needs `pnpm run build` first, and PostgreSQL 15's binaries (/usr/lib/postgresql/15/bin).
import { parseArgs } from "node:util";

const full = process.env.ATHANOR_BENCH_REPLICA_FULL === "1";
const { values } = parseArgs({
  options: {
    rows: { type: "string", default: full ? "1000000" : "200000" },
    batch: { type: "string", default: "10000" },
    "limit-mb": { type: "string", default: "1" },
    "delay-ms": { type: "string", default: "500" },
  },
});
const rowCount = Number(values.rows);
const batchSize = Number(values.batch);
const limitBytes = Number(values["limit-mb"]) * 1024 * 1024;

const pkg = (path) => new URL(`../packages/${path}`, import.meta.url).href;
const core = await import(pkg("core/dist/index.js"));
const { postgresDialect } = await import(pkg("postgres/dist/index.js"));
const { startStreamingPair } = await import(pkg("postgres/dist/testing/streaming-standby.js"));
const { postgresReplicaLag } = await import(pkg("postgres/dist/replica-lag.js"));

const pair = await startStreamingPair({
  standbySettings: [`recovery_min_apply_delay = '${values["delay-ms"]}ms'`],
});
const dialect = postgresDialect({ url: pair.primaryUrl });
const conn = await dialect.connect();
const sampler = await dialect.connect();
const fmt = (v) => Math.round(v).toLocaleString("en-US");
const mb = (v) => (v === null ? "—" : `${(v / 1024 / 1024).toFixed(1)} MB`);

async function caughtUp() {
  for (;;) {
    const [standby] = await postgresReplicaLag(sampler);
    if (standby !== undefined && standby.lagBytes === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function once(label, maxReplicaLag) {
  await conn.query("DROP TABLE IF EXISTS items");
  await conn.query("DELETE FROM athanor_version").catch(() => undefined);
  await conn.query("CREATE TABLE items (id bigint PRIMARY KEY, a int NOT NULL, b int)");
  await conn.query(`INSERT INTO items SELECT g, g % 1000 FROM generate_series(1, ${rowCount}) g`);
  await conn.query("VACUUM ANALYZE items");
  await caughtUp();
  let highest = 0;
  let sampling = true;
  const sampled = (async () => {
    while (sampling) {
      const [standby] = await postgresReplicaLag(sampler);
      highest = Math.max(highest, standby?.lagBytes ?? 0);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const revisions = [
    core.defineRevision({
      id: "lag1",
      parents: [],
      message: "backfill",
      async upgrade(op) {
        await op.backfill({ table: "items", set: { b: "a + 1" }, where: "b IS NULL", batchSize });
      },
      downgrade() {},
    }),
  ];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const run = await core.upgrade({ dialect, revisions, ...(maxReplicaLag ? { maxReplicaLag } : {}) });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  sampling = false;
  await sampled;
  if (run.error) throw new Error(run.error.message);
  const { rows } = await conn.query("SELECT count(*)::int AS n FROM items WHERE b = a + 1");
  if (rows[0].n !== rowCount) throw new Error(`${label}: ${rowCount - rows[0].n} rows undone`);
  const summary = run.results[0].backfills[0];
  return { label, ms, cpuMs: (cpu.user + cpu.system) / 1000, highest, summary };
}

try {
  const off = await once("throttle off", undefined);
  const on = await once(`maxReplicaLag ${mb(limitBytes)}`, { bytes: limitBytes, checkEveryMs: 50 });
  const version = (await conn.query("SHOW server_version")).rows[0].server_version;
  console.log(
    `${fmt(rowCount)} rows, batches of ${fmt(batchSize)}, PostgreSQL ${version} primary + 1 streaming standby (recovery_min_apply_delay ${values["delay-ms"]} ms)`,
  );
  console.log("");
  console.log(
    "| run | total | rows/s | highest lag (sampled) | highest lag (throttle) | paused | bench CPU |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|");
  for (const r of [off, on]) {
    const lag = r.summary.replicaLag;
    console.log(
      `| ${r.label} | ${fmt(r.ms)} ms | ${fmt(rowCount / (r.ms / 1000))} | ${mb(r.highest)} | ${lag ? mb(lag.maxLagBytes) : "—"} | ${lag ? `${fmt(lag.pausedMs)} ms (${lag.pauses}×)` : "—"} | ${fmt(r.cpuMs)} ms |`,
    );
  }
  console.log("");
  console.log(
    `throttled throughput ${((off.ms / on.ms) * 100).toFixed(0)}% of unthrottled; highest lag ${mb(on.highest)} with the ${mb(limitBytes)} limit vs ${mb(off.highest)} without`,
  );
} finally {
  await conn.close();
  await sampler.close();
  await pair.stop();
}
