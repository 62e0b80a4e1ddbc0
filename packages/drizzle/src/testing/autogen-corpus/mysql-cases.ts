// The MySQL/MariaDB autogenerate corpus, the same shape as the PostgreSQL one. Test-only.
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
  mysqlView,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  varchar,
} from "drizzle-orm/mysql-core";
import type { CorpusCase } from "./run-corpus-case.js";

type Columns = Parameters<typeof mysqlTable>[1];
type Extra = Parameters<typeof mysqlTable>[2];

const users = (more: Columns = {}, extra?: Extra) =>
  mysqlTable(
    "users",
    { id: int("id").primaryKey(), email: varchar("email", { length: 255 }).notNull(), ...more },
    extra,
  );
const col = (name: string, make: () => Columns[string], extra?: Extra) => ({
  users: users({ [name]: make() }, extra),
});
const change = (
  name: string,
  before: () => Columns[string],
  after: () => Columns[string],
  options: Partial<CorpusCase> = {},
): CorpusCase => ({
  name,
  before: () => col("v", before),
  after: () => col("v", after),
  ...options,
});
/** Like {@link change}, with an index on `v` and one on `(email, v)` that must survive the change. */
const indexed = (name: string, before: () => Columns[string], after: () => Columns[string]): CorpusCase => {
  const extra: Extra = (t) => [
    index("users_v_idx").on(t.v as never),
    index("users_email_v_idx").on(t.email as never, t.v as never),
  ];
  return { name, before: () => col("v", before, extra), after: () => col("v", after, extra) };
};
const v40 = () => varchar("v", { length: 40 });
const lower = sql`lower(email)`;
const upper = sql`upper(email)`;
const usersBase = users();
const posts = (onDelete?: "cascade" | "set null") =>
  mysqlTable("posts", {
    id: int("id").primaryKey(),
    authorId: int("author_id").references(() => usersBase.id, onDelete ? { onDelete } : {}),
  });

/** `users` whose stored and virtual columns are generated from column `mail`, with a check over it. */
const mailUsers = (mail: string) =>
  mysqlTable(
    "users",
    {
      id: int("id").primaryKey(),
      [mail]: varchar(mail, { length: 100 }),
      mailLower: varchar("mail_lower", { length: 100 }).generatedAlwaysAs(sql.raw(`lower(${mail})`), {
        mode: "stored",
      }),
      mailUpper: varchar("mail_upper", { length: 100 }).generatedAlwaysAs(sql.raw(`upper(${mail})`), {
        mode: "virtual",
      }),
    },
    (t) => [
      // a quote in a string literal (MariaDB prints it as \') and the old name in one: both kept
      check("users_mail_check", sql.raw(`${mail} <> 'it''s mail'`)),
      index("users_mail_upper_idx").on(t.mailUpper),
    ],
  );

/**
 * `accounts(id, <mail>, mail_lower generated from it, balance decimal(precision, 2))` and a view
 * reading every column: a rename of `<mail>` runs in place (a generated column computes from
 * it), so the ordinary revision recreates the view, while the balance type change is staged.
 */
function viewOverMailAccounts(mail: string, precision: number) {
  const accounts = mysqlTable("accounts", {
    id: int("id").primaryKey(),
    [mail]: varchar(mail, { length: 100 }),
    mailLower: varchar("mail_lower", { length: 100 }).generatedAlwaysAs(sql.raw(`lower(${mail})`), {
      mode: "stored",
    }),
    balance: decimal("balance", { precision, scale: 2 }).notNull(),
  });
  const rich = mysqlView("rich").as((qb) =>
    qb.select().from(accounts).where(sql`${accounts.balance} > 1000`),
  );
  return { accounts, rich };
}

export const MYSQL_CASES: readonly CorpusCase[] = [
  { name: "create a table", before: () => ({}), after: () => ({ users: users() }) },
  { name: "drop a table", before: () => ({ users: users() }), after: () => ({}) },
  {
    name: "add a nullable column",
    before: () => ({ users: users() }),
    after: () => col("bio", () => text("bio")),
  },
  {
    name: "add a not-null column with a default",
    before: () => ({ users: users() }),
    after: () => col("n", () => int("n").notNull().default(0)),
  },
  { name: "drop a column", before: () => col("bio", () => text("bio")), after: () => ({ users: users() }) },
  change(
    "varchar to int",
    () => varchar("v", { length: 20 }),
    () => int("v"),
  ),
  change(
    "widen varchar",
    () => varchar("v", { length: 20 }),
    () => varchar("v", { length: 50 }),
  ),
  change(
    "narrow varchar",
    () => varchar("v", { length: 50 }),
    () => varchar("v", { length: 20 }),
  ),
  change(
    "decimal precision",
    () => decimal("v", { precision: 10, scale: 2 }),
    () => decimal("v", { precision: 12, scale: 4 }),
  ),
  change(
    "int to bigint",
    () => int("v"),
    () => bigint("v", { mode: "number" }),
  ),
  change(
    "datetime precision",
    () => datetime("v"),
    () => datetime("v", { fsp: 3 }),
  ),
  change(
    "text to json",
    () => text("v"),
    () => json("v"),
  ),
  change(
    "set not null",
    () => int("v"),
    () => int("v").notNull(),
  ),
  // MariaDB's JSON is LONGTEXT with a json_valid check on the column: MODIFY COLUMN must keep it
  change(
    "json set not null",
    () => json("v"),
    () => json("v").notNull(),
  ),
  change(
    "drop not null",
    () => int("v").notNull(),
    () => int("v"),
  ),
  change(
    "add a default",
    () => varchar("v", { length: 10 }),
    () => varchar("v", { length: 10 }).default("x"),
  ),
  change(
    "change a default",
    () => varchar("v", { length: 10 }).default("x"),
    () => varchar("v", { length: 10 }).default("it's"),
  ),
  change(
    "drop a default",
    () => int("v").default(1),
    () => int("v"),
  ),
  change(
    "boolean default",
    () => boolean("v"),
    () => boolean("v").default(true),
  ),
  change(
    "timestamp default now",
    () => timestamp("v"),
    () => timestamp("v").defaultNow(),
  ),
  change(
    "enum column",
    () => varchar("v", { length: 10 }),
    () => mysqlEnum("v", ["a", "b"]),
  ),
  change(
    "enum gains a value",
    () => mysqlEnum("v", ["a", "b"]),
    () => mysqlEnum("v", ["a", "b", "c"]),
  ),
  change(
    "enum loses a value",
    () => mysqlEnum("v", ["a", "b", "c"]),
    () => mysqlEnum("v", ["a", "c"]),
  ),
  {
    name: "add a generated column",
    before: () => ({ users: users() }),
    after: () =>
      col("g", () => varchar("g", { length: 255 }).generatedAlwaysAs(sql`lower(email)`, { mode: "stored" })),
  },
  indexed(
    "stored generated expression changes, indexes kept",
    () => v40().generatedAlwaysAs(lower, { mode: "stored" }),
    () => v40().generatedAlwaysAs(upper, { mode: "stored" }),
  ),
  indexed(
    "virtual generated expression changes, indexes kept",
    () => v40().generatedAlwaysAs(lower, { mode: "virtual" }),
    () => v40().generatedAlwaysAs(upper, { mode: "virtual" }),
  ),
  indexed(
    "stored generated column becomes plain",
    () => v40().generatedAlwaysAs(lower, { mode: "stored" }),
    () => v40().notNull(),
  ),
  indexed(
    "virtual generated column becomes plain",
    () => v40().generatedAlwaysAs(lower, { mode: "virtual" }),
    () => v40(),
  ),
  indexed(
    "plain column becomes stored generated",
    () => v40().notNull().default("x"),
    () => v40().generatedAlwaysAs(lower, { mode: "stored" }),
  ),
  indexed(
    "plain column becomes virtual generated",
    () => v40(),
    () => v40().generatedAlwaysAs(lower, { mode: "virtual" }),
  ),
  indexed(
    "stored generated column becomes virtual",
    () => v40().generatedAlwaysAs(lower, { mode: "stored" }),
    () => v40().generatedAlwaysAs(upper, { mode: "virtual" }),
  ),
  {
    name: "AUTO_INCREMENT added to a key column",
    before: () => ({ t: mysqlTable("t", { id: int("id").primaryKey(), n: int("n") }) }),
    after: () => ({ t: mysqlTable("t", { id: int("id").autoincrement().primaryKey(), n: int("n") }) }),
  },
  {
    name: "AUTO_INCREMENT removed from a key column",
    before: () => ({
      t: mysqlTable("t", { id: bigint("id", { mode: "number" }).autoincrement().primaryKey() }),
    }),
    after: () => ({ t: mysqlTable("t", { id: bigint("id", { mode: "number" }).primaryKey() }) }),
  },
  {
    name: "AUTO_INCREMENT added with the primary key it needs",
    before: () => ({ t: mysqlTable("t", { id: int("id").notNull(), n: int("n") }) }),
    after: () => ({ t: mysqlTable("t", { id: int("id").autoincrement().primaryKey(), n: int("n") }) }),
  },
  {
    name: "AUTO_INCREMENT removed with its primary key, type widened",
    before: () => ({ t: mysqlTable("t", { id: int("id").autoincrement().primaryKey(), n: int("n") }) }),
    after: () => ({ t: mysqlTable("t", { id: bigint("id", { mode: "number" }).notNull(), n: int("n") }) }),
  },
  {
    name: "add a primary key",
    before: () => ({ t: mysqlTable("t", { a: int("a").notNull() }) }),
    after: () => ({ t: mysqlTable("t", { a: int("a").notNull().primaryKey() }) }),
  },
  {
    name: "composite primary key changes",
    before: () => ({
      t: mysqlTable("t", { a: int("a").notNull(), b: int("b").notNull() }, (t) => [
        primaryKey({ columns: [t.a] }),
      ]),
    }),
    after: () => ({
      t: mysqlTable("t", { a: int("a").notNull(), b: int("b").notNull() }, (t) => [
        primaryKey({ columns: [t.a, t.b] }),
      ]),
    }),
  },
  {
    name: "add a unique column",
    before: () => ({ users: users() }),
    after: () => col("nick", () => varchar("nick", { length: 40 }).unique()),
  },
  {
    name: "drop a unique constraint",
    before: () => col("nick", () => varchar("nick", { length: 40 }).unique()),
    after: () => col("nick", () => varchar("nick", { length: 40 })),
  },
  {
    name: "composite unique",
    before: () => col("nick", () => varchar("nick", { length: 40 })),
    after: () =>
      col(
        "nick",
        () => varchar("nick", { length: 40 }),
        (t) => [unique("users_email_nick_key").on(t.email, t.nick)],
      ),
  },
  {
    name: "add a foreign key table",
    before: () => ({ users: usersBase }),
    after: () => ({ users: usersBase, posts: posts() }),
  },
  {
    name: "foreign key action changes",
    before: () => ({ users: usersBase, posts: posts() }),
    after: () => ({ users: usersBase, posts: posts("cascade") }),
  },
  {
    name: "drop a foreign key",
    before: () => ({ users: usersBase, posts: posts("set null") }),
    after: () => ({
      users: usersBase,
      posts: mysqlTable("posts", { id: int("id").primaryKey(), authorId: int("author_id") }),
    }),
  },
  {
    name: "self-referencing table",
    before: () => ({}),
    after: () => {
      const node = mysqlTable("node", { id: int("id").primaryKey(), parentId: int("parent_id") }, (t) => [
        foreignKey({ columns: [t.parentId], foreignColumns: [t.id], name: "node_parent_fk" }),
      ]);
      return { node };
    },
  },
  {
    name: "add a check",
    before: () => col("n", () => int("n")),
    after: () =>
      col(
        "n",
        () => int("n"),
        (t) => [check("users_n_check", sql`${t.n} >= 0`)],
      ),
  },
  {
    name: "change a check",
    before: () =>
      col(
        "n",
        () => int("n"),
        (t) => [check("users_n_check", sql`${t.n} >= 0`)],
      ),
    after: () =>
      col(
        "n",
        () => int("n"),
        (t) => [check("users_n_check", sql`${t.n} > 10`)],
      ),
  },
  {
    name: "drop a check",
    before: () =>
      col(
        "n",
        () => int("n"),
        (t) => [check("users_n_check", sql`${t.n} >= 0`)],
      ),
    after: () => col("n", () => int("n")),
  },
  {
    name: "add an index",
    before: () => ({ users: users() }),
    after: () => ({ users: users({}, (t) => [index("users_email_idx").on(t.email)]) }),
  },
  {
    name: "drop an index",
    before: () => ({ users: users({}, (t) => [index("users_email_idx").on(t.email)]) }),
    after: () => ({ users: users() }),
  },
  {
    name: "unique index",
    before: () => ({ users: users() }),
    after: () => ({ users: users({}, (t) => [uniqueIndex("users_email_uidx").on(t.email)]) }),
  },
  {
    name: "composite index changes",
    before: () =>
      col(
        "n",
        () => int("n"),
        (t) => [index("users_email_n_idx").on(t.email)],
      ),
    after: () =>
      col(
        "n",
        () => int("n"),
        (t) => [index("users_email_n_idx").on(t.email, t.n)],
      ),
  },
  {
    name: "rename a column (hint)",
    before: () => col("mail", () => varchar("mail", { length: 100 })),
    after: () => col("contact", () => varchar("contact", { length: 100 })),
    renames: ["users.mail:contact"],
  },
  {
    // MariaDB's RENAME COLUMN rewrites the generated columns and the check that read the column:
    // renamed in place (no table copy for a re-generated column), nothing altered around it
    name: "rename a column generated columns and a check use (hint)",
    before: () => ({ users: mailUsers("mail") }),
    after: () => ({ users: mailUsers("email") }),
    renames: ["users.mail:email"],
  },
  {
    // the in-place rename's revision recreates the view; the staged retype's contract drops and
    // recreates it again, and its downgrade must restore the view as the rename left it
    name: "rename in place and retype another column of a table a view reads (staged, hint)",
    before: () => viewOverMailAccounts("email", 10),
    after: () => viewOverMailAccounts("mail", 14),
    renames: ["accounts.email:mail"],
  },
  {
    // the staged recipes put each column back where it was, both ways, around their neighbours
    name: "rename, retype and drop side by side (hint)",
    before: () => ({
      users: users({
        mail: varchar("mail", { length: 100 }),
        v: int("v"),
        old: text("old"),
        tail: int("tail"),
      }),
    }),
    after: () => ({
      users: users({
        contact: varchar("contact", { length: 100 }),
        v: bigint("v", { mode: "number" }),
        tail: int("tail"),
      }),
    }),
    renames: ["users.mail:contact"],
  },
  {
    // ALTER TABLE ... RENAME INDEX: the index is never missing (a unique rule never unenforced)
    name: "rename an index and a unique index (models)",
    before: () => ({
      t: mysqlTable(
        "t",
        { id: int("id").primaryKey(), email: varchar("email", { length: 100 }), n: int("n") },
        (t) => [uniqueIndex("t_email_idx").on(t.email), index("t_n_idx").on(t.n)],
      ),
    }),
    after: () => ({
      t: mysqlTable(
        "t",
        { id: int("id").primaryKey(), email: varchar("email", { length: 100 }), n: int("n") },
        (t) => [uniqueIndex("t_email_key").on(t.email), index("t_n_key").on(t.n)],
      ),
    }),
  },
  {
    // MySQL compares column names without case: one column to the server, renamed in place
    // without a hint or a staged move (a second column `mail` cannot be added beside `Mail`)
    name: "a column spelled in another case (no hint)",
    before: () => col("Mail", () => varchar("Mail", { length: 100 }).notNull()),
    after: () => col("mail", () => varchar("mail", { length: 100 }).notNull()),
  },
  {
    name: "rename a table (hint)",
    before: () => ({ people: mysqlTable("people", { id: int("id").primaryKey() }) }),
    after: () => ({ humans: mysqlTable("humans", { id: int("id").primaryKey() }) }),
    renames: ["people:humans"],
  },
  {
    // one ALTER TABLE ... DROP INDEX, ADD UNIQUE: never a moment without the unique rule
    name: "unique index widened under its name",
    before: () =>
      col(
        "tenant",
        () => int("tenant"),
        (t) => [uniqueIndex("users_email_uidx").on(t.email)],
      ),
    after: () =>
      col(
        "tenant",
        () => int("tenant"),
        (t) => [uniqueIndex("users_email_uidx").on(t.tenant as never, t.email)],
      ),
  },
  {
    name: "index made unique under its name",
    before: () =>
      col(
        "n",
        () => int("n"),
        (t) => [index("users_n_key").on(t.n as never)],
      ),
    after: () =>
      col(
        "n",
        () => int("n"),
        (t) => [uniqueIndex("users_n_key").on(t.n as never)],
      ),
  },
  {
    // the swap no longer covers the foreign key: its own index is added in the same ALTER
    name: "index redefined under its name stops covering a foreign key",
    before: () => ({ users: usersBase, posts: postsWithAt(true) }),
    after: () => ({ users: usersBase, posts: postsWithAt(true, true) }),
  },
  {
    name: "covering index that starts with a foreign key column",
    before: () => ({ users: usersBase, posts: postsWithAt() }),
    after: () => ({ users: usersBase, posts: postsWithAt(true) }),
  },
  {
    name: "create a table whose index covers its foreign key",
    before: () => ({ users: usersBase }),
    after: () => ({ users: usersBase, posts: postsWithAt(true) }),
  },
  {
    name: "drop the covering index of a foreign key",
    before: () => ({ users: usersBase, posts: postsWithAt(true) }),
    after: () => ({ users: usersBase, posts: postsWithAt() }),
  },
];

/** `posts` with a foreign key on `author_id`, and optionally an index that starts with it (or, `flipped`, ends with it). */
function postsWithAt(covering = false, flipped = false) {
  return mysqlTable(
    "posts",
    {
      id: int("id").primaryKey(),
      authorId: int("author_id").references(() => usersBase.id),
      at: int("at"),
    },
    (t) =>
      covering
        ? [index("posts_author_at_idx").on(...(flipped ? [t.at, t.authorId] : [t.authorId, t.at]))]
        : [],
  );
}
