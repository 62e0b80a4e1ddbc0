// Multi-step MySQL/MariaDB scenarios, the same shape as the PostgreSQL ones. Test-only.
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  decimal,
  foreignKey,
  index,
  int,
  mysqlEnum,
  mysqlTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  varchar,
} from "drizzle-orm/mysql-core";
import { blogScenario } from "./blog-scenario.js";
import { MYSQL_MORE_SCENARIOS } from "./mysql-scenarios-more.js";
import { MYSQL_NARROWING_SCENARIO } from "./narrowing-scenarios.js";
import { type KitDifference, type Scenario, STAGED_RENAME_MOVES_COLUMN } from "./run-scenario.js";

type Columns = Parameters<typeof mysqlTable>[1];

// A blog: create, add a column with an index covering the foreign key, rename a column, widen
// it and add a check, drop the column again.
const blogUsers = mysqlTable("users", {
  id: int("id").primaryKey(),
  email: varchar("email", { length: 120 }).notNull().unique(),
});
const posts = (headline: "title" | "headline", length: number, published: boolean, checked: boolean) =>
  mysqlTable(
    "posts",
    {
      id: int("id").primaryKey(),
      authorId: int("author_id")
        .notNull()
        .references(() => blogUsers.id),
      [headline]: varchar(headline, { length }).notNull(),
      ...(published ? { published: boolean("published").notNull().default(false) } : {}),
    } as unknown as Columns,
    (t) => [
      ...(published
        ? [index("posts_author_published_idx").on(t.authorId as never, t.published as never)]
        : []),
      ...(checked ? [check("posts_headline_check", sql`${t[headline] as never} <> ''`)] : []),
    ],
  );
const blog = blogScenario(
  "blog: create, add column + covering index, rename, widen + check, drop column",
  blogUsers,
  posts,
);

// A shop: an enum column, a table rename, a decimal widening, an enum value added in the middle.
const products = (name: string, precision: number, status?: readonly [string, ...string[]]) =>
  mysqlTable(name, {
    id: int("id").primaryKey().autoincrement(),
    name: text("name").notNull(),
    price: decimal("price", { precision, scale: 2 }).notNull(),
    ...(status === undefined ? {} : { status: mysqlEnum("status", status).notNull().default("draft") }),
  });
const shop: Scenario = {
  name: "shop: enum column, table rename, decimal widening, enum value in the middle",
  steps: [
    {
      title: "products",
      models: () => ({ products: products("products", 10) }),
      seed: ["INSERT INTO products (name, price) VALUES ('pen', 1.50), ('ink', 12.25)"],
    },
    {
      title: "status enum column",
      models: () => ({ products: products("products", 10, ["draft", "live"]) }),
    },
    {
      title: "products renamed to items",
      renames: ["products:items"],
      models: () => ({ items: products("items", 10, ["draft", "live"]) }),
    },
    { title: "price widened", models: () => ({ items: products("items", 14, ["draft", "live"]) }) },
    {
      title: "status gains review in the middle",
      models: () => ({ items: products("items", 14, ["draft", "review", "live"]) }),
    },
  ],
};

// Generated columns: stored with an index, new expression, virtual, the column they compute from
// renamed (in place, staged or not: MariaDB rewrites the expression), plain, dropped.
const people = (label?: (source: string) => ReturnType<typeof varchar>, source = "name") =>
  mysqlTable(
    "people",
    {
      id: int("id").primaryKey(),
      [source]: varchar(source, { length: 40 }).notNull(),
      ...(label === undefined ? {} : { label: label(source) }),
    } as unknown as Parameters<typeof mysqlTable>[1],
    (t) => (label === undefined ? [] : [index("people_label_idx").on(t.label as never)]),
  );
const label = () => varchar("label", { length: 40 });
const virtualUpper = (source: string) =>
  label().generatedAlwaysAs(sql.raw(`upper(${source})`), { mode: "virtual" });
const generated: Scenario = {
  name: "generated column: stored, new expression, virtual, source renamed, plain, dropped",
  steps: [
    {
      title: "stored lower(name) with an index",
      models: () => ({
        people: people(() => label().generatedAlwaysAs(sql`lower(name)`, { mode: "stored" })),
      }),
      seed: ["INSERT INTO people (id, name) VALUES (1, 'Ann'), (2, 'Bob')"],
    },
    {
      title: "stored upper(name)",
      models: () => ({
        people: people(() => label().generatedAlwaysAs(sql`upper(name)`, { mode: "stored" })),
      }),
    },
    { title: "virtual upper(name)", models: () => ({ people: people(virtualUpper) }) },
    {
      title: "name renamed to full_name (the expression follows)",
      renames: ["people.name:full_name"],
      models: () => ({ people: people(virtualUpper, "full_name") }),
    },
    { title: "label becomes plain", models: () => ({ people: people(label, "full_name") }) },
    {
      title: "label dropped",
      loses: ["people.label"],
      models: () => ({ people: people(undefined, "full_name") }),
    },
  ],
};

// AUTO_INCREMENT and ON UPDATE on existing columns, a composite key, a foreign key action.
const accounts = (autoincrement: boolean) =>
  mysqlTable("accounts", {
    id: autoincrement ? int("id").primaryKey().autoincrement() : int("id").primaryKey(),
    name: varchar("name", { length: 40 }).notNull(),
  });
const events = (onUpdateNow: boolean, cascade: boolean, unique: boolean) => {
  const parent = accounts(false);
  return mysqlTable(
    "events",
    {
      accountId: int("account_id").notNull(),
      seq: int("seq").notNull(),
      at: onUpdateNow
        ? timestamp("at").notNull().defaultNow().onUpdateNow()
        : timestamp("at").notNull().defaultNow(),
    },
    (t) => [
      primaryKey({ columns: [t.accountId, t.seq] }),
      foreignKey({ name: "events_account_fk", columns: [t.accountId], foreignColumns: [parent.id] }).onDelete(
        cascade ? "cascade" : "no action",
      ),
      ...(unique ? [uniqueIndex("events_at_idx").on(t.at, t.accountId)] : []),
    ],
  );
};
const audit: Scenario = {
  name: "audit: AUTO_INCREMENT on and off, ON UPDATE added, foreign key action, unique index",
  steps: [
    {
      title: "accounts and events",
      models: () => ({ accounts: accounts(false), events: events(false, false, false) }),
      seed: [
        "INSERT INTO accounts (id, name) VALUES (1, 'acme'), (2, 'globex')",
        "INSERT INTO events (account_id, seq, at) VALUES (1, 1, '2024-01-01 00:00:00'), (2, 1, '2024-01-02 00:00:00')",
      ],
    },
    {
      title: "accounts.id AUTO_INCREMENT",
      models: () => ({ accounts: accounts(true), events: events(false, false, false) }),
    },
    {
      title: "events.at ON UPDATE, cascade",
      models: () => ({ accounts: accounts(true), events: events(true, true, false) }),
    },
    {
      title: "unique index, AUTO_INCREMENT off",
      models: () => ({ accounts: accounts(false), events: events(true, true, true) }),
    },
    { title: "events dropped", loses: ["events"], models: () => ({ accounts: accounts(false) }) },
  ],
};

/** The scenarios run on MariaDB: a handful in CI, all with ATHANOR_SCENARIOS_FULL=1. */
export const MYSQL_SCENARIOS: readonly Scenario[] = [
  blog,
  shop,
  generated,
  audit,
  MYSQL_NARROWING_SCENARIO,
  ...(process.env.ATHANOR_SCENARIOS_FULL === "1" ? MYSQL_MORE_SCENARIOS : []),
];

/** Where our catalog deliberately differs from the one drizzle-kit's SQL builds, and why. */
export const MYSQL_KIT_DIFFERENCES: readonly KitDifference[] = [STAGED_RENAME_MOVES_COLUMN];
