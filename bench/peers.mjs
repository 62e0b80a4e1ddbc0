#!/usr/bin/env node
// athanor beside its peers, in one run on this machine (issue 21's table): the same revisions —
// N linear revisions, each `CREATE TABLE t_<id> (id bigint PRIMARY KEY, note text)` + an index
// up and `DROP TABLE` down — applied, reverted and re-run as a no-op by athanor (cold: an empty
// cache folder each run; warm: the caches of the previous run), Alembic 1.8 (cold: no
// `__pycache__` of the revision files; warm: with it), drizzle-kit migrate and node-pg-migrate,
// next to the floor: the database's own client running athanor's `upgrade --sql` script (one
// transaction per revision, bookkeeping included). Offline: `upgrade --sql` at N and at BIG
// revisions (athanor, Alembic), and `heads` / `history` at BIG (against `node -e 0` and
// `python3 -c pass`). Every command runs under /usr/bin/time: wall, CPU (user + system) and peak
// RSS of the whole process, medians of --runs runs, tools interleaved run by run so all see the
// same load.
//
// Each tool runs as its users get it, and in its other transaction mode beside it, so like
// compares with like (the `transactions` column): athanor commits each revision on its own by
// default and the whole run with `--single-transaction`; Alembic's generic env.py runs the whole
// upgrade in one transaction on PostgreSQL (`transaction_per_migration` defaults to False; the
// `=True` rows edit env.py's `configure(...)`); node-pg-migrate's `--single-transaction` defaults
// to true (`--no-single-transaction` rows); drizzle-kit `migrate` wraps every pending migration
// in one transaction (drizzle-orm's dialect `migrate`). "wall vs floor" and "fastest?" compare a
// row with the rows of the same transactions only; the one-transaction floor is psql running
// athanor's `upgrade --sql --single-transaction` script.
//
//   bash bench/peers-setup.sh      # once, as root: Alembic + drivers (Debian), node-pg-migrate
//   node bench/peers.mjs [--revisions 1000] [--big 10000] [--runs 3] [--dialects postgresql,mariadb]
//
// Needs `pnpm build`, psql and the mariadb client, PostgreSQL (ATHANOR_TEST_PG_URL) and MariaDB
// (ATHANOR_TEST_MYSQL_URL).
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { generateHistory } from "./generate-history.mjs";

const { values } = parseArgs({
  options: {
    revisions: { type: "string", default: "1000" },
    big: { type: "string", default: "10000" },
    runs: { type: "string", default: "3" },
    dialects: { type: "string", default: "postgresql,mariadb" },
  },
});
const N = Number(values.revisions);
const BIG = Number(values.big);
const RUNS = Math.max(1, Number(values.runs));
const dialects = values.dialects.split(",").filter(Boolean);
const here = fileURLToPath(new URL(".", import.meta.url));
const root = join(here, "..");
const BIN = join(root, "packages/cli/bin.js");
const PY = "/usr/bin/python3";
const peersModules = join(here, ".out/peers/node_modules");
const PG = process.env.ATHANOR_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const MY = process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";

for (const [what, ok] of [
  ["Alembic, psycopg2 and PyMySQL for /usr/bin/python3", python("import alembic, psycopg2, pymysql")],
  ["node-pg-migrate in bench/.out/peers", existsSync(join(peersModules, ".bin/node-pg-migrate"))],
]) {
  if (!ok) {
    console.error(`${what} missing: run \`bash bench/peers-setup.sh\` (as root) first`);
    process.exit(2);
  }
}

function python(code) {
  return spawnSync(PY, ["-c", code]).status === 0;
}

// --- running and timing ---------------------------------------------------------------------
const timeFile = join(mkdtempSync(join(tmpdir(), "athanor-peers-")), "time");
/** Runs a command under /usr/bin/time; throws with its output unless it exits 0. */
function timed(cmd, args, { cwd, env } = {}) {
  const run = spawnSync("/usr/bin/time", ["-f", "%e %U %S %M", "-o", timeFile, cmd, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: "1", ...env },
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  if (run.status !== 0)
    throw new Error(
      `${cmd} ${args.join(" ")} exited ${run.status}:\n${run.stderr.slice(-3000)}${run.stdout.slice(-500)}`,
    );
  const [wall, user, sys, rss] = readFileSync(timeFile, "utf8")
    .trim()
    .split("\n")
    .at(-1)
    .split(" ")
    .map(Number);
  return { wall, cpu: user + sys, rss: rss / 1024, stdout: run.stdout };
}

const results = new Map(); // "case\ttool" → [{ wall, cpu, rss }]
const transactionsOf = new Map(); // "engine label\ttool" → "one" | "per revision" (online rows)
function record(kase, tool, m) {
  const key = `${kase}\t${tool}`;
  if (!results.has(key)) results.set(key, []);
  results.get(key).push(m);
}

// --- databases --------------------------------------------------------------------------------
function psql(url, args) {
  const run = spawnSync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", url, ...args], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`psql ${args.join(" ")} failed: ${run.stderr}`);
  return run.stdout;
}
function mariadbArgs(url) {
  const u = new URL(url);
  return ["-h", u.hostname, "-P", u.port || "3306", "-u", decodeURIComponent(u.username || "root")];
}
function mariadb(url, sql, database) {
  const run = spawnSync("mariadb", [...mariadbArgs(url), ...(database ? [database] : []), "-e", sql], {
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`mariadb failed: ${run.stderr}`);
}
function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
/** A fresh, empty database on the engine; returns its URL. */
function freshDatabase(engine, name) {
  if (engine === "postgresql") {
    psql(PG, ["-c", `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
    psql(PG, ["-c", `CREATE DATABASE ${name}`]);
    return withDatabase(PG, name);
  }
  mariadb(MY, `DROP DATABASE IF EXISTS ${name}; CREATE DATABASE ${name}`);
  return withDatabase(MY, name);
}
function dropDatabase(engine, name) {
  if (engine === "postgresql") psql(PG, ["-c", `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
  else mariadb(MY, `DROP DATABASE IF EXISTS ${name}`);
}

// --- the same revisions, written for each tool -------------------------------------------------
const idOf = (i) => i.toString(16).padStart(12, "0");
const noteType = (engine) => (engine === "postgresql" ? "text" : "varchar(100)");
const upSql = (engine, i) => [
  `CREATE TABLE t_${idOf(i)} (id bigint PRIMARY KEY, note ${noteType(engine)})`,
  `CREATE INDEX t_${idOf(i)}_note ON t_${idOf(i)} (note)`,
];
const downSql = (i) => [`DROP TABLE t_${idOf(i)}`];

async function athanorProject(engine, count) {
  const dir = join(here, `.out/peers-athanor-${engine}-${count}`);
  // generateHistory's revisions are exactly these statements; a branch interval above the count
  // keeps the chain linear like the peers'
  await generateHistory({
    dir,
    count,
    branchEvery: count + 10,
    dialect: engine === "postgresql" ? "postgresql" : "mysql",
  });
  return dir;
}

/**
 * `perMigration`: env.py's `context.configure(...)` given `transaction_per_migration=True`, the
 * one edit a user makes for a transaction per revision (Alembic's default is one transaction
 * for the whole run on PostgreSQL: `transaction_per_migration=False`).
 */
function alembicProject(engine, count, perMigration = false) {
  const dir = join(here, `.out/peers-alembic-${engine}-${count}${perMigration ? "-tpm" : ""}`);
  const marker = join(dir, ".generated");
  if (existsSync(marker) && readFileSync(marker, "utf8") === String(count)) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // Alembic's own generic template (env.py, alembic.ini), as a user's `alembic init` writes it
  const init = spawnSync(PY, ["-m", "alembic", "init", "alembic"], { cwd: dir, encoding: "utf8" });
  if (init.status !== 0) throw new Error(`alembic init failed: ${init.stderr}`);
  if (perMigration) {
    const env = join(dir, "alembic/env.py");
    const text = readFileSync(env, "utf8");
    const edited = text.replace(
      "connection=connection, target_metadata=target_metadata",
      "connection=connection, target_metadata=target_metadata, transaction_per_migration=True",
    );
    if (edited === text) throw new Error("alembic's env.py template changed: no configure(...) call to edit");
    writeFileSync(env, edited);
  }
  const versions = join(dir, "alembic/versions");
  for (let i = 0; i < count; i++) {
    const lines = [
      `"""revision ${i}"""`,
      "from alembic import op",
      "",
      `revision = "${idOf(i)}"`,
      `down_revision = ${i === 0 ? "None" : `"${idOf(i - 1)}"`}`,
      "branch_labels = None",
      "depends_on = None",
      "",
      "",
      "def upgrade():",
      ...upSql(engine, i).map((s) => `    op.execute("${s}")`),
      "",
      "",
      "def downgrade():",
      ...downSql(i).map((s) => `    op.execute("${s}")`),
      "",
    ];
    writeFileSync(join(versions, `${idOf(i)}_revision_${i}.py`), lines.join("\n"));
  }
  writeFileSync(marker, String(count));
  return dir;
}
function alembicUrl(url) {
  const u = new URL(url);
  return u.protocol.startsWith("postgres")
    ? `postgresql+psycopg2://${u.username}@${u.hostname}:${u.port || 5432}${u.pathname}`
    : `mysql+pymysql://${u.username}@${u.hostname}:${u.port || 3306}${u.pathname}`;
}
function alembic(dir, args, cold) {
  if (cold) rmSync(join(dir, "alembic/versions/__pycache__"), { recursive: true, force: true });
  return timed(PY, ["-m", "alembic", ...args], { cwd: dir });
}
// the generic template reads sqlalchemy.url from alembic.ini: point it at this run's database
function alembicAt(dir, url) {
  const ini = join(dir, "alembic.ini");
  writeFileSync(
    ini,
    readFileSync(ini, "utf8").replace(/^sqlalchemy\.url = .*$/m, `sqlalchemy.url = ${alembicUrl(url)}`),
  );
}

function drizzleProject(engine, count) {
  const dir = join(here, `.out/peers-drizzle-${engine}-${count}`);
  const marker = join(dir, ".generated");
  if (existsSync(marker) && readFileSync(marker, "utf8") === String(count)) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "drizzle/meta"), { recursive: true });
  symlinkSync(join(root, "packages/drizzle/node_modules"), join(dir, "node_modules"), "dir");
  const entries = Array.from({ length: count }, (_, i) => {
    const tag = `${String(i).padStart(4, "0")}_t${i}`;
    writeFileSync(
      join(dir, "drizzle", `${tag}.sql`),
      `${upSql(engine, i).join(";\n--> statement-breakpoint\n")};\n`,
    );
    return {
      idx: i,
      version: engine === "postgresql" ? "7" : "5",
      when: 1_700_000_000_000 + i,
      tag,
      breakpoints: true,
    };
  });
  writeFileSync(
    join(dir, "drizzle/meta/_journal.json"),
    JSON.stringify({ version: "7", dialect: engine === "postgresql" ? "postgresql" : "mysql", entries }),
  );
  writeFileSync(marker, String(count));
  return dir;
}
function drizzleKit(dir, engine, url) {
  writeFileSync(
    join(dir, "drizzle.config.mjs"),
    `export default { dialect: ${JSON.stringify(engine === "postgresql" ? "postgresql" : "mysql")}, out: "./drizzle", dbCredentials: { url: ${JSON.stringify(url)} } };\n`,
  );
  return timed(join(dir, "node_modules/.bin/drizzle-kit"), ["migrate", "--config", "drizzle.config.mjs"], {
    cwd: dir,
  });
}

function nodePgMigrateProject(count) {
  const dir = join(here, `.out/peers-npm-${count}`);
  const marker = join(dir, ".generated");
  if (existsSync(marker) && readFileSync(marker, "utf8") === String(count)) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "migrations"), { recursive: true });
  writeFileSync(join(dir, "package.json"), '{"private":true,"type":"commonjs"}\n');
  for (let i = 0; i < count; i++)
    writeFileSync(
      join(dir, "migrations", `${1_700_000_000_000 + i}_revision-${i}.js`),
      `exports.up = (pgm) => {\n${upSql("postgresql", i)
        .map((s) => `  pgm.sql("${s}");`)
        .join("\n")}\n};\nexports.down = (pgm) => {\n${downSql(i)
        .map((s) => `  pgm.sql("${s}");`)
        .join("\n")}\n};\n`,
    );
  writeFileSync(marker, String(count));
  return dir;
}
function nodePgMigrate(dir, args, url) {
  return timed(
    process.execPath,
    [join(peersModules, "node-pg-migrate/bin/node-pg-migrate.js"), ...args, "--verbose", "false"],
    {
      cwd: dir,
      env: { DATABASE_URL: url },
    },
  );
}

function athanor(dir, args, url, cacheHome) {
  return timed(process.execPath, [BIN, ...args], {
    cwd: dir,
    env: { DATABASE_URL: url ?? "", XDG_CACHE_HOME: cacheHome },
  });
}
const coldCache = () => mkdtempSync(join(tmpdir(), "athanor-peers-cold-"));

// --- online: apply, no-op, revert ------------------------------------------------------------
async function online(engine) {
  const label = engine === "postgresql" ? "PostgreSQL" : "MariaDB";
  const athanorDir = await athanorProject(engine, N);
  const alembicDir = alembicProject(engine, N);
  const drizzleDir = drizzleProject(engine, N);
  const npmDir = engine === "postgresql" ? nodePgMigrateProject(N) : null;
  const warmCache = mkdtempSync(join(tmpdir(), "athanor-peers-warm-"));
  const db = `athanor_bench_peers_${engine === "postgresql" ? "pg" : "my"}`;

  // the floor: athanor's own script (one transaction per revision, bookkeeping rows included)
  const scriptUrl = freshDatabase(engine, db);
  const up = athanor(athanorDir, ["upgrade", "--sql"], scriptUrl, warmCache).stdout;
  const down = athanor(athanorDir, ["downgrade", "--sql", "head:base"], scriptUrl, warmCache).stdout;
  const upFile = join(athanorDir, "peers-up.sql");
  const downFile = join(athanorDir, "peers-down.sql");
  writeFileSync(upFile, up);
  writeFileSync(downFile, down);
  // the one-transaction floor: athanor's `--sql --single-transaction` script (PostgreSQL only:
  // MariaDB's DDL commits by itself)
  const upOneFile = join(athanorDir, "peers-up-one.sql");
  const downOneFile = join(athanorDir, "peers-down-one.sql");
  if (engine === "postgresql") {
    const one = ["--sql", "--single-transaction"];
    writeFileSync(upOneFile, athanor(athanorDir, ["upgrade", ...one], scriptUrl, warmCache).stdout);
    writeFileSync(
      downOneFile,
      athanor(athanorDir, ["downgrade", ...one, "head:base"], scriptUrl, warmCache).stdout,
    );
  }
  const client =
    engine === "postgresql"
      ? (url, file) => timed("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-f", file])
      : (url, file) => timed("sh", ["-c", `exec mariadb ${mariadbArgs(url).join(" ")} ${db} < "${file}"`]);
  const apply = `${label}: apply ${N}`;
  const revert = `${label}: revert ${N}`;
  const noop = `${label}: no-op upgrade at ${N}`;

  const pg = engine === "postgresql";
  const warm = () => warmCache;
  const athanorRuns = (extra, cache) => ({
    up: (url) => athanor(athanorDir, ["upgrade", "head", ...extra], url, cache()),
    down: (url) => athanor(athanorDir, ["downgrade", "base", ...extra], url, cache()),
  });
  const alembicRuns = (dir, cold) => ({
    before: (url) => {
      alembicAt(dir, url);
      if (!cold) alembic(dir, ["heads"], false); // writes the revision files' __pycache__
    },
    up: () => alembic(dir, ["upgrade", "head"], cold),
    down: () => alembic(dir, ["downgrade", "base"], cold),
  });
  const npmRuns = (extra) => ({
    up: (url) => nodePgMigrate(npmDir, ["up", ...extra], url),
    down: (url) => nodePgMigrate(npmDir, ["down", String(N), ...extra], url),
  });
  const floorRuns = (upScript, downScript) => ({
    up: (url) => client(url, upScript),
    down: (url) => client(url, downScript),
    noop: false,
  });
  // Each tool with the transactions it runs in: every row of the tables before this one is
  // kept, and each tool's other mode sits beside it, so like compares with like. A tool runs
  // apply, no-op (unless `noop` is false) and revert (when it has `down`), in that order.
  const tools = [
    { tool: "floor: client, tx per revision", tx: "per revision", ...floorRuns(upFile, downFile) },
    ...(pg
      ? [{ tool: "floor: client, one transaction", tx: "one", ...floorRuns(upOneFile, downOneFile) }]
      : []),
    { tool: "athanor, cold", tx: "per revision", ...athanorRuns([], coldCache) },
    { tool: "athanor, warm", tx: "per revision", ...athanorRuns([], warm) },
    ...(pg
      ? [
          {
            tool: "athanor --single-transaction, cold",
            tx: "one",
            ...athanorRuns(["--single-transaction"], coldCache),
          },
          {
            tool: "athanor --single-transaction, warm",
            tx: "one",
            ...athanorRuns(["--single-transaction"], warm),
          },
        ]
      : []),
    { tool: "Alembic 1.8, cold", tx: pg ? "one" : "—", ...alembicRuns(alembicDir, true) },
    { tool: "Alembic 1.8, warm", tx: pg ? "one" : "—", ...alembicRuns(alembicDir, false) },
    ...(pg
      ? [
          {
            tool: "Alembic 1.8 transaction_per_migration=True, cold",
            tx: "per revision",
            ...alembicRuns(alembicProject(engine, N, true), true),
          },
        ]
      : []),
    { tool: "drizzle-kit migrate", tx: pg ? "one" : "—", up: (url) => drizzleKit(drizzleDir, engine, url) },
    ...(pg
      ? [
          { tool: "node-pg-migrate", tx: "one", ...npmRuns([]) },
          {
            tool: "node-pg-migrate --no-single-transaction",
            tx: "per revision",
            ...npmRuns(["--no-single-transaction"]),
          },
        ]
      : []),
  ];
  for (const { tool, tx } of tools) transactionsOf.set(`${label}\t${tool}`, tx);
  for (let run = 0; run < RUNS; run++)
    for (const { tool, before, up, down, noop: withNoop = true } of tools) {
      process.stderr.write(`  ${label} run ${run + 1}/${RUNS}: ${tool}\n`);
      const url = freshDatabase(engine, db);
      before?.(url);
      record(apply, tool, up(url));
      if (withNoop) record(noop, tool, up(url));
      if (down) record(revert, tool, down(url));
    }
  dropDatabase(engine, db);
}

// --- offline: --sql, heads, history ------------------------------------------------------------
async function offline() {
  for (const count of [N, BIG]) {
    const athanorDir = await athanorProject("postgresql", count);
    const alembicDir = alembicProject("postgresql", count);
    alembicAt(alembicDir, PG);
    const warmCache = mkdtempSync(join(tmpdir(), "athanor-peers-warm-"));
    athanor(athanorDir, ["heads"], undefined, warmCache);
    alembic(alembicDir, ["heads"], false);
    const sql = `offline upgrade --sql, ${count}`;
    for (let run = 0; run < RUNS; run++) {
      process.stderr.write(`  offline ${count} run ${run + 1}/${RUNS}\n`);
      record(sql, "athanor, cold", athanor(athanorDir, ["upgrade", "--sql"], undefined, coldCache()));
      record(sql, "athanor, warm", athanor(athanorDir, ["upgrade", "--sql"], undefined, warmCache));
      record(sql, "Alembic 1.8, cold", alembic(alembicDir, ["upgrade", "head", "--sql"], true));
      record(sql, "Alembic 1.8, warm", alembic(alembicDir, ["upgrade", "head", "--sql"], false));
      if (count !== BIG) continue;
      for (const command of ["heads", "history"]) {
        const kase = `${command}, ${count}`;
        record(kase, "floor: node -e 0", timed(process.execPath, ["-e", "0"]));
        record(kase, "floor: python3 -c pass", timed(PY, ["-c", "pass"]));
        record(kase, "athanor, cold", athanor(athanorDir, [command], undefined, coldCache()));
        record(kase, "athanor, warm", athanor(athanorDir, [command], undefined, warmCache));
        record(kase, "Alembic 1.8, cold", alembic(alembicDir, [command], true));
        record(kase, "Alembic 1.8, warm", alembic(alembicDir, [command], false));
      }
    }
  }
}

const loadBefore = loadavg()[0];
for (const engine of dialects) await online(engine);
await offline();
const loadAfter = loadavg()[0];

// --- the table -----------------------------------------------------------------------------------
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (x) => (x >= 10 ? `${x.toFixed(1)} s` : `${x.toFixed(2)} s`);
console.log(
  `${N} revisions (${BIG} for the offline and listing rows), linear, CREATE TABLE + CREATE INDEX each; ` +
    `medians of ${RUNS} runs; node ${process.version}; load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)} on ${cpus().length} CPUs\n`,
);
// "wall vs floor" and "fastest?" compare a row with the rows of the same transactions only
console.log("| case | tool | transactions | wall | CPU | peak RSS | wall vs floor | fastest? |");
console.log("|---|---|---|---:|---:|---:|---:|---|");
const cases = [...new Set([...results.keys()].map((k) => k.split("\t")[0]))];
for (const kase of cases) {
  const rows = [...results.entries()]
    .filter(([k]) => k.startsWith(`${kase}\t`))
    .map(([k, ms]) => ({
      tool: k.split("\t")[1],
      wall: median(ms.map((m) => m.wall)),
      cpu: median(ms.map((m) => m.cpu)),
      rss: Math.max(...ms.map((m) => m.rss)),
    }));
  // each row against the floor of its own transactions (one, or one a revision)
  const txOf = (r) => transactionsOf.get(`${kase.split(":")[0]}\t${r.tool}`);
  const floors = rows.filter((r) => r.tool.startsWith("floor: client"));
  const floorOf = (r) => floors.find((f) => txOf(f) === txOf(r)) ?? floors[0];
  const tools = rows.filter((r) => !r.tool.startsWith("floor"));
  // fastest among the tools that run with the same transactions
  const bestOf = (r) => Math.min(...tools.filter((t) => txOf(t) === txOf(r)).map((t) => t.wall));
  for (const r of rows)
    console.log(
      `| ${kase} | ${r.tool} | ${txOf(r) ?? "—"} | ${s(r.wall)} | ${s(r.cpu)} | ${Math.round(r.rss)} MB | ${
        floorOf(r) && r !== floorOf(r) ? `${(r.wall / floorOf(r).wall).toFixed(2)}×` : "—"
      } | ${r.tool.startsWith("floor") ? "" : r.wall === bestOf(r) ? "fastest" : `${(r.wall / bestOf(r)).toFixed(2)}× the fastest`} |`,
    );
}
