#!/usr/bin/env node
// `athanor check` on SQLite at N tables (issue 19: under 0.5 s at 1,000): N drizzle sqliteTable
// models (an integer primary key, a text column with a default, a foreign key to the previous
// table ON DELETE CASCADE, an index) against a database file holding the same schema. Prints the
// CPU time (user + system, not wall: the machine is shared) of
// 1. each phase in one process, as `athanor check` runs them: loading athanor, loading the models,
//    reading them into a SchemaModel, introspecting the live file, canonicalising the models
//    through an in-memory SQLite, the property audit and constraint names, diffing (an empty diff
//    is checked);
// 2. the whole CLI process (`athanor check`), and the same for a one-table project (start-up floor).
//
//   node bench/check-sqlite.mjs [--tables 1000] [--runs 3]
//
// Needs `pnpm build`.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { tables: { type: "string", default: "1000" }, runs: { type: "string", default: "3" } },
});
const N = Number(values.tables);
const RUNS = Number(values.runs);
const root = fileURLToPath(new URL("../", import.meta.url));
const Database = createRequire(join(root, "packages/sqlite/package.json"))("better-sqlite3");

/** A project folder with `n` tables as models and in app.db. */
function project(n) {
  const dir = mkdtempSync(join(tmpdir(), "athanor-bench-check-sqlite-"));
  symlinkSync(join(root, "packages/cli/node_modules"), join(dir, "node_modules"), "dir");
  let models = 'import { sqliteTable, integer, text, index } from "drizzle-orm/sqlite-core";\n';
  let sql = "";
  for (let i = 0; i < n; i++) {
    const ref = i === 0 ? "" : `.references(() => t${i - 1}.id, { onDelete: "cascade" })`;
    models += `export const t${i} = sqliteTable("t${i}", { id: integer("id").primaryKey(), name: text("name").notNull().default("x"), parentId: integer("parent_id")${ref} }, (t) => [index("t${i}_name_idx").on(t.name)]);\n`;
    sql += `CREATE TABLE "t${i}" ("id" integer PRIMARY KEY NOT NULL, "name" text DEFAULT 'x' NOT NULL, "parent_id" integer${i === 0 ? "" : ` REFERENCES "t${i - 1}"("id") ON DELETE cascade`});\nCREATE INDEX "t${i}_name_idx" ON "t${i}" ("name");\n`;
  }
  writeFileSync(join(dir, "schema.mjs"), models);
  const db = new Database(join(dir, "app.db"));
  db.exec(sql);
  db.close();
  writeFileSync(
    join(dir, "athanor.config.ts"),
    'import { defineConfig } from "athanor";\nexport default defineConfig({ url: "file:./app.db", schema: "schema.mjs" });\n',
  );
  mkdirSync(join(dir, "migrations/versions"), { recursive: true });
  return dir;
}

// The CLI's pipeline (readModels + autogenerate in @athanor/drizzle and @athanor/autogenerate), one
// step at a time: the live file is read first, the models are built in an in-memory SQLite, the
// live keys take the models' names (SQLite constraint names are labels), then the diff.
const phases = `
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const t = [["start", cpu()]];
const dz = await import(${JSON.stringify(join(root, "packages/drizzle/dist/index.js"))});
const ag = await import(${JSON.stringify(join(root, "packages/autogenerate/dist/index.js"))});
const sq = await import(${JSON.stringify(join(root, "packages/sqlite/dist/index.js"))});
t.push(["load athanor", cpu()]);
const exports = dz.collectDrizzleSchema([await import(process.cwd() + "/schema.mjs")]);
t.push(["load the models", cpu()]);
const module = sq.sqliteDialectModule;
const model = dz.drizzleModelFor(exports, { module }, undefined);
t.push(["models → SchemaModel", cpu()]);
const live = await sq.openSqliteConnection("app.db");
const read = await module.introspect(live, { schemas: ["main"], versionTable: "athanor_version" });
t.push(["introspect the file", cpu()]);
const scratch = await sq.openSqliteConnection(":memory:");
const options = { hooks: sq.sqliteDifferHooks, area: sq.sqliteScratchArea, scratch, render: (op) => sq.renderSqlite(op), introspect: (c, s) => module.introspect(c, { schemas: s.schemas }) };
const canonical = await ag.canonicalizeUnsettled(model, options);
t.push(["canonicalise (in-memory SQLite)", cpu()]);
const pair = await ag.settleCheckExpressionsOfBoth(canonical, read, options, { desiredSettled: false });
dz.auditModelProperties(exports, model, canonical);
const named = ag.adoptConstraintNames(pair.desired, pair.live);
t.push(["audit, adopt constraint names", cpu()]);
const { diff } = ag.autogenerate({ desired: pair.desired, live: named, dialect: { hooks: module.differHooks("sqlite") } });
t.push(["diff", cpu()]);
if (diff.operations.length !== 0) throw new Error(\`the models and the file differ: \${diff.operations.length} operations\`);
console.log(JSON.stringify(t.slice(1).map(([k, v], i) => [k, v - t[i][1]])));
`;
const exitCpu = join(tmpdir(), `athanor-bench-exit-cpu-${process.pid}.cjs`);
writeFileSync(
  exitCpu,
  'process.on("exit", () => { const u = process.cpuUsage(); process.stderr.write("\\nCPU_MS " + (u.user + u.system) / 1000 + "\\n"); });\n',
);
function cliCpu(dir) {
  const r = spawnSync(process.execPath, ["--require", exitCpu, join(root, "packages/cli/bin.js"), "check"], {
    cwd: dir,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`athanor check failed: ${r.stdout}${r.stderr}`);
  return Number(/CPU_MS ([\d.]+)/.exec(r.stderr)?.[1]);
}
function phaseCpu(dir) {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", phases], {
    cwd: dir,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split("\n").pop());
}

const big = project(N);
const one = project(1);
try {
  const runs = Array.from({ length: RUNS }, () => phaseCpu(big));
  const best = runs[0].map(([k], i) => [k, Math.min(...runs.map((r) => r[i][1]))]);
  const cli = Math.min(...Array.from({ length: RUNS }, () => cliCpu(big)));
  const floor = Math.min(...Array.from({ length: RUNS }, () => cliCpu(one)));
  const ms = (v) => `${Math.round(v)} ms`;
  process.stdout.write(
    `athanor check on SQLite, ${N} tables, CPU (user+system), best of ${RUNS}; ${cpus().length} CPUs, load ${loadavg()[0].toFixed(1)}\n\n| phase | CPU |\n|---|---|\n`,
  );
  for (const [k, v] of best) process.stdout.write(`| ${k} | ${ms(v)} |\n`);
  const work = best.slice(1).reduce((a, [, v]) => a + v, 0);
  process.stdout.write(`| **check's work (all but loading athanor)** | **${ms(work)}** |\n\n`);
  process.stdout.write(
    `whole CLI process: ${ms(cli)} at ${N} tables, ${ms(floor)} at one table (start-up), so ${ms(cli - floor)} for the ${N} tables\n`,
  );
} finally {
  for (const dir of [big, one]) rmSync(dir, { recursive: true, force: true });
  rmSync(exitCpu, { force: true });
}
