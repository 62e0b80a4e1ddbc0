#!/usr/bin/env node
// `pnpm bench`: runs every benchmark in this folder one after the other and writes one table
// (markdown) to stdout and bench/.out/results.md, followed by each benchmark's own report.
// Every node process a benchmark starts is tracked for peak RSS (track-peak-rss.mjs).
//
//   node bench/run-all.mjs            the published sizes (10,000 revisions, 1,000 tables, 1M rows)
//   node bench/run-all.mjs --quick    small sizes, to check the harness in a minute
//   node bench/run-all.mjs --only graph,backfill
//
// Needs `pnpm build`, PostgreSQL 15 (ATHANOR_TEST_PG_URL), MariaDB (ATHANOR_TEST_MYSQL_URL),
// psql and the mariadb client. A benchmark that fails is shown as failed; the others still run.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, freemem, loadavg, totalmem } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { BENCHES } from "./bench-catalogue.mjs";

const { values } = parseArgs({
  options: { quick: { type: "boolean", default: false }, only: { type: "string" } },
});
const here = fileURLToPath(new URL(".", import.meta.url));
const outDir = `${here}.out`;
mkdirSync(outDir, { recursive: true });
const rssLog = `${outDir}/rss.jsonl`;
const tracker = pathToFileURL(`${here}track-peak-rss.mjs`).href;
const only = values.only?.split(",");

const summary = [];
const reports = [];
const started = Date.now();
for (const bench of BENCHES) {
  if (only && !only.some((o) => bench.name.startsWith(o))) continue;
  const args = values.quick ? bench.quick : bench.args;
  process.stderr.write(`▶ ${bench.name}: node bench/${bench.script} ${args.join(" ")}\n`);
  rmSync(rssLog, { force: true });
  const t0 = Date.now();
  const run = spawnSync(process.execPath, [`${here}${bench.script}`, ...args], {
    env: {
      ...process.env,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import=${tracker}`.trim(),
      ATHANOR_BENCH_RSS_LOG: rssLog,
      ...(values.quick ? bench.quickEnv : {}),
    },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (Date.now() - t0) / 1000;
  const rss = readRss(bench.script);
  const stdout = run.stdout ?? "";
  process.stderr.write(`  ${run.status === 0 ? "done" : `exit ${run.status}`} in ${seconds.toFixed(0)} s\n`);
  let rows;
  try {
    rows = bench.parse(stdout, rss);
  } catch (error) {
    rows = [];
    process.stderr.write(`  could not read its report: ${error.message}\n`);
  }
  // a benchmark exits 1 when it misses its target; that is a result, not a failure
  if (rows.length === 0)
    rows = [
      {
        what: bench.name,
        athanor: `failed (exit ${run.status}); see its report`,
        floor: "",
        ratio: "",
        target: "",
        queries: "",
        rss: "",
      },
    ];
  summary.push(...rows);
  reports.push(
    `### ${bench.name} (\`node bench/${bench.script} ${args.join(" ")}\`, ${seconds.toFixed(0)} s, exit ${run.status})\n\n` +
      `${stdout.trim()}\n${run.status !== 0 && run.stderr ? `\n\`\`\`\n${run.stderr.trim().split("\n").slice(-15).join("\n")}\n\`\`\`\n` : ""}`,
  );
}

const header = ["benchmark", "athanor", "floor / reference", "vs floor", "target", "queries", "peak RSS"];
const lines = [
  `# athanor benchmarks${values.quick ? " (quick sizes)" : ""}`,
  "",
  `${new Date().toISOString()} · node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? "?"} · ` +
    `${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM (${(freemem() / 2 ** 30).toFixed(0)} free at the end) · ` +
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")} at the end · ${((Date.now() - started) / 60000).toFixed(1)} min`,
  "",
  `| ${header.join(" | ")} |`,
  `|${header.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`,
  ...summary.map(
    (r) => `| ${[r.what, r.athanor, r.floor, r.ratio, r.target, r.queries, r.rss].join(" | ")} |`,
  ),
  "",
  "Peak RSS: the athanor CLI process where the benchmark runs the CLI, else the benchmark process (database work in-process).",
  "",
  "## Reports",
  "",
  ...reports,
];
const markdown = `${lines.join("\n")}\n`;
writeFileSync(`${outDir}/results.md`, markdown);
process.stdout.write(markdown);
process.stderr.write(`\nwritten to bench/.out/results.md\n`);

/** Peak RSS (MiB) of the benchmark process and the largest of the `athanor` CLI processes it started. */
function readRss(script) {
  let entries = [];
  try {
    entries = readFileSync(rssLog, "utf8")
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  } catch {}
  const mib = (kib) => kib / 1024;
  const bench = entries.filter((e) => e.script.endsWith(script)).map((e) => mib(e.maxRssKiB));
  const cli = entries.filter((e) => e.script.endsWith("bin.js"));
  const peak = (list) => (list.length ? Math.max(...list.map((e) => mib(e.maxRssKiB))) : null);
  const children = entries
    .filter((e) => !e.script.endsWith(script) && !e.script.endsWith("bin.js"))
    .map((e) => mib(e.maxRssKiB));
  return {
    bench: bench.length ? Math.max(...bench) : null,
    cliServer: peak(cli.filter((e) => e.server)),
    cliEmbedded: peak(cli.filter((e) => !e.server)),
    child: children.length ? Math.max(...children) : null,
  };
}
