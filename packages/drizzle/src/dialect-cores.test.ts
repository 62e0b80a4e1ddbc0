import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import * as mysql from "drizzle-orm/mysql-core";
import * as pg from "drizzle-orm/pg-core";
import * as sqlite from "drizzle-orm/sqlite-core";
import { expect, it, vi } from "vitest";

// The readers take drizzle-orm's dialect cores from dialect-cores.ts: loaded as ES modules by
// loadDrizzleSchema for the dialects a schema uses, or required (drizzle-orm's CommonJS build)
// by a synchronous caller that loaded nothing. Both must read a schema the same way.
const mood = pg.pgEnum("mood", ["sad", "ok"]);
const admin = pg.pgRole("admin", { createRole: false }).existing();
const accounts = pg.pgTable(
  "accounts",
  {
    id: pg.integer("id").primaryKey().generatedAlwaysAsIdentity(),
    email: pg.text("email").notNull(),
    tags: pg.text("tags").array(),
    mood: mood("mood").default("ok"),
  },
  (t) => [
    pg.index("accounts_email_idx").on(sql`lower(${t.email})`),
    pg.check("accounts_email_check", sql`${t.email} <> ''`),
    pg.pgPolicy("owner", { to: admin, using: sql`true` }),
  ],
);
const pgSchema = {
  mood,
  admin,
  accounts,
  active: pg.pgView("active").as((qb) => qb.select().from(accounts).where(sql`${accounts.mood} = 'ok'`)),
};
const orders = mysql.mysqlTable("orders", {
  id: mysql.int("id").primaryKey(),
  total: mysql.decimal("total", { precision: 10, scale: 2 }),
});
const mysqlSchema = {
  orders,
  big: mysql.mysqlView("big").as((qb) => qb.select().from(orders).where(sql`${orders.total} > 100`)),
};
const notes = sqlite.sqliteTable("notes", {
  id: sqlite.integer("id").primaryKey(),
  body: sqlite.text("body").default("x"),
});
const sqliteSchema = { notes, short: sqlite.sqliteView("short").as((qb) => qb.select().from(notes)) };

async function readAll(load: boolean) {
  vi.resetModules(); // a fresh registry of cores
  const cores = await import("./dialect-cores.js");
  if (load) await cores.loadDialectCores(["pg", "mysql", "sqlite"]);
  const { collectDrizzleSchema } = await import("./collect-drizzle-schema.js");
  const { drizzleToSchemaModel } = await import("./drizzle-to-schema-model.js");
  const models = {
    pg: drizzleToSchemaModel(collectDrizzleSchema([pgSchema]), { dialect: "postgresql" }),
    mysql: drizzleToSchemaModel(collectDrizzleSchema([mysqlSchema]), { dialect: "mysql", database: "app" }),
    sqlite: drizzleToSchemaModel(collectDrizzleSchema([sqliteSchema]), { dialect: "sqlite" }),
  };
  return { models, pgTableClass: cores.pgCore().PgTable };
}

it("the readers give the same models whether the cores were loaded as ES modules or required", async () => {
  const required = await readAll(false);
  const loaded = await readAll(true);
  expect(loaded.models).toEqual(required.models);
  // the two runs did take the two paths: ES pg-core is the schema's own, the required one is not
  expect(loaded.pgTableClass).toBe(pg.PgTable);
  expect(required.pgTableClass).not.toBe(pg.PgTable);
  // and the models hold what the schema declares
  expect(loaded.models.pg.tables[0]?.name).toBe("accounts");
  expect(loaded.models.pg.views?.map((v) => v.name)).toEqual(["active"]);
  expect(loaded.models.mysql.views?.map((v) => v.name)).toEqual(["big"]);
  expect(loaded.models.sqlite.views?.map((v) => v.name)).toEqual(["short"]);
});

it("loadDrizzleSchema loads the cores of the dialects the schema uses, and only those", async () => {
  const file = join(mkdtempSync(join(tmpdir(), "athanor-cores-")), "schema.mjs");
  writeFileSync(file, "export {};\n"); // imported through the importer below
  for (const [schema, families] of [
    [sqliteSchema, ["sqlite"]],
    [pgSchema, ["pg"]],
    [{ ...mysqlSchema, ...sqliteSchema }, ["mysql", "sqlite"]],
  ] as const) {
    vi.resetModules();
    const cores = await import("./dialect-cores.js");
    const { loadDrizzleSchema } = await import("./load-drizzle-schema.js");
    await loadDrizzleSchema(file, { importer: async () => schema });
    expect(cores.loadedDialectCores()).toEqual(families);
  }
});
