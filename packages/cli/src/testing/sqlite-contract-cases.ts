// The SQLite cases of the autogenerate → lint → @athanor/testing contract suite
// (autogenerate-contract-sqlite.test.ts), the same shape as the PostgreSQL and MySQL corpora:
// sqlite-core models before and after. They cover what SQLite does in place (add, drop and rename
// a column, create and drop a table, indexes) and every kind of rebuild (type, nullability,
// default, check, foreign key, primary key, generated column), views (created, changed — SQLite has
// no CREATE OR REPLACE VIEW: drop and create — dropped, and kept across a rebuild of the table they
// read), with the running-code rules' silences that autogenerate writes for SQLite. Test-only.
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
  type SQLiteColumnBuilderBase,
  sqliteTable,
  sqliteView,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import type { CorpusCase } from "../../../drizzle/src/testing/autogen-corpus/run-corpus-case.js";

type Columns = Record<string, SQLiteColumnBuilderBase>;
type Extra = Parameters<typeof sqliteTable>[2];
type OnDelete = "cascade" | "set null" | undefined;

const users = (more: Columns = {}, extra?: Extra) =>
  sqliteTable("users", { id: integer("id").primaryKey(), name: text("name").notNull(), ...more }, extra);
/** users with `more`, and posts whose author key points at it (ON DELETE as given). */
const blog = (more: Columns = {}, extra?: Extra, onDelete: OnDelete | "none" = "cascade") => {
  const u = users(more, extra);
  const posts = sqliteTable("posts", {
    id: integer("id").primaryKey(),
    userId:
      onDelete === "none"
        ? integer("user_id")
        : integer("user_id").references(() => u.id, onDelete === undefined ? {} : { onDelete }),
  });
  return { users: u, posts };
};
/** blog with a view of each user's post count (and one over it when `stacked`), filtered as given. */
const withViews = (more: Columns = {}, where = "", stacked = false) => {
  const b = blog(more);
  const counts = sqliteView("post_counts").as((qb) =>
    qb
      .select({ id: b.users.id, name: b.users.name, posts: sql<number>`count(${b.posts.id})`.as("posts") })
      .from(b.users)
      .leftJoin(b.posts, sql`${b.posts.userId} = ${b.users.id}`)
      .where(where === "" ? undefined : sql.raw(where))
      .groupBy(b.users.id),
  );
  const busy = sqliteView("busy_users", { id: integer("id") }).as(
    sql`select "id" from "post_counts" where "posts" > 1`,
  );
  return { ...b, counts, ...(stacked ? { busy } : {}) };
};
/**
 * Every sqlite-core column mode and table feature at once: integer timestamp/boolean modes, blob
 * modes, real, numeric, a text enum and json, stored and virtual generated columns, a check, partial
 * and expression indexes, a unique index a key names (drizzle's `.unique()`), foreign keys with every
 * action (one composite, to a composite primary key) and a view. `note` adds a NOT NULL column
 * (a rebuild of the child of three keys).
 */
const everyFeature = (note = false) => {
  const parents = sqliteTable("parents", { a: integer("a").notNull(), b: text("b").notNull() }, (t) => [
    primaryKey({ columns: [t.a, t.b] }),
  ]);
  const kinds = sqliteTable("kinds", { id: integer("id").primaryKey(), code: text("code").unique() });
  const items = sqliteTable(
    "items",
    {
      id: integer("id").primaryKey({ autoIncrement: true }),
      at: integer("at", { mode: "timestamp" }).notNull().default(sql`(unixepoch())`),
      atMs: integer("at_ms", { mode: "timestamp_ms" }),
      flag: integer("flag", { mode: "boolean" }).notNull().default(false),
      big: blob("big", { mode: "bigint" }),
      buf: blob("buf", { mode: "buffer" }),
      bj: blob("bj", { mode: "json" }),
      price: real("price").default(1.5),
      amount: numeric("amount"),
      status: text("status", { enum: ["a", "b"] }).default("a"),
      meta: text("meta", { mode: "json" }),
      shout: text("shout").generatedAlwaysAs(sql`upper("status")`, { mode: "stored" }),
      quiet: text("quiet").generatedAlwaysAs(sql`lower("status")`, { mode: "virtual" }),
      pa: integer("pa"),
      pb: text("pb"),
      kindId: integer("kind_id").references(() => kinds.id, { onDelete: "set default", onUpdate: "cascade" }),
      kindCode: text("kind_code").references(() => kinds.code, { onDelete: "restrict" }),
      kindN: integer("kind_n").references(() => kinds.id, { onDelete: "no action", onUpdate: "set null" }),
      ...(note ? { note: text("note").notNull().default("n") } : {}),
    },
    (t) => [
      foreignKey({ columns: [t.pa, t.pb], foreignColumns: [parents.a, parents.b], name: "items_parent_fk" })
        .onDelete("cascade")
        .onUpdate("restrict"),
      check("items_price_positive", sql`${t.price} >= 0`),
      index("items_flagged_at").on(t.at).where(sql`${t.flag} = 1`),
      index("items_lower_status").on(sql`lower(${t.status})`, t.id),
      uniqueIndex("items_meta_x").on(sql`json_extract(${t.meta}, '$.x')`),
    ],
  );
  const flagged = sqliteView("flagged_items").as((qb) =>
    qb.select({ id: items.id, flag: items.flag }).from(items),
  );
  return { parents, kinds, items, flagged };
};

const change = (
  name: string,
  before: () => Columns,
  after: () => Columns,
  options: Partial<CorpusCase> = {},
) => ({
  name,
  before: () => blog(before()),
  after: () => blog(after()),
  ...options,
});

/** blog with users' column `mail`, columns generated from it, a check, an expression and a partial index over it. */
const mailBlog = (mail: string) =>
  blog(
    {
      [mail]: text(mail),
      mailLower: text("mail_lower").generatedAlwaysAs(sql.raw(`lower("${mail}")`), { mode: "stored" }),
      mailUpper: text("mail_upper").generatedAlwaysAs(sql.raw(`upper(${mail})`), { mode: "virtual" }),
    },
    (t) => [
      check("users_mail_check", sql.raw(`"${mail}" <> 'it''s mail'`)),
      index("users_mail_expr_idx").on(sql.raw(`lower("${mail}")`)),
      index("users_mail_partial_idx")
        .on(t.id)
        .where(sql.raw(`${mail} IS NOT NULL`)),
    ],
  );

export const SQLITE_CONTRACT_CASES: readonly CorpusCase[] = [
  { name: "create a table", before: () => ({}), after: () => blog() },
  { name: "drop a table", before: () => blog(), after: () => ({ users: users() }) },
  change(
    "add a nullable column",
    () => ({}),
    () => ({ bio: text("bio") }),
  ),
  change(
    "add a NOT NULL column with a default",
    () => ({}),
    () => ({ score: integer("score").notNull().default(0) }),
  ),
  change(
    "add a NOT NULL column without a default (a rebuild)",
    () => ({}),
    () => ({ plan: text("plan").notNull() }),
  ),
  change(
    "drop a column",
    () => ({ bio: text("bio") }),
    () => ({}),
  ),
  change(
    "change a type (rebuild of a parent with ON DELETE CASCADE children)",
    () => ({ age: integer("age") }),
    () => ({ age: real("age") }),
  ),
  change(
    "set NOT NULL (rebuild)",
    () => ({ nick: text("nick") }),
    () => ({ nick: text("nick").notNull() }),
  ),
  change(
    "drop NOT NULL (rebuild)",
    () => ({ nick: text("nick").notNull().default("x") }),
    () => ({ nick: text("nick").default("x") }),
  ),
  change(
    "change a default (rebuild)",
    () => ({
      plan: text("plan", { enum: ["free", "pro"] })
        .notNull()
        .default("free"),
    }),
    () => ({
      plan: text("plan", { enum: ["free", "pro"] })
        .notNull()
        .default("pro"),
    }),
  ),
  change(
    "add a unique column (a unique index)",
    () => ({ email: text("email") }),
    () => ({ email: text("email").unique() }),
  ),
  {
    name: "add a partial and an expression index",
    before: () => blog({ email: text("email") }),
    after: () =>
      blog({ email: text("email") }, (t) => [
        index("users_email_set").on(t.email).where(sql`${t.email} IS NOT NULL`),
        index("users_lower_name").on(sql`lower(${t.name})`),
      ]),
  },
  {
    name: "add a check (rebuild)",
    before: () => blog({ age: integer("age") }),
    after: () => blog({ age: integer("age") }, (t) => [check("users_age_positive", sql`${t.age} > 0`)]),
  },
  {
    name: "change a foreign key's ON DELETE (rebuild of the child)",
    before: () => blog(),
    after: () => blog({}, undefined, "set null"),
  },
  {
    name: "drop a foreign key (rebuild of the child)",
    before: () => blog(),
    after: () => blog({}, undefined, "none"),
  },
  change(
    "change a generated column's expression",
    () => ({ shout: text("shout").generatedAlwaysAs(sql`upper("name")`, { mode: "virtual" }) }),
    () => ({ shout: text("shout").generatedAlwaysAs(sql`upper("name") || '!'`, { mode: "virtual" }) }),
  ),
  change(
    "rename a column (--rename)",
    () => ({ mail: text("mail") }),
    () => ({ email: text("email") }),
    {
      renames: ["users.mail:email"],
    },
  ),
  {
    // SQLite's RENAME COLUMN rewrites the generated columns, the check and the indexes that
    // read the column: renamed in place, no rebuild around it
    name: "rename a column generated columns, a check and expression indexes use (--rename)",
    before: () => mailBlog("mail"),
    after: () => mailBlog("email"),
    renames: ["users.mail:email"],
  },
  {
    name: "create a table with AUTOINCREMENT and a composite unique index",
    before: () => blog(),
    after: () => {
      const b = blog();
      const tags = sqliteTable(
        "tags",
        {
          id: integer("id").primaryKey({ autoIncrement: true }),
          postId: integer("post_id")
            .notNull()
            .references(() => b.posts.id),
          label: text("label").notNull(),
        },
        (t) => [uniqueIndex("tags_post_label").on(t.postId, t.label)],
      );
      return { ...b, tags };
    },
  },
  {
    name: "switch a composite primary key (rebuild)",
    before: () => ({
      ...blog(),
      members: sqliteTable("members", { a: integer("a").notNull(), b: integer("b").notNull() }, (t) => [
        primaryKey({ columns: [t.a] }),
      ]),
    }),
    after: () => ({
      ...blog(),
      members: sqliteTable("members", { a: integer("a").notNull(), b: integer("b").notNull() }, (t) => [
        primaryKey({ columns: [t.a, t.b] }),
      ]),
    }),
  },
  change(
    "several changes to one table in one revision",
    () => ({ age: integer("age"), nick: text("nick"), bio: text("bio") }),
    () => ({ age: real("age").notNull().default(0), nick: text("nick").default("x"), rank: integer("rank") }),
  ),
  { name: "create views (one reads the other)", before: () => blog(), after: () => withViews("", "", true) },
  {
    name: "change a view's query (dropped and created: no CREATE OR REPLACE VIEW)",
    before: () => withViews({}, "", true),
    after: () => withViews({}, `"users"."name" <> ''`, true),
  },
  { name: "drop a view", before: () => withViews({}, "", true), after: () => withViews() },
  {
    name: "create tables using every sqlite-core column mode and key action",
    before: () => ({}),
    after: () => everyFeature(),
  },
  {
    name: "rebuild the child of a composite, a unique-index and a SET DEFAULT key (every mode kept)",
    before: () => everyFeature(),
    after: () => everyFeature(true),
  },
  {
    name: "rebuild a table two views read (views kept)",
    before: () => withViews({ age: integer("age") }, "", true),
    after: () => withViews({ age: real("age").notNull().default(0) }, "", true),
  },
  {
    // SQLite compares names without case: one table and one column to it, renamed (the table
    // through a temporary name) without a hint; a drop and a create would fail lint and upgrade
    name: "a table and a column spelled in another case (no hint)",
    before: () => respelled("Members", "Handle"),
    after: () => respelled("members", "handle"),
  },
  {
    // the key's label members_pkey follows the new name without a rebuild of the table
    name: "rename a table (--rename) that a child's key references",
    before: () => respelled("members", "handle"),
    after: () => respelled("people", "handle"),
    renames: ["members:people"],
  },
];

/** A table `name` with a column `handle`, and a child whose key references it (ON DELETE CASCADE). */
function respelled(name: string, handle: string) {
  const parent = sqliteTable(name, { id: integer("id").primaryKey(), handle: text(handle).notNull() });
  const notes = sqliteTable("notes", {
    id: integer("id").primaryKey(),
    memberId: integer("member_id").references(() => parent.id, { onDelete: "cascade" }),
  });
  return { parent, notes };
}
