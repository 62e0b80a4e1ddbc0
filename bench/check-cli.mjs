#!/usr/bin/env node
// `athanor check` through the CLI at N Drizzle tables × 15 columns (issue 21 target: ≤ 1 s cold at
// 1,000 tables on PostgreSQL and MariaDB), and `check --against migrations` at N revisions
// (target ≤ 2 s at 1,000). A project is generated under bench/.out, its schema applied with
// `revision --autogenerate` + `upgrade`, then `check` runs cold (a fresh, empty cache folder) and
// warm (the caches of a previous run). Each cell is the median wall (CPU of the CLI process);
// the machine is shared, so read the CPU figures and same-run ratios. Beside each `check` row, the
// floor of any tool (bench/floors/import-schema.mjs): Node importing the models, compiled to
// JavaScript beforehand, and nothing else. Beside each `check --against migrations` row of the
// `op.execute` history, the floor of replaying it on the server: the database's own client
// running just the revisions' DDL, one transaction per revision (PostgreSQL with
// synchronous_commit off, as athanor's replay session), in a database created and dropped around it.
//
//   node bench/check-cli.mjs [--tables 1000] [--dialects postgresql,mariadb] [--runs 3] [--revisions 1000] [--keep]
//
// Needs `pnpm build`.
import { spawnSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
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
    tables: { type: "string", default: "1000" },
    dialects: { type: "string", default: "postgresql,mariadb" },
    runs: { type: "string", default: "3" },
    revisions: { type: "string", default: "1000" },
    // keep the check projects and their databases (to profile `check` by hand afterwards)
    keep: { type: "boolean", default: false },
  },
});
const tables = Number(values.tables);
const dialects = values.dialects.split(",").filter(Boolean);
const runs = Math.max(1, Number(values.runs));
const revisions = Number(values.revisions);
const BIN = fileURLToPath(new URL("../packages/cli/bin.js", import.meta.url));
const PG = process.env.ATHANOR_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const MY = process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
const scratch = mkdtempSync(join(tmpdir(), "athanor-check-bench-"));
const usageFile = join(scratch, "usage.json");
const preload = fileURLToPath(new URL("report-usage.mjs", import.meta.url));

function pgSchema(n) {
  const out = [
    `import { sql } from "drizzle-orm";`,
    `import { bigint, boolean, char, check, doublePrecision, index, integer, jsonb, numeric, pgTable, text, timestamp, varchar } from "drizzle-orm/pg-core";`,
  ];
  for (let i = 0; i < n; i++)
    out.push(`export const t${i} = pgTable("t${i}", {
  id: bigint("id", { mode: "number" }).generatedByDefaultAsIdentity().primaryKey(),
  parentId: bigint("parent_id", { mode: "number" })${i === 0 ? "" : `.references(() => t${i - 1}.id, { onDelete: "cascade" })`},
  name: varchar("name", { length: 200 }).notNull(),
  email: text("email").notNull().unique(),
  status: text("status").notNull().default("new"),
  amount: numeric("amount", { precision: 12, scale: 2 }).default("0"),
  quantity: integer("quantity").notNull().default(1),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }),
  flags: boolean("flags").notNull().default(false),
  tags: text("tags").array(),
  meta: jsonb("meta"),
  score: doublePrecision("score"),
  code: char("code", { length: 8 }),
  note: text("note"),
}, (t) => [
  index("t${i}_name_idx").on(t.name),
  index("t${i}_lower_email_idx").on(sql\`lower(\${t.email})\`).where(sql\`\${t.note} is null\`),
  check("t${i}_quantity_check", sql\`\${t.quantity} >= 0\`),
]);`);
  return `${out.join("\n")}\n`;
}

function mysqlSchema(n) {
  const out = [
    `import { sql } from "drizzle-orm";`,
    `import { bigint, boolean, char, check, datetime, decimal, double, index, int, json, mysqlTable, text, timestamp, varchar } from "drizzle-orm/mysql-core";`,
  ];
  for (let i = 0; i < n; i++)
    out.push(`export const t${i} = mysqlTable("t${i}", {
  id: bigint("id", { mode: "number" }).autoincrement().primaryKey(),
  parentId: bigint("parent_id", { mode: "number" })${i === 0 ? "" : `.references(() => t${i - 1}.id, { onDelete: "cascade" })`},
  name: varchar("name", { length: 200 }).notNull(),
  email: varchar("email", { length: 190 }).notNull().unique(),
  status: varchar("status", { length: 20 }).notNull().default("new"),
  amount: decimal("amount", { precision: 12, scale: 2 }).default("0"),
  quantity: int("quantity").notNull().default(1),
  createdAt: timestamp("created_at").notNull().defaultNow(),
  updatedAt: datetime("updated_at"),
  flags: boolean("flags").notNull().default(false),
  tags: text("tags"),
  meta: json("meta"),
  score: double("score"),
  code: char("code", { length: 8 }),
  note: text("note"),
}, (t) => [
  index("t${i}_name_idx").on(t.name),
  index("t${i}_status_created_idx").on(t.status, t.createdAt),
  check("t${i}_quantity_check", sql\`\${t.quantity} >= 0\`),
]);`);
  return `${out.join("\n")}\n`;
}

/** Wall and CPU ms of one CLI run in `dir`; `cache` is the XDG cache folder it sees. */
function athanor(dir, args, env, cache = mkdtempSync(join(scratch, "cache-"))) {
  const started = performance.now();
  const run = spawnSync(process.execPath, ["--import", preload, BIN, ...args], {
    cwd: dir,
    encoding: "utf8",
    maxBuffer: 1 << 29,
    env: { ...process.env, NO_COLOR: "1", XDG_CACHE_HOME: cache, ATHANOR_BENCH_USAGE: usageFile, ...env },
  });
  const wall = performance.now() - started;
  if (run.status !== 0)
    throw new Error(
      `athanor ${args.join(" ")} exited ${run.status}: ${(run.stdout + run.stderr).slice(-2000)}`,
    );
  const usage = JSON.parse(readFileSync(usageFile, "utf8"));
  return { wall, cpu: usage.cpuMicros / 1000, rssMB: usage.maxRssKiB / 1024, out: run.stdout };
}

function client(dialect, sql) {
  const run =
    dialect === "postgresql"
      ? spawnSync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", PG, "-c", sql], { encoding: "utf8" })
      : spawnSync("mariadb", ["-h", "127.0.0.1", "-u", "root", "-e", sql], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`${dialect} client failed: ${run.stderr}`);
}

/** Wall ms of the server-replay floor for a history folder of `op.execute` revisions (see the header). */
function replayFloor(dialect, dir) {
  const versions = join(dir, "migrations", "versions");
  const ddl = readdirSync(versions)
    .sort()
    .map((file) => {
      const upgrade =
        /upgrade\(op\) \{([\s\S]*?)\n {2}\},/.exec(readFileSync(join(versions, file), "utf8"))?.[1] ?? "";
      return [...upgrade.matchAll(/op\.execute\("([^"]*)"\)/g)].map((m) => `${m[1]};`);
    })
    .filter((statements) => statements.length > 0);
  const script = join(scratch, `replay-${dialect}.sql`);
  writeFileSync(
    script,
    dialect === "postgresql"
      ? `SET synchronous_commit TO off;\n${ddl.map((st) => `BEGIN;\n${st.join("\n")}\nCOMMIT;`).join("\n")}\n`
      : `${ddl.flat().join("\n")}\n`,
  );
  const name = `athanor_bench_replay_floor_${process.pid}`;
  const walls = Array.from({ length: runs }, () => {
    const started = performance.now();
    const url = freshDatabase(dialect, name);
    const run =
      dialect === "postgresql"
        ? spawnSync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-f", script], { encoding: "utf8" })
        : spawnSync("mariadb", ["-h", "127.0.0.1", "-u", "root", name, "-e", `source ${script}`], {
            encoding: "utf8",
          });
    if (run.status !== 0) throw new Error(`replay floor failed: ${run.stderr}`);
    dropDatabase(dialect, name);
    return performance.now() - started;
  });
  return median(walls);
}

function freshDatabase(dialect, name) {
  if (dialect === "postgresql") {
    client(dialect, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    client(dialect, `CREATE DATABASE ${name}`);
    const url = new URL(PG);
    url.pathname = `/${name}`;
    return url.toString();
  }
  client(dialect, `DROP DATABASE IF EXISTS ${name}; CREATE DATABASE ${name}`);
  const url = new URL(MY);
  url.pathname = `/${name}`;
  return url.toString();
}
const dropDatabase = (dialect, name) =>
  client(dialect, `DROP DATABASE IF EXISTS ${name}${dialect === "postgresql" ? " WITH (FORCE)" : ""}`);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function coldAndWarm(dir, args, env) {
  const cold = Array.from({ length: runs }, () => athanor(dir, args, env));
  const cache = mkdtempSync(join(scratch, "cache-"));
  athanor(dir, args, env, cache);
  const warm = Array.from({ length: runs }, () => athanor(dir, args, env, cache));
  const pick = (xs) => ({
    wall: median(xs.map((x) => x.wall)),
    cpu: median(xs.map((x) => x.cpu)),
    rssMB: Math.max(...xs.map((x) => x.rssMB)),
  });
  return { cold: pick(cold), warm: pick(warm) };
}

/** The generated project imports `athanor` and `drizzle-orm`: linked from the workspace. */
function linkPackages(dir) {
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  const link = (name, target) => {
    rmSync(join(dir, "node_modules", name), { force: true, recursive: true });
    symlinkSync(fileURLToPath(new URL(target, import.meta.url)), join(dir, "node_modules", name));
  };
  link("athanor", "../packages/cli");
  link("drizzle-orm", "../packages/drizzle/node_modules/drizzle-orm");
}

const rows = [];
const floorLines = [];

/** Median CPU ms of Node importing the project's models compiled to JavaScript (no transpile counted). */
function schemaFloor(dir) {
  const compiled = join(dir, "schema.floor.mjs");
  const esbuild = spawnSync(
    fileURLToPath(new URL("../node_modules/.bin/esbuild", import.meta.url)),
    [join(dir, "schema.ts"), "--format=esm", `--outfile=${compiled}`, "--log-level=warning"],
    { encoding: "utf8" },
  );
  if (esbuild.status !== 0) throw new Error(`esbuild failed: ${esbuild.stderr}`);
  const script = fileURLToPath(new URL("floors/import-schema.mjs", import.meta.url));
  const cpu = Array.from({ length: runs }, () => {
    const run = spawnSync(process.execPath, ["--import", preload, script, compiled], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, ATHANOR_BENCH_USAGE: usageFile },
    });
    if (run.status !== 0) throw new Error(`import-schema failed: ${run.stderr}`);
    return JSON.parse(readFileSync(usageFile, "utf8")).cpuMicros / 1000;
  });
  rmSync(compiled, { force: true });
  return median(cpu);
}
const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const cell = (v) => `${fmt(v.wall)} (${fmt(v.cpu)})`;

for (const dialect of dialects) {
  const family = dialect === "mariadb" ? "mysql" : "postgresql";
  if (tables > 0) {
    const dir = fileURLToPath(new URL(`.out/check-${dialect}-${tables}`, import.meta.url));
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, "migrations", "versions"), { recursive: true });
    linkPackages(dir);
    writeFileSync(join(dir, "schema.ts"), family === "mysql" ? mysqlSchema(tables) : pgSchema(tables));
    writeFileSync(
      join(dir, "athanor.config.ts"),
      `import { defineConfig } from "athanor";\n\nexport default defineConfig({ dialect: "${family}", schema: "schema.ts", versions: "migrations/versions" });\n`,
    );
    const db = `athanor_bench_check_${process.pid}`;
    const env = { DATABASE_URL: freshDatabase(dialect, db) };
    try {
      process.stderr.write(`  ${dialect}: ${tables} tables, autogenerate + upgrade\n`);
      athanor(dir, ["revision", "--autogenerate", "-m", "schema"], env);
      athanor(dir, ["upgrade", "head"], env);
      process.stderr.write(`  ${dialect}: check\n`);
      const check = coldAndWarm(dir, ["check"], env);
      rows.push([`\`check\`, ${tables.toLocaleString("en")} tables × 15 columns, ${dialect}`, check]);
      floorLines.push(
        `floor of any tool, ${dialect}, ${tables.toLocaleString("en")} tables (node importing the compiled models alone): ${fmt(schemaFloor(dir))} CPU`,
      );
    } finally {
      if (values.keep) process.stderr.write(`  kept: cd ${dir} && DATABASE_URL=${env.DATABASE_URL}\n`);
      else dropDatabase(dialect, db);
    }
  }
  // Two histories of the same tables: raw SQL (`op.execute`, replayed on the server) and
  // operations as autogenerate writes them (replayed in memory when they match the database).
  for (const bodies of revisions > 0 ? ["tables", "ops"] : []) {
    const dir = fileURLToPath(
      new URL(`.out/check-migrations-${dialect}-${revisions}-${bodies}`, import.meta.url),
    );
    await generateHistory({ dir, count: revisions, dialect: family, bodies });
    linkPackages(dir);
    const db = `athanor_bench_checkm_${process.pid}`;
    const env = { DATABASE_URL: freshDatabase(dialect, db) };
    try {
      process.stderr.write(`  ${dialect}: ${revisions} revisions (${bodies}), upgrade\n`);
      athanor(dir, ["upgrade", "heads"], env);
      process.stderr.write(`  ${dialect}: check --against migrations\n`);
      const check = coldAndWarm(dir, ["check", "--against", "migrations"], env);
      const kind = bodies === "ops" ? "op.createTable/createIndex" : "op.execute";
      if (bodies === "tables")
        floorLines.push(
          `floor of a server replay, ${dialect}, ${revisions.toLocaleString("en")} op.execute revisions (the client running their DDL in a new database): ${fmt(replayFloor(dialect, dir))} wall`,
        );
      rows.push([
        `\`check --against migrations\`, ${revisions.toLocaleString("en")} revisions (${kind}), ${dialect}`,
        check,
      ]);
    } finally {
      dropDatabase(dialect, db);
    }
  }
}
rmSync(scratch, { recursive: true, force: true });

console.log(
  `athanor check through the CLI, node ${process.version}, median of ${runs}; wall (CPU of the CLI process)\n`,
);
console.log("| measurement | cold | warm | peak RSS |");
console.log("|---|---:|---:|---:|");
for (const [name, v] of rows)
  console.log(
    `| ${name} | ${cell(v.cold)} | ${cell(v.warm)} | ${Math.round(Math.max(v.cold.rssMB, v.warm.rssMB))} MB |`,
  );
if (floorLines.length > 0) console.log(`\n${floorLines.join("\n")}`);
console.log(
  `\nload average: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(", ")} on ${cpus().length} CPUs`,
);
