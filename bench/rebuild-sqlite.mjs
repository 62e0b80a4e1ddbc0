#!/usr/bin/env node
// A SQLite table rebuild at 1,000,000 rows (issue 19: within 1.2× of the hand-written
// move-and-copy in the sqlite3 shell). The same file — `items` (id, name, n) with an index on n,
// and `item_tags` referencing it ON DELETE CASCADE — is copied twice; one copy gets the change
// (a new default for `name`: a rebuild) from `athanor upgrade`'s runner, the other the
// move-and-copy a person would type into the sqlite3 shell (foreign keys off, BEGIN, CREATE,
// INSERT … SELECT, DROP, RENAME, CREATE INDEX, PRAGMA foreign_key_check, COMMIT). Prints CPU time
// (user + system, not wall: the machine is shared), best of N, for the shell, for the runner's
// upgrade() in its process, and for that whole process (node start-up and loading athanor
// included), and checks both files end the same (rows, children, schema).
//
//   node bench/rebuild-sqlite.mjs [--rows 1000000] [--runs 3]
//
// Needs `pnpm build` and the sqlite3 shell. The shell links the system's SQLite; better-sqlite3
// bundles its own (the version of each is printed).
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { rows: { type: "string", default: "1000000" }, runs: { type: "string", default: "3" } },
});
const ROWS = Number(values.rows);
const RUNS = Number(values.runs);
const root = fileURLToPath(new URL("../", import.meta.url));
const Database = createRequire(join(root, "packages/sqlite/package.json"))("better-sqlite3");
const dir = mkdtempSync(join(tmpdir(), "athanor-bench-rebuild-sqlite-"));

const ITEMS = (name, dflt) =>
  `CREATE TABLE "${name}" ("id" integer NOT NULL, "name" text NOT NULL DEFAULT (${dflt}), "n" integer, CONSTRAINT "items_pkey" PRIMARY KEY ("id"))`;

function seed(file) {
  const db = new Database(file);
  db.exec(`${ITEMS("items", "'x'")};
    CREATE INDEX "items_n_idx" ON "items" ("n");
    CREATE TABLE "item_tags" ("id" integer PRIMARY KEY, "item_id" integer REFERENCES "items" ("id") ON DELETE CASCADE);
    WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < ${ROWS})
      INSERT INTO items (id, name, n) SELECT i, 'item ' || i, i % 1000 FROM g;
    WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < 1000)
      INSERT INTO item_tags (id, item_id) SELECT i, i * 7 FROM g;`);
  db.close();
}

const shellScript = `PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;
${ITEMS("items_new", "'y'")};
INSERT INTO "items_new" ("id", "name", "n") SELECT "id", "name", "n" FROM "items";
DROP TABLE "items";
ALTER TABLE "items_new" RENAME TO "items";
CREATE INDEX "items_n_idx" ON "items" ("n");
PRAGMA foreign_key_check;
COMMIT;
`;

const runner = `
const { defineRevision, upgrade } = await import(${JSON.stringify(join(root, "packages/core/dist/index.js"))});
const { sqliteDialect } = await import(${JSON.stringify(join(root, "packages/sqlite/dist/index.js"))});
const revisions = [defineRevision({ id: "r1", parents: [], upgrade: (op) => op.alterColumn("items", "name", { default: "'y'" }), downgrade: () => undefined })];
const dialect = sqliteDialect({ file: process.argv[2] });
const before = process.cpuUsage();
const run = await upgrade({ dialect, revisions }, "heads");
const used = process.cpuUsage(before);
if (run.error) throw run.error;
console.log(JSON.stringify({ upgradeMs: (used.user + used.system) / 1000 }));
`;

/** CPU (user + system) of a child process, from GNU time. */
function timed(command, args, input) {
  const r = spawnSync("/usr/bin/time", ["-f", "CPU %U %S", command, ...args], { input, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${command} failed: ${r.stdout}${r.stderr}`);
  const [, user, system] = /CPU ([\d.]+) ([\d.]+)/.exec(r.stderr) ?? [];
  return { cpuMs: (Number(user) + Number(system)) * 1000, stdout: r.stdout };
}

function outcome(file) {
  const db = new Database(file, { readonly: true });
  try {
    return JSON.stringify({
      schema: db
        .prepare(
          "SELECT name, sql FROM sqlite_schema WHERE name NOT LIKE 'athanor%' AND name NOT LIKE 'sqlite%' ORDER BY name",
        )
        .all(),
      items: db.prepare("SELECT count(*) AS n, sum(n) AS s FROM items").get(),
      tags: db.prepare("SELECT count(*) AS n FROM item_tags").get(),
    }).replaceAll('"items_new"', '"items"');
  } finally {
    db.close();
  }
}

try {
  const base = join(dir, "base.db");
  seed(base);
  const runnerFile = join(dir, "runner.mjs");
  writeFileSync(runnerFile, runner);
  const shell = [];
  const upgradeCpu = [];
  const processCpu = [];
  for (let i = 0; i < RUNS; i++) {
    const byShell = join(dir, `shell-${i}.db`);
    const byAthanor = join(dir, `athanor-${i}.db`);
    copyFileSync(base, byShell);
    copyFileSync(base, byAthanor);
    shell.push(timed("sqlite3", ["-bail", byShell], shellScript).cpuMs);
    const run = timed(process.execPath, [runnerFile, byAthanor]);
    processCpu.push(run.cpuMs);
    upgradeCpu.push(JSON.parse(run.stdout.trim().split("\n").pop()).upgradeMs);
    const [a, b] = [outcome(byShell), outcome(byAthanor)];
    if (a !== b) throw new Error(`the two rebuilds differ:\n${a}\n${b}`);
    rmSync(byShell);
    rmSync(byAthanor);
  }
  const best = (xs) => Math.min(...xs);
  const ms = (v) => `${Math.round(v)} ms`;
  const versions = {
    shell: spawnSync("sqlite3", ["--version"], { encoding: "utf8" }).stdout.split(" ")[0],
    betterSqlite3: new Database(":memory:").prepare("SELECT sqlite_version() AS v").get().v,
  };
  process.stdout.write(
    `SQLite rebuild of ${ROWS.toLocaleString("en")} rows (one index, a child table), CPU (user+system), best of ${RUNS}; ${cpus().length} CPUs, load ${loadavg()[0].toFixed(1)}; sqlite3 shell ${versions.shell}, better-sqlite3's SQLite ${versions.betterSqlite3}\n\n` +
      "| run | CPU | vs the shell |\n|---|---|---|\n" +
      `| hand-written move-and-copy, sqlite3 shell (whole process) | ${ms(best(shell))} | 1.00× |\n` +
      `| athanor upgrade() (the runner, in its process) | ${ms(best(upgradeCpu))} | ${(best(upgradeCpu) / best(shell)).toFixed(2)}× |\n` +
      `| athanor's whole process (node, loading athanor, upgrade) | ${ms(best(processCpu))} | ${(best(processCpu) / best(shell)).toFixed(2)}× |\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
