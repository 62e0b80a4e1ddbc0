// The floor of apply-sqlite.mjs that runs "the same SQL", as the PostgreSQL and MariaDB floors do
// (apply-floor.mjs): the built CLI's `upgrade --sql` output for the bench's N revisions — a
// transaction a revision with its version row, history row and foreign key check, after the
// session's `PRAGMA foreign_keys = OFF` and the version and history tables' DDL — for the sqlite3
// shell to run on a fresh file.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { table } from "./sqlite-bench-table.mjs";

const revisionId = (i) => `r${String(i).padStart(5, "0")}`;

/**
 * Writes a project of `n` revision files (revision i: `op.execute(table(i))`, as apply-sqlite.mjs's
 * in-process revisions) under `dir`, renders `upgrade --sql` with the CLI at `root` and returns
 * the script. Throws unless the script holds one `BEGIN IMMEDIATE` … `COMMIT` with a history row
 * and a foreign key check per revision.
 *
 * @example
 * ```js
 * writeFileSync("floor-sql.sql", upgradeSqlScript({ root, dir: "/tmp/p", n: 1000 }));
 * ```
 */
export async function upgradeSqlScript({ root, dir, n }) {
  const core = await import(join(root, "packages/core/dist/index.js"));
  const versions = join(dir, "migrations/versions");
  mkdirSync(versions, { recursive: true });
  writeFileSync(
    join(dir, "athanor.config.ts"),
    'import { defineConfig } from "athanor";\n\nexport default defineConfig({ url: "file:./unused.db", versions: "migrations/versions" });\n',
  );
  for (let i = 0; i < n; i++) {
    const header = {
      id: revisionId(i),
      parents: i === 0 ? [] : [revisionId(i - 1)],
      message: `t ${i}`,
      branchLabels: [],
      dependsOn: [],
      transactional: true,
    };
    writeFileSync(
      join(versions, `${revisionId(i)}_t.ts`),
      core.renderRevisionFile({
        header,
        upgradeBody: `op.execute(${JSON.stringify(table(i))});`,
        downgradeBody: `op.execute('DROP TABLE "t_${i}"');`,
      }),
    );
  }
  const r = spawnSync(process.execPath, [join(root, "packages/cli/bin.js"), "upgrade", "--sql"], {
    cwd: dir,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    // its own cache folder: the bench leaves ~/.cache alone
    env: { ...process.env, NO_COLOR: "1", XDG_CACHE_HOME: join(dir, "cache") },
  });
  if (r.status !== 0) throw new Error(`athanor upgrade --sql failed: ${r.stderr}`);
  const script = r.stdout;
  const count = (pattern) => script.match(pattern)?.length ?? 0;
  const per = {
    "BEGIN IMMEDIATE": count(/^BEGIN IMMEDIATE;$/gm),
    COMMIT: count(/^COMMIT;$/gm),
    "history row": count(/^INSERT INTO "athanor_version_history"/gm),
    "foreign key check": count(/FROM pragma_foreign_key_check;$/gm),
  };
  const off = Object.entries(per).filter(([, c]) => c !== n);
  if (off.length > 0 || !script.startsWith("-- athanor: session settings\nPRAGMA foreign_keys = OFF;"))
    throw new Error(
      `upgrade --sql is no longer a transaction a revision with its bookkeeping: ${off.map(([k, c]) => `${c} × ${k}`).join(", ")} for ${n} revisions`,
    );
  return script;
}
