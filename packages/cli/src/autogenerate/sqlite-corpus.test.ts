import { mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { canonicalizeSchemaModel } from "@athanor/autogenerate";
import { collectDrizzleSchema, drizzleModelFor } from "@athanor/drizzle";
import {
  introspectSqlite,
  readStoredTableTexts,
  renderSqlite,
  sqliteDialect,
  sqliteDialectModule,
  sqliteDifferHooks,
  sqliteMemoryDialect,
  sqliteScratchArea,
} from "@athanor/sqlite";
import { afterAll, describe, expect, it } from "vitest";
import { TypeScriptLoader } from "../loader/typescript-loader.js";
import { runCli, tempDir } from "../testing/harness.js";
import { SQLITE_CORPUS, type SqliteCorpusCase } from "../testing/sqlite-corpus-cases.js";

// The SQLite autogenerate corpus through the CLI (in process, a file database beside the config):
// per case, `revision --autogenerate` from nothing, `upgrade`, seed rows, the changed models →
// `check` and `diff` name the change, `revision --autogenerate`, `athanor lint` passes, `upgrade`,
// `check` is clean and the rows are all there; `downgrade -1` and `check` against the old models is
// clean again (the revision's file removed, as a user dropping the change would), rows still there; integrity_check and foreign_key_check clean throughout.
function project(): string {
  const dir = tempDir("athanor-sqlite-corpus-");
  symlinkSync(join(import.meta.dirname, "../../node_modules"), join(dir, "node_modules"), "dir");
  mkdirSync(join(dir, "migrations/versions"), { recursive: true });
  writeFileSync(
    join(dir, "athanor.config.ts"),
    'import { defineConfig } from "athanor";\nexport default defineConfig({ url: "file:./app.db", schema: "./schema.ts" });\n',
  );
  return dir;
}

async function rows(dir: string, sql: string): Promise<Record<string, unknown>[]> {
  const conn = await sqliteDialect({ file: join(dir, "app.db") }).connect();
  try {
    return (await conn.query<Record<string, unknown>>(sql)).rows;
  } finally {
    await conn.close();
  }
}

async function counts(dir: string, tables: readonly string[]): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const t of tables) out[t] = (await rows(dir, `SELECT count(*) AS n FROM "${t}"`))[0]?.n;
  return out;
}

async function healthy(dir: string): Promise<void> {
  expect(await rows(dir, "PRAGMA integrity_check")).toEqual([{ integrity_check: "ok" }]);
  expect(await rows(dir, "PRAGMA foreign_key_check")).toEqual([]);
}

// Tables read from the file instead of built (canonicalize-reuse.ts), over the whole corpus.
let reusedTables = 0;

/**
 * The differential proof of reuse: `source`'s models canonicalised against the file with reuse
 * deep-equal the same built without it.
 */
async function sameWithReuse(dir: string, source: string, name: string): Promise<void> {
  const file = join(dir, `${name}.models.ts`);
  writeFileSync(file, source);
  const exports = collectDrizzleSchema([await new TypeScriptLoader({}).load(file)]);
  const model = drizzleModelFor(exports, { module: sqliteDialectModule }, undefined);
  const live = await sqliteDialect({ file: join(dir, "app.db") }).connect();
  const scratch = sqliteMemoryDialect();
  try {
    const options = {
      hooks: sqliteDifferHooks,
      area: sqliteScratchArea,
      scratch: await scratch.dialect.connect(),
      render: renderSqlite,
      introspect: (c: Parameters<typeof introspectSqlite>[0]) => introspectSqlite(c),
    };
    const read = await introspectSqlite(live);
    const reuse = { live: read, stored: await readStoredTableTexts(live) };
    const reused = await canonicalizeSchemaModel(model, { ...options, reuse });
    expect(reused).toEqual(await canonicalizeSchemaModel(model, options));
    reusedTables += reused.tables.filter((t) => read.tables.includes(t)).length;
  } finally {
    await live.close();
    await scratch.close();
  }
}

async function run(c: SqliteCorpusCase): Promise<void> {
  const dir = project();
  const cli = (...argv: string[]) => runCli(dir, argv);
  const must = async (...argv: string[]) => {
    const r = await cli(...argv);
    if (r.code !== 0) throw new Error(`athanor ${argv.join(" ")} exited ${r.code}:\n${r.stderr}${r.stdout}`);
    return r;
  };
  writeFileSync(join(dir, "schema.ts"), c.before);
  await must("revision", "--autogenerate", "-m", "before");
  const versions = join(dir, "migrations/versions");
  const first = new Set(readdirSync(versions));
  await must("upgrade");
  for (const sql of c.seed) await rows(dir, sql);
  const seeded = await counts(dir, c.kept);

  writeFileSync(join(dir, "schema.ts"), c.after);
  const drift = await cli("check");
  expect(drift.code, drift.stdout).not.toBe(0);
  expect((await must("diff")).stdout).not.toContain("No differences");
  await must(
    "revision",
    "--autogenerate",
    "-m",
    "after",
    ...(c.renames?.flatMap((r) => ["--rename", r]) ?? []),
  );
  await must("lint");
  await must("upgrade");
  expect((await must("check")).stdout).toContain("No differences");
  await sameWithReuse(dir, c.after, "after");
  await sameWithReuse(dir, c.before, "before-against-after");
  expect(await counts(dir, c.kept)).toEqual(seeded);
  await healthy(dir);

  await must("downgrade", "-1");
  for (const file of readdirSync(versions)) if (!first.has(file)) rmSync(join(versions, file));
  writeFileSync(join(dir, "schema.ts"), c.before);
  expect((await must("check")).stdout).toContain("No differences");
  await sameWithReuse(dir, c.before, "before");
  expect(await counts(dir, c.kept)).toEqual(seeded);
  await healthy(dir);
}

describe("SQLite autogenerate corpus through the CLI (better-sqlite3)", () => {
  for (const c of SQLITE_CORPUS) it(c.name, () => run(c), 120_000);
  // the files athanor's own revisions wrote: most of their tables are read, not built
  afterAll(() => expect(reusedTables).toBeGreaterThan(0));
});
