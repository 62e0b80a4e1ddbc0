// One case per column/index/key property a mysql-core model can declare: the property is
// written (the upgrade creates it), introspected (`live` reads it back as `expected`),
// compared (`check` is clean after the upgrade) and a change to it is a diff (the upgrade
// from the model without it is not empty). Test-only.

import type { ColumnModel, TableModel } from "@athanor/core";
import { sql } from "drizzle-orm";
import {
  bigint,
  binary,
  boolean,
  char,
  datetime,
  decimal,
  double,
  float,
  int,
  json,
  mediumint,
  mediumtext,
  mysqlEnum,
  mysqlTable,
  serial,
  smallint,
  text,
  time,
  timestamp,
  tinyint,
  varbinary,
  varchar,
  year,
} from "drizzle-orm/mysql-core";
import type { CorpusCase } from "./run-corpus-case.js";

type Columns = Parameters<typeof mysqlTable>[1];

/** A property case: the corpus case plus what the live table must show after the upgrade. */
export interface PropertyCase extends CorpusCase {
  /** The property as the model states it (for the report). */
  readonly property: string;
  /** Reads the property from the live table after the upgrade. */
  readonly read: (table: TableModel) => unknown;
  /** What `read` must return (a RegExp is matched against a string). */
  readonly expected: unknown;
}

const t = (columns: Columns) => ({ t: mysqlTable("t", { id: int("id").primaryKey(), ...columns }) });
const column = (name: string) => (table: TableModel) =>
  table.columns.find((c) => c.name === name) as ColumnModel;
const of =
  <K extends keyof ColumnModel>(key: K) =>
  (table: TableModel) =>
    column("v")(table)?.[key];

/** `v` changes from `before` to `after`; `key` of the live column must equal `expected`. */
function columnCase(
  property: string,
  key: keyof ColumnModel,
  before: () => Columns[string],
  after: () => Columns[string],
  expected: unknown,
): PropertyCase {
  return {
    name: `property ${property}`,
    property,
    before: () => t({ v: before() }),
    after: () => t({ v: after() }),
    read: of(key),
    expected,
  };
}

const parent = mysqlTable("p", { id: int("id").primaryKey() });

export const MYSQL_PROPERTY_CASES: readonly PropertyCase[] = [
  columnCase(
    "onUpdateNow",
    "onUpdate",
    () => timestamp("v").notNull().defaultNow(),
    () => timestamp("v").notNull().defaultNow().onUpdateNow(),
    /^current_timestamp(\(\))?$/i,
  ),
  columnCase(
    "onUpdateNow with fsp",
    "onUpdate",
    () => timestamp("v", { fsp: 3 }).notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    () => timestamp("v", { fsp: 3 }).notNull().default(sql`CURRENT_TIMESTAMP(3)`).onUpdateNow(),
    /^current_timestamp\(3\)$/i,
  ),
  {
    name: "property generated virtual",
    property: "generatedAlwaysAs mode virtual",
    before: () =>
      t({
        first: varchar("first", { length: 20 }),
        v: varchar("v", { length: 40 }).generatedAlwaysAs(sql`concat(first, '!')`, { mode: "stored" }),
      }),
    after: () =>
      t({
        first: varchar("first", { length: 20 }),
        v: varchar("v", { length: 40 }).generatedAlwaysAs(sql`concat(first, '!')`, { mode: "virtual" }),
      }),
    read: (table) => column("v")(table)?.generated?.storage,
    expected: "virtual",
  },
  columnCase(
    "unsigned",
    "type",
    () => int("v"),
    () => int("v", { unsigned: true }),
    "int unsigned",
  ),
  columnCase(
    "bigint unsigned",
    "type",
    () => bigint("v", { mode: "number" }),
    () => bigint("v", { mode: "number", unsigned: true }),
    "bigint unsigned",
  ),
  columnCase(
    "smallint → mediumint",
    "type",
    () => smallint("v"),
    () => mediumint("v"),
    "mediumint",
  ),
  columnCase(
    "tinyint → boolean",
    "type",
    () => tinyint("v"),
    () => boolean("v"),
    "tinyint(1)",
  ),
  columnCase(
    "timestamp fsp",
    "type",
    () => timestamp("v"),
    () => timestamp("v", { fsp: 3 }),
    "timestamp(3)",
  ),
  columnCase(
    "datetime fsp",
    "type",
    () => datetime("v"),
    () => datetime("v", { fsp: 6 }),
    "datetime(6)",
  ),
  columnCase(
    "time fsp",
    "type",
    () => time("v"),
    () => time("v", { fsp: 2 }),
    "time(2)",
  ),
  columnCase(
    "enum value order",
    "type",
    () => mysqlEnum("v", ["a", "b"]),
    () => mysqlEnum("v", ["b", "a"]),
    "enum('b','a')",
  ),
  columnCase(
    "enum value added in the middle",
    "type",
    () => mysqlEnum("v", ["a", "c"]),
    () => mysqlEnum("v", ["a", "b", "c"]),
    "enum('a','b','c')",
  ),
  columnCase(
    "binary → varbinary",
    "type",
    () => binary("v", { length: 16 }),
    () => varbinary("v", { length: 16 }),
    "varbinary(16)",
  ),
  columnCase(
    "char length",
    "type",
    () => char("v", { length: 2 }),
    () => char("v", { length: 3 }),
    "char(3)",
  ),
  columnCase(
    "decimal precision and scale",
    "type",
    () => decimal("v", { precision: 10, scale: 2 }),
    () => decimal("v", { precision: 12, scale: 4 }),
    "decimal(12,4)",
  ),
  columnCase(
    "float → double",
    "type",
    () => float("v"),
    () => double("v"),
    "double",
  ),
  columnCase(
    "text → mediumtext",
    "type",
    () => text("v"),
    () => mediumtext("v"),
    "mediumtext",
  ),
  columnCase(
    "year",
    "type",
    () => int("v"),
    () => year("v"),
    "year(4)",
  ),
  columnCase(
    "json",
    "type",
    () => text("v"),
    () => json("v"),
    "json",
  ),
  columnCase(
    "literal default → expression default",
    "default",
    () => varchar("v", { length: 36 }).default("x"),
    () => varchar("v", { length: 36 }).default(sql`(uuid())`),
    /uuid\(\)/,
  ),
  columnCase(
    "expression default → literal default",
    "default",
    () => varchar("v", { length: 36 }).default(sql`(uuid())`),
    () => varchar("v", { length: 36 }).default("x"),
    "'x'",
  ),
  columnCase(
    "not null",
    "nullable",
    () => int("v"),
    () => int("v").notNull(),
    false,
  ),
  {
    name: "property autoincrement",
    property: "autoincrement",
    before: () => ({}),
    after: () => ({ t: mysqlTable("t", { id: int("id").autoincrement().primaryKey() }) }),
    read: (table) => column("id")(table)?.identity,
    expected: { generation: "byDefault", sequence: null },
  },
  {
    name: "property autoincrement added to an existing column",
    property: "autoincrement (added)",
    before: () => ({ t: mysqlTable("t", { id: int("id").primaryKey() }) }),
    after: () => ({ t: mysqlTable("t", { id: int("id").autoincrement().primaryKey() }) }),
    read: (table) => column("id")(table)?.identity,
    expected: { generation: "byDefault", sequence: null },
  },
  {
    name: "property autoincrement removed from an existing column",
    property: "autoincrement (removed)",
    before: () => ({ t: mysqlTable("t", { id: int("id").autoincrement().primaryKey() }) }),
    after: () => ({ t: mysqlTable("t", { id: int("id").primaryKey() }) }),
    read: (table) => column("id")(table)?.identity,
    expected: null,
  },
  {
    name: "property serial",
    property: "serial",
    before: () => ({}),
    after: () => ({ t: mysqlTable("t", { id: serial("id").primaryKey() }) }),
    read: (table) => [
      column("id")(table)?.type,
      column("id")(table)?.identity !== null,
      table.uniques.length,
    ],
    expected: ["bigint unsigned", true, 1],
  },
  {
    name: "property foreign key default actions",
    property: "references() without actions",
    before: () => ({ p: parent }),
    after: () => ({
      p: parent,
      t: mysqlTable("t", { id: int("id").primaryKey(), pId: int("p_id").references(() => parent.id) }),
    }),
    read: (table) => [table.foreignKeys[0]?.onDelete, table.foreignKeys[0]?.onUpdate],
    expected: ["no action", "no action"],
  },
  {
    name: "property foreign key restrict",
    property: "references() onDelete restrict",
    before: () => ({
      p: parent,
      t: mysqlTable("t", { id: int("id").primaryKey(), pId: int("p_id").references(() => parent.id) }),
    }),
    after: () => ({
      p: parent,
      t: mysqlTable("t", {
        id: int("id").primaryKey(),
        pId: int("p_id").references(() => parent.id, { onDelete: "restrict", onUpdate: "cascade" }),
      }),
    }),
    read: (table) => [table.foreignKeys[0]?.onDelete, table.foreignKeys[0]?.onUpdate],
    expected: ["restrict", "cascade"],
  },
];
