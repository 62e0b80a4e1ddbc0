import { materializeSchemaModel } from "@athanor/autogenerate";
import type { SchemaModel } from "@athanor/core";
import { renderSqlite, sqliteDifferHooks } from "@athanor/sqlite";
import fc from "fast-check";
import { afterAll, expect, test } from "vitest";
import { collectDrizzleSchema } from "./collect-drizzle-schema.js";
import { drizzleToSchemaModel } from "./drizzle-to-schema-model.js";
import { chainedSqliteTables } from "./testing/chained-sqlite-tables.js";
import { type SchemaSpec, schemaSpec, sqliteSchemaOf } from "./testing/random-sqlite-schema.js";
import { sqliteReusePairs } from "./testing/sqlite-reuse-pair.js";

// A table the live file stores exactly as athanor renders it is read from the file instead of
// being built in the in-memory SQLite (canonicalize-reuse.ts). Proof: for each live file below,
// the canonical model with reuse deep-equals the one built without it.
const reuse = sqliteReusePairs();
afterAll(() => reuse.close());

/** 150 tables (more than one pass): FKs crossing passes, partial/expression/unique indexes, checks. */
function model(): SchemaModel {
  return drizzleToSchemaModel(collectDrizzleSchema([chainedSqliteTables(150)]), { dialect: "sqlite" });
}

const athanorSql = (m: SchemaModel) =>
  materializeSchemaModel(m, { hooks: sqliteDifferHooks }).flatMap((op) => [...renderSqlite(op)]);

const both = reuse.pair;

test("a file athanor wrote: every table read from the file, the same canonical model", async () => {
  const m = model();
  const r = await both(m, athanorSql(m));
  expect(r.builtTables).toBe(0);
  expect(r.reused).toEqual(r.plain);
});

test("texts differing by one character, a missing or extra index: those tables are built", async () => {
  const m = model();
  const statements = athanorSql(m).map((s) =>
    s.startsWith('CREATE TABLE "t7"')
      ? s.replace("DEFAULT ('x')", "DEFAULT ('y')")
      : s.startsWith('CREATE TABLE "t8"')
        ? s.replace("NOT NULL DEFAULT", "NOT NULL  DEFAULT")
        : s,
  );
  const withoutIndex = statements.filter((s) => !s.startsWith('CREATE INDEX "t9_lower_idx"'));
  withoutIndex.push('CREATE INDEX "t10_extra_idx" ON "t10" ("code")');
  const r = await both(m, withoutIndex);
  expect(r.builtTables).toBe(4);
  expect(r.reused).toEqual(r.plain);
});

test("one-line texts with the key inline (written by hand): nothing reused, the same canonical model", async () => {
  const m = model();
  const kit = m.tables.map(
    (t) =>
      `CREATE TABLE \`${t.name}\` (\`id\` integer PRIMARY KEY NOT NULL, \`name\` text DEFAULT 'x' NOT NULL, \`code\` text, \`parent_id\` integer)`,
  );
  const r = await both(m, kit);
  expect(r.builtTables).toBe(150);
  expect(r.reused).toEqual(r.plain);
});

test("foreign keys to absent and renamed tables: the live file's own texts decide", async () => {
  const m = model();
  // t0..t149 as athanor writes them, but without t5 (an FK target), and t20 renamed away
  const statements = athanorSql(m)
    .filter((s) => !/^CREATE (TABLE "t5"|INDEX "t5_|UNIQUE INDEX "t5_)/.test(s))
    .map((s) => s.replaceAll('"t20"', '"t20_old"'));
  const r = await both(m, statements);
  // t5 and t20 are not in the file as named: built; t4 references the absent t5 and is reused;
  // t19's stored text references "t20_old", so it differs from the rendered one and is built
  expect(r.builtTables).toBe(3);
  expect(r.reused).toEqual(r.plain);
});

test("random one-character changes to random tables keep the canonical model", async () => {
  const m = model();
  const base = athanorSql(m);
  let seed = 19;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed;
  };
  for (let round = 0; round < 3; round++) {
    const changed = base.map((s) =>
      s.startsWith("CREATE TABLE") && next() % 5 === 0
        ? s.replace(" integer NOT NULL", " INTEGER NOT NULL")
        : s,
    );
    const r = await both(m, changed);
    expect(r.reused).toEqual(r.plain);
  }
});

test("random models against files athanor wrote for the same or another random model", async () => {
  const noView = schemaSpec.map((s) => ({ ...s, view: null }));
  const modelOf = (spec: SchemaSpec) =>
    drizzleToSchemaModel(collectDrizzleSchema([sqliteSchemaOf(spec)]), { dialect: "sqlite" });
  await fc.assert(
    fc.asyncProperty(noView, noView, fc.boolean(), async (desired, other, same) => {
      const m = modelOf(desired);
      const r = await both(m, athanorSql(same ? m : modelOf(other)));
      if (same) expect(r.builtTables).toBe(0);
      expect(r.reused).toEqual(r.plain);
    }),
    { numRuns: 30 },
  );
});
