import { is, Relations, relations, sql, Table } from "drizzle-orm";
import * as mysql from "drizzle-orm/mysql-core";
import * as pg from "drizzle-orm/pg-core";
import * as sqlite from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import { isEntityOf, isPgEnumObject } from "./entity-kinds.js";

// isEntityOf must decide exactly what drizzle's is()/isPg*() decide, for every kind the readers
// sort by, on every kind of object a schema module can export.
const mood = pg.pgEnum("mood", ["sad", "ok"]);
const app = pg.pgSchema("app");
const pgUsers = pg.pgTable("users", {
  id: pg.integer("id").primaryKey(),
  tags: pg.text("tags").array(),
  mood: mood("mood"),
});
const appItems = app.table("items", { id: pg.serial("id").primaryKey() });
const myUsers = mysql.mysqlTable("users", { id: mysql.int("id").primaryKey() });
const liteUsers = sqlite.sqliteTable("users", { id: sqlite.integer("id").primaryKey() });
const admin = pg.pgRole("admin");
const values: Record<string, unknown> = {
  pgUsers,
  appItems,
  myUsers,
  liteUsers,
  mood,
  appMood: app.enum("app_mood", ["a"]),
  app,
  seq: pg.pgSequence("seq"),
  appSeq: app.sequence("app_seq"),
  pgView: pg.pgView("v").as((qb) => qb.select().from(pgUsers)),
  pgMatView: pg.pgMaterializedView("mv").as((qb) => qb.select().from(pgUsers)),
  myView: mysql.mysqlView("v").as((qb) => qb.select().from(myUsers)),
  liteView: sqlite.sqliteView("v").as((qb) => qb.select().from(liteUsers)),
  admin,
  policy: pg.pgPolicy("p", { to: admin, using: sql`true` }),
  rels: relations(pgUsers, () => ({})),
  tagsColumn: pgUsers.tags,
  idColumn: pgUsers.id,
  sqlFragment: sql`1`,
  plain: { a: 1 },
  fn: () => 1,
  nothing: null,
  text: "users",
};
const classes: Record<string, unknown> = {
  PgTable: pg.PgTable,
  MySqlTable: mysql.MySqlTable,
  SQLiteTable: sqlite.SQLiteTable,
  PgSchema: pg.PgSchema,
  PgSequence: pg.PgSequence,
  PgView: pg.PgView,
  PgMaterializedView: pg.PgMaterializedView,
  MySqlView: mysql.MySqlView,
  SQLiteView: sqlite.SQLiteView,
  PgRole: pg.PgRole,
  PgPolicy: pg.PgPolicy,
  PgArray: pg.PgArray,
  Relations,
  Table,
};

describe("isEntityOf decides what drizzle's is() decides", () => {
  for (const [kind, cls] of Object.entries(classes)) {
    it(kind, () => {
      for (const [name, value] of Object.entries(values)) {
        expect([name, isEntityOf(value, kind)]).toEqual([name, is(value, cls as never)]);
      }
      // and the kind is not empty: some value is one
      expect(Object.values(values).some((value) => isEntityOf(value, kind))).toBe(true);
    });
  }
});

it("isPgEnumObject decides what drizzle's isPgEnum decides", () => {
  for (const [name, value] of Object.entries(values))
    expect([name, isPgEnumObject(value)]).toEqual([name, pg.isPgEnum(value)]);
  expect(isPgEnumObject(mood)).toBe(true);
});
