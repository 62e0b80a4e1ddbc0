// Preloaded (`node -r`) into the Node sides of apply-sqlite.mjs --exec-time: sums the time spent
// inside better-sqlite3's Database#exec (SQLite's own work and the syncs of each COMMIT), in all
// and by the kind of statement, and appends one JSON line per run to the file
// ATHANOR_BENCH_EXEC_TIME_FILE names. Comparing the sides says whether the gap between two of them
// lies inside SQLite's calls or in the JavaScript between them, and which statements it is in.
// Beside each wall sum it keeps the process's CPU time (user + system, process.cpuUsage) spent in
// the same calls: on a loaded machine the wall sums take in the waits for a core, the CPU sums
// much less (they still count V8's helper threads while they run beside a call).
const { appendFileSync } = require("node:fs");
const { createRequire } = require("node:module");

const out = process.env.ATHANOR_BENCH_EXEC_TIME_FILE;
const Database = createRequire(process.env.ATHANOR_BENCH_SQLITE_PACKAGE)("better-sqlite3");
const exec = Database.prototype.exec;
/** What a statement is, by its text: athanor's bookkeeping by the tables it names. */
const kindOf = (sql) => {
  if (/^BEGIN\b/i.test(sql)) return sql.includes("COMMIT") ? "whole" : "begin";
  if (/\bCOMMIT;?$/i.test(sql)) return "commit";
  const row = /^(?:INSERT|UPDATE|DELETE)\b/i.test(sql);
  if (row && sql.includes('"athanor_version_history"')) return "history";
  if (row && sql.includes('"athanor_version"')) return "version";
  return "revision";
};
const ns = { begin: 0n, revision: 0n, version: 0n, history: 0n, commit: 0n, whole: 0n };
const cpuUs = { begin: 0, revision: 0, version: 0, history: 0, commit: 0, whole: 0 };
Database.prototype.exec = function timedExec(sql) {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  try {
    return exec.call(this, sql);
  } finally {
    const kind = kindOf(sql);
    ns[kind] += process.hrtime.bigint() - t0;
    const cpu = process.cpuUsage(cpu0);
    cpuUs[kind] += cpu.user + cpu.system;
  }
};
process.on("exit", () => {
  const ms = Object.fromEntries(Object.entries(ns).map(([kind, n]) => [kind, Number(n) / 1e6]));
  const total = Object.values(ms).reduce((sum, m) => sum + m, 0);
  const cpu = Object.fromEntries(Object.entries(cpuUs).map(([kind, us]) => [kind, us / 1e3]));
  const cpuTotal = Object.values(cpu).reduce((sum, m) => sum + m, 0);
  appendFileSync(out, `${JSON.stringify({ total, ...ms, cpu: { total: cpuTotal, ...cpu } })}\n`);
});
