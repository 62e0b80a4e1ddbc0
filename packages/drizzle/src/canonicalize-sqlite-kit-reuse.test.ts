import type { SchemaModel } from "@athanor/core";
import { drizzleKitTexts } from "@athanor/sqlite";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import fc from "fast-check";
import { afterAll, expect, test } from "vitest";
import { collectDrizzleSchema } from "./collect-drizzle-schema.js";
import { drizzleToSchemaModel } from "./drizzle-to-schema-model.js";
import { chainedSqliteTables } from "./testing/chained-sqlite-tables.js";
import { kitSqliteStatements } from "./testing/drizzle-kit-oracle.js";
import { type KitSchemaSpec, kitSchemaSpec, kitSqliteSchemaOf } from "./testing/random-kit-sqlite-schema.js";
import { schemaSpec, sqliteSchemaOf } from "./testing/random-sqlite-schema.js";
import { sqliteReusePairs } from "./testing/sqlite-reuse-pair.js";

// A table whose stored texts are exactly drizzle-kit's spelling of a desired table is read from
// the file, with the model's key names, instead of being built in the in-memory SQLite
// (drizzle-kit-spelling.ts). Proof: against files drizzle-kit 0.31 itself wrote for random
// sqlite-core schemas, the canonical model with reuse deep-equals the one built without it.
const reuse = sqliteReusePairs();
afterAll(() => reuse.close());

const modelOf = (schema: Record<string, unknown>): SchemaModel =>
  drizzleToSchemaModel(collectDrizzleSchema([schema]), { dialect: "sqlite" });
const tablesIn = (statements: readonly string[]) =>
  statements.filter((s) => s.startsWith("CREATE TABLE")).length;

/** drizzle-kit's rebuild: the table created as `__new_t`, then renamed (SQLite rewrites the name). */
function rebuilt(statements: readonly string[]): string[] {
  return statements.flatMap((s) => {
    const m = /^CREATE TABLE `([^`]+)`/.exec(s);
    // a check naming the table by its old name fails the rename, in drizzle-kit's rebuild too
    if (m === null || s.includes("CHECK(")) return [s];
    const name = m[1] as string;
    return [
      s.replace(`\`${name}\``, `\`__new_${name}\``),
      `ALTER TABLE \`__new_${name}\` RENAME TO \`${name}\``,
    ];
  });
}

test("150 chained tables as drizzle-kit wrote them: none built, the same canonical model", async () => {
  const schema = chainedSqliteTables(150);
  const m = modelOf(schema);
  const r = await reuse.pair(m, await kitSqliteStatements(schema));
  expect(r.builtTables).toBe(0);
  expect(r.reused).toEqual(r.plain);
});

test("the bench's tables, written by drizzle-kit and rebuilt by it (renamed): none built, the same canonical model", async () => {
  const schema: Record<string, unknown> = {};
  let parent: { id: never } | undefined;
  for (let i = 0; i < 50; i++) {
    const target = parent;
    const t = sqliteTable(
      `t${i}`,
      {
        id: integer("id").primaryKey(),
        name: text("name").notNull().default("x"),
        parentId:
          target === undefined
            ? integer("parent_id")
            : integer("parent_id").references(() => target.id, { onDelete: "cascade" }),
      },
      (c) => [index(`t${i}_name_idx`).on(c.name)],
    );
    schema[`t${i}`] = t;
    parent = t as unknown as { id: never };
  }
  const m = modelOf(schema);
  const kit = await kitSqliteStatements(schema);
  for (const statements of [kit, rebuilt(kit)]) {
    const r = await reuse.pair(m, statements);
    expect(r.builtTables).toBe(0);
    expect(r.reused).toEqual(r.plain);
  }
});

test("drizzle-kit's files for random schemas: what is reused reads back as built", async () => {
  let offered = 0;
  let built = 0;
  await fc.assert(
    fc.asyncProperty(kitSchemaSpec, fc.boolean(), async (spec: KitSchemaSpec, renamed) => {
      const schema = kitSqliteSchemaOf(spec);
      const m = modelOf(schema);
      const kit = await kitSqliteStatements(schema);
      const r = await reuse.pair(m, renamed ? rebuilt(kit) : kit);
      expect(r.reused).toEqual(r.plain);
      offered += tablesIn(kit);
      built += r.builtTables;
    }),
    { numRuns: 120 },
  );
  // both outcomes occur: tables reused, and tables drizzle-kit spells beyond the recogniser built
  expect(built).toBeGreaterThan(0);
  expect(built).toBeLessThan(offered * 0.8);
});

test("the renderer's own texts for random schemas, and files for another schema: the same canonical model", async () => {
  await fc.assert(
    fc.asyncProperty(kitSchemaSpec, kitSchemaSpec, fc.boolean(), async (desired, other, same) => {
      const m = modelOf(kitSqliteSchemaOf(desired));
      const written = same ? m : modelOf(kitSqliteSchemaOf(other));
      const texts = written.tables.flatMap((t) => drizzleKitTexts(t) ?? []);
      const r = await reuse.pair(m, texts);
      expect(r.reused).toEqual(r.plain);
    }),
    { numRuns: 80 },
  );
});

test("the round-trip corpus's schemas as drizzle-kit wrote them: the same canonical model", async () => {
  await fc.assert(
    fc.asyncProperty(
      schemaSpec.map((s) => ({ ...s, view: null })),
      async (spec) => {
        const schema = sqliteSchemaOf(spec);
        const r = await reuse.pair(modelOf(schema), await kitSqliteStatements(schema));
        expect(r.reused).toEqual(r.plain);
      },
    ),
    { numRuns: 40 },
  );
});
