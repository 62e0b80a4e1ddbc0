import { isAthanorError, type SchemaModel, type TableModel } from "@athanor/core";
import { sql } from "drizzle-orm";
import {
  int,
  mysqlEnum,
  serial as mysqlSerial,
  mysqlTable,
  varchar as mysqlVarchar,
} from "drizzle-orm/mysql-core";
import {
  check,
  index,
  integer,
  numeric,
  pgSchema,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";
import { describe, expect, test } from "vitest";
import { collectDrizzleSchema } from "./collect-drizzle-schema.js";
import { drizzleToSchemaModel } from "./drizzle-to-schema-model.js";

const readPg = (exports: Record<string, unknown>, casing?: "snake_case"): SchemaModel =>
  drizzleToSchemaModel(collectDrizzleSchema([exports]), {
    dialect: "postgresql",
    ...(casing ? { casing } : {}),
  });
const table = (model: SchemaModel, name: string): TableModel => {
  const found = model.tables.find((t) => t.name === name);
  if (found === undefined) throw new Error(`no table ${name}`);
  return found;
};

describe("drizzleToSchemaModel: the traps of drizzle.md §3", () => {
  test("uniqueName is set on every column; only isUnique columns become unique constraints", () => {
    const t = pgTable("t", {
      id: integer("id"),
      email: text("email").unique(),
      nick: text("nick").unique("t_nick_key", { nulls: "not distinct" }),
    });
    const model = readPg({ t });
    expect(table(model, "t").uniques).toEqual([
      {
        name: "t_email_unique",
        columns: ["email"],
        nullsNotDistinct: false,
        deferrable: false,
        initiallyDeferred: false,
      },
      {
        name: "t_nick_key",
        columns: ["nick"],
        nullsNotDistinct: true,
        deferrable: false,
        initiallyDeferred: false,
      },
    ]);
  });

  test("using() sets `only`, which is ignored: the method is kept and nothing else changes", () => {
    const t = pgTable("t", { tags: text("tags").array() }, (c) => [index("t_tags_idx").using("gin", c.tags)]);
    const [ix] = table(readPg({ t }), "t").indexes;
    expect(ix).toMatchObject({
      name: "t_tags_idx",
      method: "gin",
      keys: [{ kind: "column", column: "tags" }],
    });
  });

  test("precision spacing is removed from types: timestamp (3), numeric(12, 2)", () => {
    const t = pgTable("t", {
      at: timestamp("at", { precision: 3, withTimezone: true }),
      s: timestamp("s", { precision: 6, mode: "string" }),
      n: numeric("n", { precision: 12, scale: 2 }),
    });
    expect(table(readPg({ t }), "t").columns.map((c) => c.type)).toEqual([
      "timestamp(3) with time zone",
      "timestamp(6)",
      "numeric(12,2)",
    ]);
  });

  test("params in sql`` fragments are inlined as literals, with quotes escaped, and columns are bare", () => {
    const t = pgTable("t", { a: integer("a"), b: text("b") }, (c) => [
      check("t_a_check", sql`${c.a} > ${5}`),
      check("t_b_check", sql`${c.b} <> ${"it's"}`),
      index("t_partial_idx").on(c.a).where(sql`${c.b} = ${"x"}`),
    ]);
    const model = table(readPg({ t }), "t");
    expect(model.checks.map((c) => c.expression)).toEqual([`"a" > 5`, `"b" <> 'it''s'`]);
    expect(model.indexes[0]?.where).toBe(`"b" = 'x'`);
  });

  test("an unnamed column index gets drizzle-kit's name; an unnamed expression index is a coded error", () => {
    const named = pgTable("t", { a: integer("a"), b: integer("b") }, (c) => [index().on(c.a, c.b)]);
    expect(table(readPg({ named }), "t").indexes[0]?.name).toBe("t_a_b_index");
    const unnamed = pgTable("u", { a: text("a") }, (c) => [index().on(sql`lower(${c.a})`)]);
    let error: unknown;
    try {
      readPg({ unnamed });
    } catch (e) {
      error = e;
    }
    expect(isAthanorError(error) && error.code).toBe("ATHANOR_SCHEMA_INVALID");
  });

  test("drizzle's default constraint names: _pkey, _pk, _unique, _fk", () => {
    const users = pgTable("users", { id: serial("id").primaryKey() });
    const links = pgTable(
      "links",
      {
        userId: integer("user_id").references(() => users.id),
        slot: integer("slot").notNull(),
        code: text("code"),
      },
      (c) => [primaryKey({ columns: [c.userId, c.slot] }), unique().on(c.code, c.slot)],
    );
    const model = readPg({ users, links });
    expect(table(model, "users").primaryKey?.name).toBe("users_pkey");
    const l = table(model, "links");
    expect(l.primaryKey).toEqual({ name: "links_user_id_slot_pk", columns: ["user_id", "slot"] });
    expect(l.uniques[0]?.name).toBe("links_code_slot_unique");
    expect(l.foreignKeys[0]).toMatchObject({
      name: "links_user_id_users_id_fk",
      onDelete: "no action",
      onUpdate: "no action",
    });
  });

  test("casing: TS-key column names are cased, and so are the default names built from them", () => {
    const t = pgTable("t", { userId: integer().unique(), createdAt: timestamp() });
    const model = table(readPg({ t }, "snake_case"), "t");
    expect(model.columns.map((c) => c.name)).toEqual(["user_id", "created_at"]);
    expect(model.uniques[0]).toMatchObject({ name: "t_user_id_unique", columns: ["user_id"] });
  });

  test("serial is an integer with a nextval default and an owned sequence; $defaultFn is no default", () => {
    const t = pgTable("t", { id: serial("id"), v: text("v").$defaultFn(() => "x") });
    const model = readPg({ t });
    expect(table(model, "t").columns.map((c) => [c.type, c.nullable, c.default])).toEqual([
      ["integer", false, `nextval('"public"."t_id_seq"'::regclass)`],
      ["text", true, null],
    ]);
    expect(model.sequences).toMatchObject([
      { name: "t_id_seq", dataType: "integer", max: "2147483647", ownedBy: { table: "t", column: "id" } },
    ]);
  });

  test("enums: qualified types, schemas collected, non-exported enums still created", () => {
    const app = pgSchema("app");
    const level = app.enum("level", ["a", "b"]);
    const t = app.table("t", { l: level("l").array() });
    const model = readPg({ app, t }); // `level` itself is not exported
    expect(model.schemas).toEqual(["app"]);
    expect(model.enums).toEqual([{ schema: "app", name: "level", values: ["a", "b"] }]);
    expect(table(model, "t").columns[0]?.type).toBe(`"app"."level"[]`);
  });

  test("two different tables with one name are rejected", () => {
    const a = pgTable("dup", { id: integer("id") });
    const b = pgTable("dup", { other: integer("other") });
    expect(() => readPg({ a, b })).toThrow(/both named "public.dup"/);
  });
});

describe("drizzleToSchemaModel: mysql-core", () => {
  test("serial, autoincrement, inline enum with quoted values, MySQL-safe literals", () => {
    const t = mysqlTable("t", {
      id: mysqlSerial("id").primaryKey(),
      n: int("n", { unsigned: true }).autoincrement().unique(),
      status: mysqlEnum("status", ["it's", "b"]).default("b"),
      path: mysqlVarchar("path", { length: 20 }).default("C:\\tmp"),
    });
    const model = drizzleToSchemaModel(collectDrizzleSchema([{ t }]), { dialect: "mysql", database: "shop" });
    const [m] = model.tables;
    expect(model.schemas).toEqual(["shop"]);
    expect(
      m?.columns.map((c) => [c.name, c.type, c.nullable, c.default, c.identity?.generation ?? null]),
    ).toEqual([
      ["id", "bigint unsigned", false, null, "byDefault"],
      ["n", "int unsigned", true, null, "byDefault"],
      ["status", "enum('it''s','b')", true, "'b'", null],
      ["path", "varchar(20)", true, "X'433A5C746D70'", null],
    ]);
    expect(m?.primaryKey).toEqual({ name: "PRIMARY", columns: ["id"] });
    expect(m?.uniques.map((u) => u.name)).toEqual(["id", "t_n_unique"]);
  });

  test("mixing dialects is rejected", () => {
    const p = pgTable("p", { id: integer("id") });
    expect(() =>
      drizzleToSchemaModel(collectDrizzleSchema([{ p }]), { dialect: "mysql", database: "x" }),
    ).toThrow(/pg-core/);
  });
});
