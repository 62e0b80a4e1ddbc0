#!/usr/bin/env node
// Fleet benchmark (issue 20): T tenants × R revisions (a table and an index each, and every fifth
// a small backfill of the tenant's rows), applied three ways on one server:
//   1. `athanor upgrade --fleet --concurrency C` (one process, pooled sessions);
//   2. a shell loop running `athanor upgrade` once per tenant (one process each);
//   3. the floor: the same SQL (`athanor upgrade --sql`, bookkeeping included) piped through one
//      psql / mariadb client session, tenant after tenant.
// Then the no-op fleet run at head. PostgreSQL: tenants are schemas of one database; MariaDB:
// databases of one server. Reports wall time, the fleet process's CPU time and peak RSS.
//
//   node bench/fleet.mjs [--engine postgres|mariadb] [--tenants T] [--revisions 20] [--concurrency 8] [--loop-sample N]
//   ATHANOR_BENCH_FLEET_FULL=1 node bench/fleet.mjs            500 schemas (PostgreSQL) / 100 databases (MariaDB)
//
// The default size is modest (40 schemas, 20 databases) so `pnpm bench` stays short on a shared
// machine. --loop-sample N times the per-tenant loop on N tenants and scales it to T (said so in
// the report). Needs `pnpm run build`, psql and the mariadb client.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const full = process.env.ATHANOR_BENCH_FLEET_FULL === "1";
const { values } = parseArgs({
  options: {
    engine: { type: "string", default: "postgres" },
    tenants: { type: "string" },
    revisions: { type: "string", default: "20" },
    concurrency: { type: "string", default: "8" },
    "loop-sample": { type: "string" },
  },
});
const engine = values.engine;
if (engine !== "postgres" && engine !== "mariadb") throw new Error("--engine is postgres or mariadb");
const pg = engine === "postgres";
const tenants = Number(values.tenants ?? (pg ? (full ? 500 : 40) : full ? 100 : 20));
const revisions = Number(values.revisions);
const concurrency = Number(values.concurrency);
const loopSample = Math.min(tenants, Number(values["loop-sample"] ?? (tenants > 100 ? 50 : tenants)));
const BIN = fileURLToPath(new URL("../packages/cli/bin.js", import.meta.url));
const USAGE = pathToFileURL(fileURLToPath(new URL("report-usage.mjs", import.meta.url))).href;
const PG_SERVER = process.env.ATHANOR_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const MY_SERVER = process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
const dir = fileURLToPath(new URL(`.out/fleet-${engine}-${tenants}x${revisions}`, import.meta.url));
const names = Array.from({ length: tenants }, (_, i) => `bench_fleet_${String(i).padStart(4, "0")}`);

// ---- the history: plain .mjs revision files, the same ops on both engines
rmSync(dir, { recursive: true, force: true });
mkdirSync(join(dir, "migrations/versions"), { recursive: true });
writeFileSync(join(dir, "package.json"), "{}\n");
for (let n = 1; n <= revisions; n++) {
  const id = `r${String(n).padStart(3, "0")}`;
  const parent = n === 1 ? "[]" : `["r${String(n - 1).padStart(3, "0")}"]`;
  const body =
    n === 1
      ? `op.createTable("accounts", { columns: [{ name: "id", type: "integer", nullable: false }, { name: "email", type: "varchar(200)" }, { name: "note", type: "varchar(200)" }], primaryKey: ["id"] });
    op.execute("INSERT INTO accounts (id, email) VALUES (1, 'A@x.io'), (2, 'B@x.io'), (3, 'C@x.io'), (4, 'D@x.io'), (5, 'E@x.io')");`
      : n % 5 === 0
        ? `await op.backfill({ table: "accounts", set: { note: "lower(email)" }, where: "note IS NULL OR note <> lower(email)", batchSize: 100 });`
        : `op.createTable("t_${id}", { columns: [{ name: "id", type: "integer", nullable: false }, { name: "v", type: "varchar(100)" }], primaryKey: ["id"] });
    op.createIndex("t_${id}_v", "t_${id}", ["v"]);`;
  writeFileSync(
    join(dir, "migrations/versions", `${id}.mjs`),
    `const defineRevision = (d) => d;
export default defineRevision({
  id: "${id}", parents: ${parent}, message: "${id}",
  async upgrade(op) {
    ${body}
  },
  downgrade() {},
});
`,
  );
}

// ---- the server and tenants
function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, ...options });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.slice(0, 4).join(" ")} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}
const withPath = (server, path, query = "") => {
  const url = new URL(server);
  url.pathname = `/${path}`;
  url.search = query;
  return url.toString();
};
const database = "athanor_bench_fleet";
const serverUrl = pg ? withPath(PG_SERVER, database) : MY_SERVER;
function sqlClient(url, input) {
  if (pg) return run("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", url], { input });
  const u = new URL(url);
  const args = ["-h", u.hostname, "-P", u.port || "3306", "-u", decodeURIComponent(u.username || "root")];
  if (u.password) args.push(`-p${decodeURIComponent(u.password)}`);
  const db = u.pathname.slice(1);
  return run("mariadb", [...args, ...(db ? [db] : [])], { input });
}
function resetTenants() {
  if (pg) {
    run("psql", ["-X", "-q", PG_SERVER, "-c", `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`]);
    run("psql", ["-X", "-q", PG_SERVER, "-c", `CREATE DATABASE ${database}`]);
    sqlClient(serverUrl, names.map((n) => `CREATE SCHEMA ${n};`).join("\n"));
  } else {
    sqlClient(MY_SERVER, names.map((n) => `DROP DATABASE IF EXISTS ${n}; CREATE DATABASE ${n};`).join("\n"));
  }
}
const config = (body) =>
  writeFileSync(join(dir, "athanor.config.mjs"), `export default ${JSON.stringify(body, null, 2)};\n`);
const fleetConfig = () =>
  config({
    url: serverUrl,
    fleets: {
      bench: {
        schemas: {
          query: pg
            ? "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'bench\\_fleet\\_%' ORDER BY 1"
            : "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'bench\\_fleet\\_%' ORDER BY 1",
        },
      },
    },
  });

/** Runs the CLI; returns wall ms, and CPU ms and peak RSS MB of that process. */
function cli(args, env = {}) {
  const usage = join(dir, "usage.json");
  rmSync(usage, { force: true });
  const started = performance.now();
  const r = spawnSync(process.execPath, [`--import=${USAGE}`, BIN, ...args], {
    cwd: dir,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, ATHANOR_BENCH_USAGE: usage, ATHANOR_NO_CACHE: "1", NO_COLOR: "1", ...env },
  });
  const wallMs = performance.now() - started;
  if (r.status !== 0)
    throw new Error(`athanor ${args.join(" ")} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  const u = JSON.parse(readFileSync(usage, "utf8"));
  return { wallMs, cpuMs: u.cpuMicros / 1000, rssMb: u.maxRssKiB / 1024, stdout: r.stdout };
}

// ---- 1. the fleet
resetTenants();
fleetConfig();
const fleet = cli(["upgrade", "--fleet", "--concurrency", String(concurrency), "--json"]);
const counts = JSON.parse(fleet.stdout).counts;
if (counts.changed !== tenants) throw new Error(`fleet run changed ${counts.changed} of ${tenants} tenants`);
const noop = cli(["upgrade", "--fleet", "--concurrency", String(concurrency), "--json"]);
if (JSON.parse(noop.stdout).counts.unchanged !== tenants) throw new Error("the no-op run changed something");

// ---- 2. one `athanor upgrade` per tenant, as a shell loop would
resetTenants();
let loopMs = 0;
let loopCpuMs = 0;
for (const name of names.slice(0, loopSample)) {
  config(
    pg
      ? { url: withPath(PG_SERVER, database, `?search_path=${name}`), versionTable: { schema: name } }
      : { url: withPath(MY_SERVER, name) },
  );
  const one = cli(["upgrade"]);
  loopMs += one.wallMs;
  loopCpuMs += one.cpuMs;
}
const loopScaled = (loopMs * tenants) / loopSample;

// ---- 3. the floor: the same SQL through one client session
resetTenants();
config({ url: pg ? withPath(PG_SERVER, database) : withPath(MY_SERVER, names[0]) });
const script = run(process.execPath, [BIN, "upgrade", "--sql"], {
  cwd: dir,
  env: { ...process.env, NO_COLOR: "1" },
});
const input = names.map((n) => `${pg ? `SET search_path TO ${n};` : `USE ${n};`}\n${script}`).join("\n");
const floorStarted = performance.now();
sqlClient(serverUrl, input);
const floorMs = performance.now() - floorStarted;

// ---- report
const s = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const what = pg ? `${tenants} PostgreSQL schemas` : `${tenants} MariaDB databases`;
const load = loadavg()
  .map((l) => l.toFixed(1))
  .join(" ");
process.stdout.write(`${what} × ${revisions} revisions (${cpus().length} CPUs, load ${load})

| measurement | wall | CPU (athanor process) | peak RSS | per tenant |
|---|---|---|---|---|
| upgrade --fleet --concurrency ${concurrency} | ${s(fleet.wallMs)} | ${s(fleet.cpuMs)} | ${fleet.rssMb.toFixed(0)} MB | ${s(fleet.wallMs / tenants)} |
| shell loop of athanor upgrade${loopSample < tenants ? ` (${loopSample} timed, scaled to ${tenants})` : ""} | ${s(loopScaled)} | ${s((loopCpuMs * tenants) / loopSample)} (all processes) | — | ${s(loopMs / loopSample)} |
| same SQL through ${pg ? "psql" : "mariadb"}, one session | ${s(floorMs)} | — | — | ${s(floorMs / tenants)} |
| no-op upgrade --fleet at head | ${s(noop.wallMs)} | ${s(noop.cpuMs)} | ${noop.rssMb.toFixed(0)} MB | ${s(noop.wallMs / tenants)} |

fleet / loop: ${(fleet.wallMs / loopScaled).toFixed(2)}× (target ≤ 0.5×)
fleet / floor: ${(fleet.wallMs / floorMs).toFixed(2)}× (target ≤ 1.5×)
peak RSS: ${fleet.rssMb.toFixed(0)} MB (target < 300 MB); no-op at head: ${s(noop.wallMs)} (target < 2 s)
`);
resetTenantsAfter();

function resetTenantsAfter() {
  if (pg) run("psql", ["-X", "-q", PG_SERVER, "-c", `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`]);
  else sqlClient(MY_SERVER, names.map((n) => `DROP DATABASE IF EXISTS ${n};`).join("\n"));
}
