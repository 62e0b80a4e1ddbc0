// Preloaded (`node -r`) into the Node sides of apply-sqlite.mjs --exec-time: sums the time spent
// inside better-sqlite3's Database#exec (SQLite's own work and the syncs of each COMMIT) and
// appends it, in ms, to the file ATHANOR_BENCH_EXEC_TIME_FILE names. Comparing the sides says
// whether the gap between two of them lies inside SQLite's calls or in the JavaScript between them.
const { appendFileSync } = require("node:fs");
const { createRequire } = require("node:module");

const out = process.env.ATHANOR_BENCH_EXEC_TIME_FILE;
const Database = createRequire(process.env.ATHANOR_BENCH_SQLITE_PACKAGE)("better-sqlite3");
const exec = Database.prototype.exec;
let ns = 0n;
Database.prototype.exec = function timedExec(sql) {
  const t0 = process.hrtime.bigint();
  try {
    return exec.call(this, sql);
  } finally {
    ns += process.hrtime.bigint() - t0;
  }
};
process.on("exit", () => appendFileSync(out, `${Number(ns) / 1e6}\n`));
