#!/usr/bin/env node
// Issue 19's two-table revision (team_members: role made nullable, invited_by with ON DELETE SET
// NULL, a unique index; teams: a new default, a column added, one dropped) applied by the runner
// in the order autogenerate wrote before DifferHooks.tableAtATime (bucket order: team_members
// rebuilt twice) and in the order it writes now (each table's changes together: one rebuild
// each). Same operations, same build, same seeded file; runs alternate, CPU (user + system) of
// upgrade() in a child process, best of N. Both orders must end with the same schema and rows.
//
//   node bench/rebuild-grouped-sqlite.mjs [--members 200000] [--runs 3]
//
// Needs `pnpm build`.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { members: { type: "string", default: "200000" }, runs: { type: "string", default: "3" } },
});
const MEMBERS = Number(values.members);
const RUNS = Number(values.runs);
const root = fileURLToPath(new URL("../", import.meta.url));
const Database = createRequire(join(root, "packages/sqlite/package.json"))("better-sqlite3");
const dir = mkdtempSync(join(tmpdir(), "athanor-bench-rebuild-grouped-"));

function seed(file) {
  const db = new Database(file);
  db.exec(`CREATE TABLE "teams" ("id" integer PRIMARY KEY, "name" text NOT NULL DEFAULT ('team'), "created_at" text);
    CREATE TABLE "team_members" ("id" integer PRIMARY KEY, "team_id" integer NOT NULL REFERENCES "teams" ("id") ON DELETE CASCADE,
      "email" text NOT NULL, "role" text NOT NULL);
    WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < 1000)
      INSERT INTO teams (id, name, created_at) SELECT i, 't' || i, '2026-01-01' FROM g;
    WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < ${MEMBERS})
      INSERT INTO team_members (id, team_id, email, role) SELECT i, 1 + i % 1000, 'm' || i || '@x', 'member' FROM g;`);
  db.close();
}

// the operations as `revision --autogenerate` writes them, keyed by name; each order lists them
const OPS = {
  role: `op.alterColumn("team_members", "role", { nullable: true, existingType: "text", existingNullable: false })`,
  invitedBy: `op.addColumn("team_members", { name: "invited_by", type: "integer" })`,
  name: `op.alterColumn("teams", "name", { default: "'unnamed'", existingType: "text", existingDefault: "'team'" })`,
  slug: `op.addColumn("teams", { name: "slug", type: "text" })`,
  index: `op.createIndex("members_email_uq", "team_members", ["email"], { unique: true })`,
  key: `op.addForeignKey("members_invited_by_fk", "team_members", { columns: ["invited_by"], references: { table: "team_members", columns: ["id"] }, onDelete: "set null" })`,
  dropped: `op.dropColumn("teams", "created_at", { existing: { name: "created_at", type: "text" } })`,
};
const ORDERS = {
  bucket: ["role", "invitedBy", "name", "slug", "index", "key", "dropped"],
  grouped: ["role", "invitedBy", "key", "index", "name", "slug", "dropped"],
};

const runner = (order) => `
const { defineRevision, upgrade } = await import(${JSON.stringify(join(root, "packages/core/dist/index.js"))});
const { sqliteDialect } = await import(${JSON.stringify(join(root, "packages/sqlite/dist/index.js"))});
const revisions = [defineRevision({ id: "r1", parents: [], upgrade: (op) => { ${order.map((k) => OPS[k]).join("; ")} }, downgrade: () => undefined })];
const dialect = sqliteDialect({ file: process.argv[2] });
const before = process.cpuUsage();
const run = await upgrade({ dialect, revisions }, "heads");
const used = process.cpuUsage(before);
if (run.error) throw run.error;
console.log(JSON.stringify({ upgradeMs: (used.user + used.system) / 1000 }));
`;

function outcome(file) {
  const db = new Database(file, { readonly: true });
  try {
    return JSON.stringify({
      schema: db
        .prepare("SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'athanor%' ORDER BY name")
        .all(),
      columns: db.prepare("SELECT * FROM pragma_table_info('team_members')").all(),
      teams: db.prepare("SELECT * FROM pragma_table_info('teams')").all(),
      keys: db.prepare("SELECT * FROM pragma_foreign_key_list('team_members')").all(),
      rows: db.prepare("SELECT count(*) AS n, sum(team_id) AS s FROM team_members").get(),
    });
  } finally {
    db.close();
  }
}

try {
  const base = join(dir, "base.db");
  seed(base);
  const cpu = { bucket: [], grouped: [] };
  const ends = {};
  for (const [k, order] of Object.entries(ORDERS)) writeFileSync(join(dir, `${k}.mjs`), runner(order));
  for (let i = 0; i < RUNS; i++) {
    // alternate which order goes first, so drift in the machine's load falls on both
    for (const k of i % 2 === 0 ? ["bucket", "grouped"] : ["grouped", "bucket"]) {
      const file = join(dir, `${k}-${i}.db`);
      copyFileSync(base, file);
      const r = spawnSync(process.execPath, [join(dir, `${k}.mjs`), file], { encoding: "utf8" });
      if (r.status !== 0) throw new Error(`${k} failed: ${r.stdout}${r.stderr}`);
      cpu[k].push(JSON.parse(r.stdout.trim().split("\n").pop()).upgradeMs);
      ends[k] = outcome(file);
      rmSync(file);
    }
    if (ends.bucket !== ends.grouped)
      throw new Error(`the two orders end differently:\n${ends.bucket}\n${ends.grouped}`);
  }
  const best = (xs) => Math.min(...xs);
  process.stdout.write(
    `SQLite, issue 19's two-table revision over ${MEMBERS.toLocaleString("en")} team_members, upgrade() CPU (user+system), best of ${RUNS}, alternated; ${cpus().length} CPUs, load ${loadavg()[0].toFixed(1)}\n\n` +
      "| order | CPU | vs bucket order |\n|---|---|---|\n" +
      `| bucket order (before: team_members rebuilt twice) | ${Math.round(best(cpu.bucket))} ms | 1.00× |\n` +
      `| each table's changes together (now: one rebuild each) | ${Math.round(best(cpu.grouped))} ms | ${(best(cpu.grouped) / best(cpu.bucket)).toFixed(2)}× |\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
