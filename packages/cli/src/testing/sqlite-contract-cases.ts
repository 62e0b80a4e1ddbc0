// The SQLite cases of the autogenerate → lint → @athanor/testing contract suite
// (autogenerate-contract-sqlite.test.ts), the same shape as the PostgreSQL and MySQL corpora:
// sqlite-core models before and after. They cover what SQLite does in place (add, drop and rename
// a column, create and drop a table, indexes) and every kind of rebuild (type, nullability,
// default, check, foreign key, primary key, generated column), views (created, changed — SQLite has
// no CREATE OR REPLACE VIEW: drop and create — dropped, and kept across a rebuild of the table they
// read), with the running-code rules' silences that autogenerate writes for SQLite. Test-only.
import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
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
    name: "rebuild a table two views read (views kept)",
    before: () => withViews({ age: integer("age") }, "", true),
    after: () => withViews({ age: real("age").notNull().default(0) }, "", true),
  },
];
