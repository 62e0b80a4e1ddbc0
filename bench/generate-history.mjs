// Generates a revision history on disk for benchmarks: a linear chain with a branch-and-merge
// every 100 revisions (two siblings on the current head, then a merge revision joining them).
// Uses the built @athanor/core renderer so the files are exactly what `athanor revision` writes.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const core = await import(new URL("../packages/core/dist/index.js", import.meta.url).href);

/**
 * Writes `count` revisions into `<dir>/migrations/versions` plus an `athanor.config.ts` for
 * `dialect` ("postgresql", or "mysql": the indexed column is then a varchar). `bodies: "select"`
 * makes each revision a `SELECT 1` (for benches of a no-op, where only the bookkeeping matters).
 * Skips the work when `<dir>` already holds the same history (a marker file records it).
 *
 * @example
 * ```js
 * await generateHistory({ dir: "bench/.out/graph-10000", count: 10_000 });
 * ```
 */
export async function generateHistory({
  dir,
  count,
  branchEvery = 100,
  dialect = "postgresql",
  bodies = "tables",
}) {
  const marker = join(dir, ".generated.json");
  const wanted = JSON.stringify({
    count,
    branchEvery,
    version: 1,
    ...(dialect === "postgresql" ? {} : { dialect }),
    ...(bodies === "tables" ? {} : { bodies }),
  });
  try {
    if (readFileSync(marker, "utf8") === wanted) return { dir, count, reused: true };
  } catch {}
  rmSync(dir, { recursive: true, force: true });
  const versions = join(dir, "migrations", "versions");
  mkdirSync(versions, { recursive: true });
  writeFileSync(
    join(dir, "athanor.config.ts"),
    `import { defineConfig } from "athanor";\n\nexport default defineConfig({ dialect: "${dialect}", versions: "migrations/versions" });\n`,
  );
  let n = 0;
  let head;
  const emit = (parents, message) => {
    const id = n.toString(16).padStart(12, "0");
    const header = {
      id,
      parents,
      message,
      createdAt: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(),
      branchLabels: [],
      dependsOn: [],
      transactional: true,
    };
    const table = `t_${id}`;
    writeFileSync(
      join(versions, `${id}_${message.replaceAll(" ", "_")}.ts`),
      core.renderRevisionFile({
        header,
        upgradeBody:
          bodies === "select"
            ? `op.execute("SELECT 1");`
            : bodies === "ops"
              ? opsBody(table, dialect)
              : `op.execute("CREATE TABLE ${table} (id bigint PRIMARY KEY, note ${dialect === "mysql" ? "varchar(100)" : "text"})");\nop.execute("CREATE INDEX ${table}_note ON ${table} (note)");`,
        downgradeBody:
          bodies === "select"
            ? `op.execute("SELECT 1");`
            : bodies === "ops"
              ? `op.dropTable("${table}");`
              : `op.execute("DROP TABLE ${table}");`,
      }),
    );
    n++;
    return id;
  };
  while (n < count) {
    if (n % branchEvery === branchEvery - 3 && n + 3 <= count && head !== undefined) {
      const a = emit([head], `branch a ${n}`);
      const b = emit([head], `branch b ${n}`);
      head = emit([a, b], `merge ${n}`);
    } else {
      head = emit(head === undefined ? [] : [head], `revision ${n}`);
    }
  }
  writeFileSync(marker, wanted);
  return { dir, count, reused: false };
}

/** The upgrade of one `bodies: "ops"` revision: the table and index of the SQL variant, as operations. */
function opsBody(table, dialect) {
  const note = dialect === "mysql" ? "varchar(100)" : "text";
  const key = dialect === "mysql" ? "PRIMARY" : `${table}_pkey`;
  return [
    `op.createTable("${table}", {`,
    `  columns: [`,
    `    { name: "id", type: "bigint", nullable: false },`,
    `    { name: "note", type: "${note}" },`,
    `  ],`,
    `  primaryKey: { name: "${key}", columns: ["id"] },`,
    `});`,
    `op.createIndex("${table}_note", "${table}", [{ column: "note" }]);`,
  ].join("\n");
}
