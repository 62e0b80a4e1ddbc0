// A sqlite-core schema touching every property the SQLite reader handles: integer modes
// (number, boolean, timestamp, timestamp_ms), blob modes, real, numeric, text with enum, length
// and json mode, defaults (literals, sql``, $defaultFn), generated columns (stored and virtual),
// checks, unique, partial, expression and DESC-less indexes, composite primary keys, foreign keys
// with actions, AUTOINCREMENT; views written with the query builder (a join) and with sql``.
import { sql } from "drizzle-orm";
import {
  blob,
  check,
  foreignKey,
  index,
  integer,
  numeric,
  primaryKey,
  real,
  sqliteTable,
  sqliteView,
  text,
  unique,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

export const accounts = sqliteTable(
  "accounts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull().unique(),
    name: text("name", { length: 80 }),
    plan: text("plan", { enum: ["free", "pro"] })
      .notNull()
      .default("free"),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdAt: integer("created_at", { mode: "timestamp" }).notNull().default(sql`(unixepoch())`),
    seenAt: integer("seen_at", { mode: "timestamp_ms" }).default(new Date(Date.UTC(2024, 0, 2))),
    settings: text("settings", { mode: "json" }).$type<{ theme: string }>().default({ theme: "dark" }),
    avatar: blob("avatar", { mode: "buffer" }),
    big: blob("big", { mode: "bigint" }),
    doc: blob("doc", { mode: "json" }),
    balance: real("balance").notNull().default(0),
    rate: numeric("rate").default("1.50"),
    token: text("token").$defaultFn(() => "app-side"),
    emailLower: text("email_lower").generatedAlwaysAs(sql`lower("email")`, { mode: "virtual" }),
    nameLength: integer("name_length").generatedAlwaysAs(sql`length("name")`, { mode: "stored" }),
  },
  (t) => [
    check("accounts_balance_nonneg", sql`${t.balance} >= 0`),
    index("accounts_active_name_idx").on(t.name).where(sql`${t.active} = 1`),
    index("accounts_lower_email_idx").on(sql`lower(${t.email})`),
    unique("accounts_name_plan_unique").on(t.name, t.plan),
  ],
);

export const projects = sqliteTable(
  "projects",
  {
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade", onUpdate: "cascade" }),
    slug: text("slug").notNull(),
    ownerEmail: text("owner_email"),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.slug] }),
    foreignKey({ columns: [t.ownerEmail], foreignColumns: [accounts.email] }).onDelete("set null"),
  ],
);

export const tasks = sqliteTable(
  "tasks",
  {
    id: integer("id").primaryKey(),
    accountId: integer("account_id").notNull(),
    projectSlug: text("project_slug").notNull(),
    title: text("title").notNull(),
    done: integer("done", { mode: "boolean" }).default(false),
  },
  (t) => [
    foreignKey({
      columns: [t.accountId, t.projectSlug],
      foreignColumns: [projects.accountId, projects.slug],
    }).onDelete("restrict"),
    uniqueIndex("tasks_title_per_project").on(t.accountId, t.projectSlug, t.title),
  ],
);

export const activeAccounts = sqliteView("active_accounts").as((qb) =>
  qb
    .select({
      id: accounts.id,
      email: accounts.email,
      projects: sql<number>`count(${projects.slug})`.as("projects"),
    })
    .from(accounts)
    .leftJoin(projects, sql`${projects.accountId} = ${accounts.id}`)
    .where(sql`${accounts.active} = ${true} and ${accounts.plan} <> ${"it's"}`)
    .groupBy(accounts.id),
);

export const openTasks = sqliteView("open_tasks", { id: integer("id"), title: text("title") }).as(
  sql`select "id", "title" from "tasks" where "done" = 0`,
);

/** Not managed (`.existing()`): left out of the model, as drizzle-kit does. */
export const legacyReport = sqliteView("legacy_report", { n: integer("n") }).existing();
