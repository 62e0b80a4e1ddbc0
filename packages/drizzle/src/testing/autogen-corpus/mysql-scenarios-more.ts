// More MySQL/MariaDB scenarios, run with ATHANOR_SCENARIOS_FULL=1 (CI runs the handful in
// mysql-scenarios.ts). Test-only.
import {
  bigint,
  datetime,
  foreignKey,
  int,
  json,
  mysqlEnum,
  mysqlTable,
  primaryKey,
  varbinary,
  varchar,
} from "drizzle-orm/mysql-core";
import type { Scenario } from "./run-scenario.js";

// Enums: a value at the end, one in the middle, one removed, the default changed.
const diary = (values: readonly [string, ...string[]], fallback: string) =>
  mysqlTable("diary", {
    id: int("id").primaryKey(),
    mood: mysqlEnum("mood", values).notNull().default(fallback),
  });
const enums: Scenario = {
  name: "enum: value at the end, value in the middle, value removed, default changed",
  steps: [
    {
      title: "sad/happy",
      models: () => ({ diary: diary(["sad", "happy"], "happy") }),
      seed: ["INSERT INTO diary (id, mood) VALUES (1, 'happy'), (2, 'happy')"],
    },
    { title: "ecstatic at the end", models: () => ({ diary: diary(["sad", "happy", "ecstatic"], "happy") }) },
    {
      title: "ok in the middle",
      models: () => ({ diary: diary(["sad", "ok", "happy", "ecstatic"], "happy") }),
    },
    { title: "sad removed", models: () => ({ diary: diary(["ok", "happy", "ecstatic"], "happy") }) },
    { title: "default ok", models: () => ({ diary: diary(["ok", "happy", "ecstatic"], "ok") }) },
  ],
};

// Inventory: unsigned key with AUTO_INCREMENT, composite key + cascading foreign key,
// fractional seconds, JSON, varbinary, int → bigint, the child table dropped.
const warehouses = mysqlTable("warehouses", {
  id: int("id", { unsigned: true }).primaryKey().autoincrement(),
  name: varchar("name", { length: 50 }).notNull(),
});
const stock = (opts: { readonly big: boolean; readonly fsp: 0 | 3; readonly extras: boolean }) =>
  mysqlTable(
    "stock",
    {
      warehouseId: int("warehouse_id", { unsigned: true }).notNull(),
      sku: varchar("sku", { length: 30 }).notNull(),
      qty: opts.big ? bigint("qty", { mode: "number" }).notNull() : int("qty").notNull(),
      countedAt: datetime("counted_at", { fsp: opts.fsp }),
      ...(opts.extras ? { meta: json("meta"), tag: varbinary("tag", { length: 16 }) } : {}),
    },
    (t) => [
      primaryKey({ columns: [t.warehouseId, t.sku] }),
      foreignKey({
        name: "stock_warehouse_fk",
        columns: [t.warehouseId],
        foreignColumns: [warehouses.id],
      }).onDelete("cascade"),
    ],
  );
const inventory: Scenario = {
  name: "inventory: unsigned AUTO_INCREMENT, composite key + FK, fsp, JSON, varbinary, int → bigint",
  steps: [
    {
      title: "warehouses and stock",
      models: () => ({ warehouses, stock: stock({ big: false, fsp: 0, extras: false }) }),
      seed: [
        "INSERT INTO warehouses (name) VALUES ('north'), ('south')",
        "INSERT INTO stock (warehouse_id, sku, qty, counted_at) VALUES (1, 'a-1', 5, '2024-01-01 10:00:00'), (2, 'b-2', 7, NULL)",
      ],
    },
    {
      title: "counted_at with milliseconds",
      models: () => ({ warehouses, stock: stock({ big: false, fsp: 3, extras: false }) }),
    },
    {
      title: "JSON and varbinary",
      models: () => ({ warehouses, stock: stock({ big: false, fsp: 3, extras: true }) }),
    },
    {
      title: "qty becomes bigint",
      models: () => ({ warehouses, stock: stock({ big: true, fsp: 3, extras: true }) }),
    },
    { title: "stock dropped", loses: ["stock"], models: () => ({ warehouses }) },
  ],
};

/** The scenarios run only with ATHANOR_SCENARIOS_FULL=1. */
export const MYSQL_MORE_SCENARIOS: readonly Scenario[] = [enums, inventory];
