#!/usr/bin/env node
// Apply and revert through the built CLI on PostgreSQL and MariaDB, cold and warm, next to the
// floor of one transaction per revision (the database's own client running the `--sql` output of
// the same revisions), with wall and CPU time (issue 21). Cold = a fresh, empty cache folder, as
// in a new container or CI job; warm = the caches a previous run left.
//
//   node bench/apply-floor.mjs [--revisions 1000] [--runs 1] [--dialects postgresql,mysql]
//                              [--compare <another checkout>]
//
// --compare runs the other checkout's built CLI (e.g. a copy of the previous build) on the same
// history, alternating with this one run by run, so before and after share one machine state.
// Needs `pnpm build`, psql and the mariadb client, and the servers at ATHANOR_TEST_PG_URL /
// ATHANOR_TEST_MYSQL_URL.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { generateHistory } from "./generate-history.mjs";

const { values } = parseArgs({
  options: {
    revisions: { type: "string", default: "1000" },
    runs: { type: "string", default: "1" },
    dialects: { type: "string", default: "postgresql,mysql" },
    compare: { type: "string" },
  },
});
const count = Number(values.revisions);
const runs = Math.max(1, Number(values.runs));
const builds = [
  { name: "this build", bin: fileURLToPath(new URL("../packages/cli/bin.js", import.meta.url)) },
];
if (values.compare) builds.unshift({ name: "compared", bin: resolve(values.compare, "packages/cli/bin.js") });
const PG = new URL(process.env.ATHANOR_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test");
const MY = new URL(process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test");
const scratch = mkdtempSync(join(tmpdir(), "athanor-apply-floor-"));
const usageFile = join(scratch, "usage.json");
const preload = fileURLToPath(new URL("report-usage.mjs", import.meta.url));
const database = "athanor_bench_apply_floor";

const servers = {
  postgresql: {
    url: () => Object.assign(new URL(PG), { pathname: `/${database}` }).toString(),
    reset() {
      const admin = PG.toString();
      run("psql", ["-X", "-q", admin, "-c", `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`]);
      run("psql", ["-X", "-q", admin, "-c", `CREATE DATABASE ${database}`]);
    },
    client: (file) =>
      run("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", servers.postgresql.url(), "-f", file]),
  },
  mysql: {
    url: () => Object.assign(new URL(MY), { pathname: `/${database}` }).toString(),
    reset() {
      mariadb(undefined, `DROP DATABASE IF EXISTS ${database}; CREATE DATABASE ${database};`);
    },
    client: (file) => mariadb(database, readFileSync(file, "utf8")),
  },
};

function run(cmd, args, input) {
  const r = spawnSync(cmd, args, { encoding: "utf8", input, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.slice(0, 3).join(" ")} failed: ${r.stderr}`);
  return r.stdout;
}

function mariadb(db, sql) {
  const args = ["-h", MY.hostname, "-P", MY.port || "3306", "-u", decodeURIComponent(MY.username || "root")];
  if (MY.password) args.push(`-p${decodeURIComponent(MY.password)}`);
  if (db) args.push(db);
  return run("mariadb", args, sql);
}

/** Wall and CPU ms of one CLI run. */
function athanor(bin, dir, args, cache, env) {
  const started = performance.now();
  const r = spawnSync(process.execPath, ["--import", preload, bin, ...args], {
    cwd: dir,
    encoding: "utf8",
    maxBuffer: 1 << 29,
    env: { ...process.env, NO_COLOR: "1", XDG_CACHE_HOME: cache, ATHANOR_BENCH_USAGE: usageFile, ...env },
  });
  const wall = performance.now() - started;
  if (r.status !== 0)
    throw new Error(`athanor ${args.join(" ")} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  return { wall, cpu: JSON.parse(readFileSync(usageFile, "utf8")).cpuMicros / 1000, stdout: r.stdout };
}

function timeFloor(fn) {
  const started = performance.now();
  fn();
  return { wall: performance.now() - started, cpu: null };
}

const best = (a, b) => (a === undefined || b.wall < a.wall ? b : a);
const rows = [];
for (const dialect of values.dialects.split(",")) {
  const server = servers[dialect];
  const dir = fileURLToPath(new URL(`.out/apply-floor-${dialect}-${count}`, import.meta.url));
  await generateHistory({ dir, count, dialect });
  const env = { DATABASE_URL: server.url() };
  process.stderr.write(`  ${dialect}: ${count} revisions\n`);

  // The floor: the SQL this build would send, one transaction per revision, by the client.
  server.reset();
  const sqlCache = mkdtempSync(join(scratch, "cache-"));
  const upFile = join(scratch, `${dialect}-up.sql`);
  const downFile = join(scratch, `${dialect}-down.sql`);
  writeFileSync(upFile, athanor(builds.at(-1).bin, dir, ["upgrade", "--sql"], sqlCache, env).stdout);
  writeFileSync(
    downFile,
    athanor(builds.at(-1).bin, dir, ["downgrade", "--sql", "heads:base"], sqlCache, env).stdout,
  );
  const measured = new Map(); // `${build}|${what}` → best { wall, cpu }
  const keep = (key, value) => measured.set(key, best(measured.get(key), value));
  for (let i = 0; i < runs; i++) {
    server.reset();
    keep(
      "floor|up",
      timeFloor(() => server.client(upFile)),
    );
    keep(
      "floor|down",
      timeFloor(() => server.client(downFile)),
    );
    for (const build of builds) {
      server.reset();
      keep(
        `${build.name}|up cold`,
        athanor(build.bin, dir, ["upgrade", "head"], mkdtempSync(join(scratch, "cache-")), env),
      );
      keep(
        `${build.name}|down cold`,
        athanor(build.bin, dir, ["downgrade", "base"], mkdtempSync(join(scratch, "cache-")), env),
      );
      const warm = mkdtempSync(join(scratch, "cache-"));
      athanor(build.bin, dir, ["heads"], warm, env); // fills the header cache
      athanor(build.bin, dir, ["upgrade", "head", "--sql"], warm, env);
      keep(`${build.name}|up warm`, athanor(build.bin, dir, ["upgrade", "head"], warm, env));
      keep(`${build.name}|down warm`, athanor(build.bin, dir, ["downgrade", "base"], warm, env));
    }
  }
  const label = dialect === "postgresql" ? "PostgreSQL" : "MariaDB";
  for (const dir of ["up", "down"]) {
    const floor = measured.get(`floor|${dir}`);
    for (const build of builds)
      for (const temp of ["cold", "warm"]) {
        const m = measured.get(`${build.name}|${dir} ${temp}`);
        rows.push([
          `${label}: ${dir === "up" ? "upgrade base → head" : "downgrade head → base"}, ${temp}${builds.length > 1 ? ` (${build.name})` : ""}`,
          m,
          floor,
        ]);
      }
  }
  server.reset();
}
rmSync(scratch, { recursive: true, force: true });

const fmt = (ms) => (ms === null ? "—" : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
console.log(
  `${count} revisions (CREATE TABLE + CREATE INDEX each), node ${process.version}, best of ${runs}; ` +
    "floor = the database client running the `--sql` output, one transaction per revision\n",
);
console.log("| run | athanor wall | athanor CPU | floor wall | vs floor |");
console.log("|---|---:|---:|---:|---:|");
for (const [name, m, floor] of rows)
  console.log(
    `| ${name} | ${fmt(m.wall)} | ${fmt(m.cpu)} | ${fmt(floor.wall)} | ${(m.wall / floor.wall).toFixed(2)}× |`,
  );
console.log(
  `\nload average while running: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(", ")} on ${cpus().length} CPUs`,
);
