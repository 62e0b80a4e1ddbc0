// More PostgreSQL scenarios: the CMS one runs in CI (it meets the deliberate difference from
// drizzle-kit listed in pg-scenarios.ts), the others with ATHANOR_SCENARIOS_FULL=1. Test-only.
import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  foreignKey,
  integer,
  jsonb,
  pgEnum,
  pgSchema,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  unique,
  varchar,
} from "drizzle-orm/pg-core";
import type { Scenario } from "./run-scenario.js";

// Enums: a value inserted in the middle, one removed (rebuild), the column's default changed.
const mood = (values: readonly [string, ...string[]]) => pgEnum("mood", values);
const diary = (m: ReturnType<typeof mood>, fallback: string) =>
  pgTable("diary", { id: integer("id").primaryKey(), mood: m("mood").notNull().default(fallback) });
const enums: Scenario = {
  name: "enum: value in the middle, value removed, default changed",
  steps: [
    {
      title: "diary with mood sad/happy",
      models: () => {
        const m = mood(["sad", "happy"]);
        return { m, diary: diary(m, "happy") };
      },
      seed: ["INSERT INTO diary (id, mood) VALUES (1, 'happy'), (2, 'happy')"],
    },
    {
      title: "ok between them",
      models: () => {
        const m = mood(["sad", "ok", "happy"]);
        return { m, diary: diary(m, "happy") };
      },
    },
    {
      title: "sad removed",
      models: () => {
        const m = mood(["ok", "happy"]);
        return { m, diary: diary(m, "happy") };
      },
    },
    {
      title: "default ok",
      models: () => {
        const m = mood(["ok", "happy"]);
        return { m, diary: diary(m, "ok") };
      },
    },
  ],
};

// A CMS in its own schema: serial key, column rename in the schema, a check over an IN list,
// a jsonb column with a default, a unique constraint dropped.
const cms = pgSchema("cms");
const pages = (
  body: "body" | "content",
  opts: { readonly status?: boolean; readonly meta?: boolean; readonly uniqueSlug: boolean },
) =>
  cms.table(
    "pages",
    {
      id: serial("id").primaryKey(),
      slug: text("slug").notNull(),
      [body]: text(body),
      createdAt: timestamp("created_at").notNull().defaultNow(),
      ...(opts.status === true
        ? { status: varchar("status", { length: 20 }).notNull().default("draft") }
        : {}),
      ...(opts.meta === true ? { meta: jsonb("meta").notNull().default({}) } : {}),
    } as unknown as Parameters<typeof cms.table>[1],
    (t) => [
      ...(opts.uniqueSlug ? [unique("pages_slug_key").on(t.slug as never)] : []),
      ...(opts.status === true
        ? [check("pages_status_check", sql`${t.status as never} in ('draft', 'live')`)]
        : []),
    ],
  );
/** Runs in CI: its IN-list check is where our catalog deliberately differs from drizzle-kit's. */
export const PG_CMS_SCENARIO: Scenario = {
  name: "cms in a schema: serial, column rename, IN-list check, jsonb default, unique dropped",
  steps: [
    {
      title: "pages",
      models: () => ({ cms, pages: pages("body", { uniqueSlug: true }) }),
      seed: ["INSERT INTO cms.pages (slug, body) VALUES ('home', 'Welcome'), ('about', 'Us')"],
    },
    {
      title: "body renamed to content",
      renames: ["column:cms.pages.body:content"],
      models: () => ({ cms, pages: pages("content", { uniqueSlug: true }) }),
    },
    {
      title: "status with an IN-list check",
      models: () => ({ cms, pages: pages("content", { uniqueSlug: true, status: true }) }),
    },
    {
      title: "meta jsonb with a default",
      models: () => ({ cms, pages: pages("content", { uniqueSlug: true, status: true, meta: true }) }),
    },
    {
      title: "slug no longer unique",
      models: () => ({ cms, pages: pages("content", { uniqueSlug: false, status: true, meta: true }) }),
    },
  ],
};

// Inventory: identity key, composite key with a foreign key, varchar to text, integer to
// bigint, the foreign key dropped, the child table dropped.
const warehouses = pgTable("warehouses", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  name: varchar("name", { length: 50 }).notNull(),
});
const warehousesText = pgTable("warehouses", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  name: text("name").notNull(),
});
const stock = (big: boolean, fk: boolean) =>
  pgTable(
    "stock",
    {
      warehouseId: integer("warehouse_id").notNull(),
      sku: varchar("sku", { length: 30 }).notNull(),
      qty: big ? bigint("qty", { mode: "number" }).notNull() : integer("qty").notNull(),
    },
    (t) => [
      primaryKey({ columns: [t.warehouseId, t.sku] }),
      ...(fk
        ? [
            foreignKey({
              name: "stock_warehouse_fk",
              columns: [t.warehouseId],
              foreignColumns: [warehouses.id],
            }),
          ]
        : []),
    ],
  );
const inventory: Scenario = {
  name: "inventory: identity, composite key + foreign key, varchar → text, integer → bigint, drops",
  steps: [
    {
      title: "warehouses and stock",
      models: () => ({ warehouses, stock: stock(false, true) }),
      seed: [
        "INSERT INTO warehouses (name) VALUES ('north'), ('south')",
        "INSERT INTO stock (warehouse_id, sku, qty) VALUES (1, 'a-1', 5), (2, 'b-2', 7)",
      ],
    },
    { title: "name becomes text", models: () => ({ warehouses: warehousesText, stock: stock(false, true) }) },
    { title: "qty becomes bigint", models: () => ({ warehouses: warehousesText, stock: stock(true, true) }) },
    {
      title: "foreign key dropped",
      models: () => ({ warehouses: warehousesText, stock: stock(true, false) }),
    },
    // Dropping the parent instead would make the FK's downgrade fail on the orphaned stock rows.
    { title: "stock dropped", loses: ["stock"], models: () => ({ warehouses: warehousesText }) },
  ],
};

/** The scenarios run only with ATHANOR_SCENARIOS_FULL=1. */
export const PG_MORE_SCENARIOS: readonly Scenario[] = [enums, inventory];
