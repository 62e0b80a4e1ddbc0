#!/usr/bin/env node
// Batched backfill benchmark (issue 6 target: at least half the throughput of one UPDATE of the
// same rows, and no batch holding its row locks for more than 200 ms). Fills a column of
// 1,000,000 rows in batches of 10,000 through `upgrade()` with `op.backfill`, next to a single
// `UPDATE` of the same rows, on a freshly vacuumed table each time, in a scratch database.
//
//   node bench/backfill-postgres.mjs [--rows 1000000] [--batch 10000]
//   ATHANOR_TEST_PG_URL=postgres://user@host:5432/db node bench/backfill-postgres.mjs
//
// Needs `pnpm run build` first (it imports the built packages).
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { rows: { type: "string", default: "1000000" }, batch: { type: "string", default: "10000" } },
});
const rowCount = Number(values.rows);
const batchSize = Number(values.batch);

const core = await import(new URL("../packages/core/dist/index.js", import.meta.url).href);
const { postgresDialect } = await import(new URL("../packages/postgres/dist/index.js", import.meta.url).href);
const { default: postgres } = await import(
  new URL("../packages/postgres/node_modules/postgres/src/index.js", import.meta.url).href
);

const baseUrl = process.env.ATHANOR_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const dbName = `athanor_bench_backfill_${process.pid}`;
const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`CREATE DATABASE "${dbName}"`);
const url = new URL(baseUrl);
url.pathname = `/${dbName}`;
const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });

const fresh = async () => {
  await sql.unsafe("UPDATE items SET b = NULL WHERE b IS NOT NULL");
  await sql.unsafe("VACUUM ANALYZE items");
};

try {
  await sql.unsafe("CREATE TABLE items (id bigint PRIMARY KEY, a int NOT NULL, b int)");
  await sql.unsafe(`INSERT INTO items SELECT g, g % 1000 FROM generate_series(1, ${rowCount}) g`);
  await sql.unsafe("VACUUM ANALYZE items");

  // one UPDATE of every row: the throughput ceiling, holding every row lock until it commits
  let t0 = performance.now();
  await sql.unsafe("UPDATE items SET b = a + 1 WHERE b IS NULL");
  const singleMs = performance.now() - t0;
  await fresh();

  const progress = [];
  const revisions = [
    core.defineRevision({
      id: "bench1",
      parents: [],
      message: "backfill",
      async upgrade(op) {
        await op.backfill({ table: "items", set: { b: "a + 1" }, where: "b IS NULL", batchSize });
      },
      downgrade() {},
    }),
  ];
  t0 = performance.now();
  const run = await core.upgrade({
    dialect: postgresDialect({ url: url.toString() }),
    revisions,
    onProgress: (e) => e.type === "backfill-progress" && progress.push(e),
  });
  const backfillMs = performance.now() - t0;
  if (run.error) throw new Error(run.error.message);
  const [{ n }] = await sql.unsafe("SELECT count(*)::int AS n FROM items WHERE b = a + 1");
  if (n !== rowCount) throw new Error(`backfill left ${rowCount - n} rows undone`);

  const longest = Math.max(...progress.map((e) => e.lastBatchMs));
  if (process.env.BENCH_VERBOSE)
    console.log(progress.map((e, i) => `${i}:${Math.round(e.lastBatchMs)}`).join(" "));
  const sorted = progress.map((e) => e.lastBatchMs).sort((x, y) => x - y);
  const p50 = sorted[Math.floor(sorted.length / 2)];
  const singleRate = rowCount / (singleMs / 1000);
  const backfillRate = rowCount / (backfillMs / 1000);
  const ratio = backfillRate / singleRate;
  const fmt = (v) => Math.round(v).toLocaleString("en-US");
  console.log(
    `${fmt(rowCount)} rows, batches of ${fmt(batchSize)} (${progress.length} batches), PostgreSQL ${(await sql.unsafe("SHOW server_version"))[0].server_version}`,
  );
  console.log("");
  console.log("| method | total | rows/s | longest lock hold | median batch |");
  console.log("|---|---:|---:|---:|---:|");
  console.log(
    `| single UPDATE | ${fmt(singleMs)} ms | ${fmt(singleRate)} | ${fmt(singleMs)} ms (all rows) | — |`,
  );
  console.log(
    `| op.backfill | ${fmt(backfillMs)} ms | ${fmt(backfillRate)} | ${fmt(longest)} ms | ${fmt(p50)} ms |`,
  );
  console.log("");
  const okRate = ratio >= 0.5;
  const okLock = longest <= 200;
  console.log(
    `throughput ${(ratio * 100).toFixed(0)}% of the single UPDATE (target ≥ 50%): ${okRate ? "ok" : "MISSED"}`,
  );
  console.log(`longest batch ${fmt(longest)} ms (target ≤ 200 ms): ${okLock ? "ok" : "MISSED"}`);
  process.exitCode = okRate && okLock ? 0 : 1;
} finally {
  await sql.end();
  await admin.unsafe(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await admin.end();
}
