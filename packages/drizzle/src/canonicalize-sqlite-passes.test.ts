import { canonicalizeSchemaModel, materializeSchemaModel } from "@athanor/autogenerate";
import { diffSchemaModels, formatSchemaDifferences } from "@athanor/core";
import {
  introspectSqlite,
  renderSqlite,
  sqliteDifferHooks,
  sqliteMemoryDialect,
  sqliteScratchArea,
} from "@athanor/sqlite";
import { afterAll, expect, test } from "vitest";
import { collectDrizzleSchema } from "./collect-drizzle-schema.js";
import { drizzleToSchemaModel } from "./drizzle-to-schema-model.js";
import { chainedSqliteTables } from "./testing/chained-sqlite-tables.js";

// SQLite canonicalises a big model in passes of 100 tables (each CREATE scans sqlite_schema, so one
// pass is quadratic): 250 tables whose foreign keys cross the passes, with partial and expression
// indexes and checks, canonicalised in passes equal the same model created in one database and
// read back, and come out in the order one read gives (by name).
const scratch = sqliteMemoryDialect();
const applied = sqliteMemoryDialect();
afterAll(async () => {
  await scratch.close();
  await applied.close();
});

test("250 tables canonicalised in passes equal the model created whole and read back", async () => {
  const model = drizzleToSchemaModel(collectDrizzleSchema([chainedSqliteTables(250)]), { dialect: "sqlite" });
  const canonical = await canonicalizeSchemaModel(model, {
    hooks: sqliteDifferHooks,
    area: sqliteScratchArea,
    scratch: await scratch.dialect.connect(),
    render: (op) => renderSqlite(op),
    introspect: (conn) => introspectSqlite(conn),
  });
  const conn = await applied.dialect.connect();
  await conn.executeScript(
    materializeSchemaModel(model, { hooks: sqliteDifferHooks }).flatMap((op) => [...renderSqlite(op)]),
  );
  const whole = await introspectSqlite(conn);
  expect(formatSchemaDifferences(diffSchemaModels(whole, canonical))).toBe("");
  expect(canonical.tables.map((t) => t.name)).toEqual(whole.tables.map((t) => t.name));
  expect(canonical).toEqual(whole);
  expect((await introspectSqlite(await scratch.dialect.connect())).tables).toEqual([]);
});
