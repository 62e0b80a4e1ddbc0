// A pg-core schema that uses every feature the reader supports; the zero-diff test creates it
// with drizzle-kit and compares. Test-only (excluded from the build).
import { relations, sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgSchema,
  pgSequence,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";

export const mood = pgEnum("mood", ["sad", "ok", "happy"]);
export const app = pgSchema("app");
export const level = app.enum("level", ["low", "high"]);
export const counter = pgSequence("counter", { startWith: 100, increment: 5, cache: 10 });
export const appCounter = app.sequence("app_counter", { minValue: 10, maxValue: 1000, cycle: true });

export const users = pgTable(
  "users",
  {
    id: serial("id").primaryKey(),
    email: varchar("email", { length: 320 }).notNull().unique(),
    handle: text("handle").unique("users_handle_key", { nulls: "not distinct" }),
    name: text("name").notNull().default("it's me"),
    status: mood("status").default("ok").notNull(),
    moods: mood("moods").array().default(sql`'{}'`),
    tags: text("tags").array().notNull().default(["a", "b c"]),
    score: numeric("score", { precision: 12, scale: 2 }).default("0.50"),
    ratio: doublePrecision("ratio").default(1.5),
    active: boolean("active").default(true),
    meta: jsonb("meta").default({ theme: "dark", n: 1 }),
    createdAt: timestamp("created_at", { precision: 3, withTimezone: true }).defaultNow().notNull(),
    seenAt: timestamp("seen_at", { mode: "string", precision: 6 }),
    birthday: date("birthday").default("2000-01-01"),
    token: uuid("token").defaultRandom(),
    appSide: text("app_side").$defaultFn(() => "computed in the app"),
    age: smallint("age"),
    lowerEmail: text("lower_email").generatedAlwaysAs(sql`lower(email)`),
  },
  (t) => [
    // No interpolated JS values here: drizzle-kit would send them as $1 (see the unit tests).
    check("users_age_check", sql`${t.age} >= 0 and ${t.age} < 150`),
    check("users_name_check", sql`${t.name} <> 'bad '' name'`),
    index("users_created_idx").on(t.createdAt.desc(), t.name.asc().nullsFirst()),
    index().on(t.age),
    uniqueIndex("users_lower_email_idx").on(sql`lower(${t.email})`).where(sql`${t.active} = true`),
    index("users_name_pattern_idx").on(t.name.op("text_pattern_ops")),
    index("users_tags_idx").using("gin", t.tags).with({ fastupdate: false }),
    index("users_handle_hash_idx").using("hash", t.handle).concurrently(),
  ],
);

export const accounts = app.table(
  "accounts",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity({ startWith: 1000, increment: 2 }),
    big: bigint("big", { mode: "number" }).generatedByDefaultAsIdentity(),
    ownerId: integer("owner_id").references(() => users.id, { onDelete: "cascade", onUpdate: "set null" }),
    level: level("level").default("low"),
    code: varchar("code", { length: 12 }),
    region: varchar("region", { length: 8 }),
  },
  (t) => [
    unique().on(t.code, t.region).nullsNotDistinct(),
    unique("accounts_owner_code_key").on(t.ownerId, t.code),
  ],
);

export const memberships = pgTable(
  "memberships",
  {
    userId: integer("user_id").notNull(),
    accountId: integer("account_id").notNull(),
    seq: bigserial("seq", { mode: "number" }),
    note: text("note"),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.accountId] }),
    foreignKey({ columns: [t.userId], foreignColumns: [users.id] }).onDelete("restrict"),
    foreignKey({ name: "memberships_account_fk", columns: [t.accountId], foreignColumns: [accounts.id] }),
  ],
);

export const usersRelations = relations(users, ({ many }) => ({ memberships: many(memberships) }));
