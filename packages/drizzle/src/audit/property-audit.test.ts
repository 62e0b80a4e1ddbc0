import { canonicalizeSchemaModel } from "@athanor/autogenerate";
import { createMysqlRenderer, introspectMysql, mysqlDifferHooks, mysqlScratchArea } from "@athanor/mysql";
import { index, int, customType as mysqlCustomType, mysqlTable, varchar } from "drizzle-orm/mysql-core";
import { interval, customType as pgCustomType, pgTable, text } from "drizzle-orm/pg-core";
import { customType as sqliteCustomType, sqliteTable } from "drizzle-orm/sqlite-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { collectDrizzleSchema } from "../collect-drizzle-schema.js";
import { drizzleToSchemaModel } from "../drizzle-to-schema-model.js";
import { mysqlTestDatabase } from "../testing/test-databases.js";
import {
  auditCanonicalProperties,
  auditDrizzleProperties,
  auditModelProperties,
  formatPropertyWarning,
} from "./index.js";

describe("the property self-check", () => {
  test("a build hint that is deliberately not compared is listed, naming table, index and property", () => {
    const t = mysqlTable("t", { id: int("id").primaryKey(), v: int("v") }, (x) => [
      index("t_v_idx").on(x.v).lock("none").algorithm("inplace"),
    ]);
    const warnings = auditDrizzleProperties(collectDrizzleSchema([{ t }]));
    expect(warnings.map((w) => [w.table, w.index, w.property])).toEqual([
      ["t", "t_v_idx", "lock"],
      ["t", "t_v_idx", "algorithm"],
    ]);
    expect(formatPropertyWarning(warnings[0] as (typeof warnings)[number])).toBe(
      "ATHANOR_PROPERTY_NOT_COMPARED: table t, index t_v_idx, property lock: a MySQL/MariaDB online-DDL hint the server does not keep (set `lock` in the dialect options)",
    );
  });

  test("a column property athanor does not know (a newer drizzle-orm) is listed, never passed over", () => {
    const t = pgTable("t", { id: text("id").primaryKey(), note: text("note") });
    // What a future drizzle-orm could add to a column's config.
    (t.note as unknown as { config: Record<string, unknown> }).config.compression = "lz4";
    const warnings = auditDrizzleProperties(collectDrizzleSchema([{ t }]));
    expect(warnings).toEqual([
      {
        schema: null,
        table: "t",
        column: "note",
        property: "compression",
        reason: "athanor does not know this column property, so it is neither written nor compared",
      },
    ]);
  });

  test("a model with every known property set gives no warning", () => {
    const t = mysqlTable(
      "t",
      {
        id: int("id").primaryKey().autoincrement(),
        v: varchar("v", { length: 9 }).notNull().default("x").unique(),
      },
      (x) => [index("t_v_idx").on(x.v, x.id).using("btree")],
    );
    expect(auditDrizzleProperties(collectDrizzleSchema([{ t }]))).toEqual([]);
  });

  test("options carried by the type text give no warning: interval fields, a customType's config (each was reported as not compared while check compared it)", () => {
    const pgSized = pgCustomType<{ data: string; config: { length: number } }>({
      dataType: (config) => `varchar(${config?.length ?? 1})`,
    });
    const mySized = mysqlCustomType<{ data: string; config: { length: number } }>({
      dataType: (config) => `varchar(${config?.length ?? 1})`,
    });
    const liteSized = sqliteCustomType<{ data: string; config: { length: number } }>({
      dataType: (config) => `varchar(${config?.length ?? 1})`,
    });
    const p = pgTable("p", {
      iv: interval("iv", { fields: "day to second", precision: 3 }),
      c: pgSized("c", { length: 7 }),
    });
    expect(p.iv.getSQLType()).toBe("interval day to second(3)");
    expect(p.c.getSQLType()).toBe("varchar(7)");
    const m = mysqlTable("m", { c: mySized("c", { length: 7 }) });
    const s = sqliteTable("s", { c: liteSized("c", { length: 7 }) });
    expect(auditDrizzleProperties(collectDrizzleSchema([{ p, m, s }]))).toEqual([]);
  });

  test("a property the server does not keep, and a property lost on the way, are listed", () => {
    const model = drizzleToSchemaModel(
      collectDrizzleSchema([{ t: mysqlTable("t", { id: int("id").primaryKey(), v: int("v") }) }]),
      { dialect: "mysql", database: "db" },
    );
    const [table] = model.tables;
    if (table === undefined) throw new Error("no table");
    const [id, v] = table.columns;
    if (id === undefined || v === undefined) throw new Error("no columns");
    const withOnUpdate = {
      ...model,
      tables: [{ ...table, columns: [id, { ...v, onUpdate: "CURRENT_TIMESTAMP" }] }],
    };
    expect(auditCanonicalProperties(withOnUpdate, model).map(formatPropertyWarning)).toEqual([
      'ATHANOR_PROPERTY_NOT_COMPARED: table db.t, column v, property onUpdate: the server does not keep it as the model says ("CURRENT_TIMESTAMP" reads back as null), so it is not compared',
    ]);
  });
});

describe("the property self-check after canonicalisation on MariaDB", () => {
  let scratch: Awaited<ReturnType<typeof mysqlTestDatabase>>;
  beforeAll(async () => {
    scratch = await mysqlTestDatabase("audit");
  });
  afterAll(async () => {
    await scratch?.dispose();
  });

  test("InnoDB keeps no HASH index: `using('hash')` is listed as not compared", async () => {
    const t = mysqlTable("t", { id: int("id").primaryKey(), v: int("v") }, (x) => [
      index("t_v_idx").on(x.v).using("hash"),
    ]);
    const collected = collectDrizzleSchema([{ t }]);
    const model = drizzleToSchemaModel(collected, { dialect: "mysql", database: scratch.name });
    const render = createMysqlRenderer({ server: scratch.connection.server });
    const canonical = await canonicalizeSchemaModel(model, {
      hooks: mysqlDifferHooks,
      area: mysqlScratchArea,
      scratch: scratch.connection,
      render: (op) => render(op),
      introspect: (c, { schemas }) => introspectMysql(c, { database: schemas[0] }),
    });
    expect(
      auditModelProperties(collected, model, canonical).map((w) => [w.table, w.index, w.property]),
    ).toEqual([["t", "t_v_idx", "using"]]);
  });
});
