// A mysql-core schema for the MariaDB zero-diff test. Test-only (excluded from the build).
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  datetime,
  decimal,
  foreignKey,
  index,
  int,
  json,
  mysqlEnum,
  mysqlTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  varchar,
} from "drizzle-orm/mysql-core";

export const customers = mysqlTable(
  "customers",
  {
    id: int("id").autoincrement().primaryKey(),
    email: varchar("email", { length: 255 }).notNull().unique(),
    name: varchar("name", { length: 100 }).notNull().default("it's me"),
    status: mysqlEnum("status", ["new", "active", "gone"]).notNull().default("new"),
    credit: decimal("credit", { precision: 10, scale: 2 }).default("0.00"),
    visits: int("visits", { unsigned: true }).default(0),
    vip: boolean("vip").default(false),
    prefs: json("prefs"),
    createdAt: timestamp("created_at").defaultNow().notNull(),
    updatedAt: timestamp("updated_at").defaultNow().onUpdateNow(),
    lastSeen: datetime("last_seen", { fsp: 3 }),
    note: text("note"),
    appSide: varchar("app_side", { length: 20 }).$defaultFn(() => "computed"),
    emailLower: varchar("email_lower", { length: 255 }).generatedAlwaysAs(sql`lower(email)`, {
      mode: "stored",
    }),
  },
  (t) => [
    check("customers_visits_check", sql`${t.visits} < 1000000`),
    index("customers_name_idx").on(t.name, t.createdAt),
    uniqueIndex("customers_name_status_idx").on(t.name, t.status),
    index("customers_status_hash_idx").on(t.status).using("btree"),
  ],
);

export const orders = mysqlTable(
  "orders",
  {
    // Not serial(): drizzle-kit writes `serial AUTO_INCREMENT`, which MariaDB rejects.
    id: bigint("id", { mode: "number", unsigned: true }).autoincrement().primaryKey(),
    customerId: int("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    total: bigint("total", { mode: "number" }).notNull(),
    code: varchar("code", { length: 12 }),
    region: varchar("region", { length: 8 }),
  },
  (t) => [unique().on(t.code, t.region), index("orders_total_idx").on(t.total)],
);

export const orderLines = mysqlTable(
  "order_lines",
  {
    orderId: bigint("order_id", { mode: "number", unsigned: true }).notNull(),
    line: int("line").notNull(),
    qty: int("qty").notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.line] }),
    foreignKey({ columns: [t.orderId], foreignColumns: [orders.id] })
      .onDelete("restrict")
      .onUpdate("cascade"),
  ],
);
