// Where a test run's time goes, per test file: the CPU each file's worker spent (its own threads
// and the processes it spawned, from scripts/test-usage/record-file.mjs) beside the file's wall
// time from vitest's JSON report, plus what the database servers spent in the same interval.
// scripts/test.mjs writes the table to a file and prints the top of it.
import { readdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";

const TICKS = 100;
const SERVERS = new Set(["postgres", "mariadbd", "mysqld"]);

/** CPU seconds the local PostgreSQL and MariaDB servers have used (exited backends included). */
export function serverCpu() {
  let total = 0;
  let pids = [];
  try {
    pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    let stat;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue;
    }
    const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    if (!SERVERS.has(comm)) continue;
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    total += (+f[11] + +f[12]) / TICKS;
    // The postmaster reaps its backends: their CPU lands in its children's fields.
    const parent = f[1];
    let parentComm = "";
    try {
      const p = readFileSync(`/proc/${parent}/stat`, "utf8");
      parentComm = p.slice(p.indexOf("(") + 1, p.lastIndexOf(")"));
    } catch {}
    if (!SERVERS.has(parentComm)) total += (+f[13] + +f[14]) / TICKS;
  }
  return total;
}

/** CPU seconds of this process's reaped children: vitest's main process and all it spawned. */
export function reapedCpu() {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (+f[13] + +f[14]) / TICKS;
  } catch {
    return undefined;
  }
}

export function load() {
  return loadavg()
    .map((x) => x.toFixed(1))
    .join(" ");
}

/**
 * One row per test file: wall (vitest's report), cpu (worker's own + its children's, this file
 * only), the worker's start-up CPU when the file had a fresh worker, and the file's test count.
 */
export function fileRows(json, usageFile, root) {
  const usage = new Map();
  try {
    for (const line of readFileSync(usageFile, "utf8").split("\n")) {
      if (!line) continue;
      const row = JSON.parse(line);
      usage.set(row.file, row);
    }
  } catch {}
  return json.testResults.map((file) => {
    const used = usage.get(file.name);
    return {
      file: file.name.slice(root.length),
      wall: (file.endTime - file.startTime) / 1000,
      cpu: used ? used.own + used.children : undefined,
      own: used?.own,
      children: used?.children,
      workerStart: used?.workerStart,
      tests: file.assertionResults.length,
    };
  });
}

export function formatTable(rows) {
  const n = (x, d = 1) => (x === undefined ? "-" : x.toFixed(d));
  const lines = ["cpu_s\town_s\tchildren_s\twall_s\tworker_start_s\ttests\tfile"];
  for (const r of rows)
    lines.push(
      [n(r.cpu), n(r.own), n(r.children), n(r.wall), n(r.workerStart, 2), r.tests, r.file].join("\t"),
    );
  return `${lines.join("\n")}\n`;
}

export function summary(rows, { wall, total, server, loadStart, loadEnd }) {
  const sum = (key) => rows.reduce((t, r) => t + (r[key] ?? 0), 0);
  const top = [...rows].sort((a, b) => (b.cpu ?? 0) - (a.cpu ?? 0)).slice(0, 30);
  const out = ["", "Test files by CPU (seconds; cpu = the worker's own + the processes it spawned):"];
  out.push("   cpu   wall  file");
  for (const r of top)
    out.push(`${(r.cpu ?? 0).toFixed(0).padStart(6)} ${r.wall.toFixed(0).padStart(6)}  ${r.file}`);
  out.push(
    `Totals: ${rows.length} files, test CPU ${sum("cpu").toFixed(0)} s ` +
      `(own ${sum("own").toFixed(0)}, children ${sum("children").toFixed(0)}), ` +
      `worker start-up ${sum("workerStart").toFixed(0)} s, summed file wall ${sum("wall").toFixed(0)} s, ` +
      `vitest in all ${total === undefined ? "?" : total.toFixed(0)} s (main process, workers, ` +
      `what they spawned), servers ${server === undefined ? "?" : server.toFixed(0)} s, vitest wall ${wall.toFixed(0)} s, ` +
      `load ${loadStart} -> ${loadEnd}`,
  );
  return out.join("\n");
}
