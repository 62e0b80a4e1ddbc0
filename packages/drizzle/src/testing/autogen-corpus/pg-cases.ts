// The PostgreSQL autogenerate corpus: each case is a before and an after Drizzle module (as
// plain export objects) and, for renames, the hints a user would pass. Test-only.
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgSchema,
  pgSequence,
  pgTable,
  pgView,
  primaryKey,
  serial,
  text,
  timestamp,
  unique,
  uniqueIndex,
  varchar,
} from "drizzle-orm/pg-core";
import type { CorpusCase } from "./run-corpus-case.js";

type Columns = Parameters<typeof pgTable>[1];
type Extra = Parameters<typeof pgTable>[2];

/** `users(id integer pk, email text not null, ...more)` with optional extra config. */
const users = (more: Columns = {}, extra?: Extra) =>
  pgTable("users", { id: integer("id").primaryKey(), email: text("email").notNull(), ...more }, extra);

/** A serial-keyed table `name` and `orders`, whose foreign key references it. */
function orders(name: string) {
  const owner = pgTable(name, { id: serial("id").primaryKey(), email: text("email").notNull() });
  return {
    owner,
    orders: pgTable("orders", {
      id: serial("id").primaryKey(),
      ownerId: integer("owner_id").references(() => owner.id),
    }),
  };
}

const col = (name: string, make: () => Columns[string], extra?: Extra) => ({
  users: users({ [name]: make() }, extra),
});
const change = (
  name: string,
  before: () => Columns[string],
  after: () => Columns[string],
  options: Partial<CorpusCase> = {},
): CorpusCase => ({ name, before: () => col("v", before), after: () => col("v", after), ...options });

/** Like {@link change}, with an index on `v` and one on `(email, v)` that must survive the change. */
const indexed = (name: string, before: () => Columns[string], after: () => Columns[string]): CorpusCase => {
  const extra: Extra = (t) => [
    index("users_v_idx").on(t.v as never),
    index("users_email_v_idx").on(t.email as never, t.v as never),
  ];
  return { name, before: () => col("v", before, extra), after: () => col("v", after, extra) };
};

/** Indexes of every shape and a CHECK on the one column `v` or `w` a case moves. */
const movedColumnExtras: Extra = (t) => {
  const c = ((t as Record<string, unknown>).v ?? (t as Record<string, unknown>).w) as never;
  return [
    index("users_v_idx").on(c),
    index("users_email_v_idx").on(t.email as never, c),
    index("users_v_twice_idx").on(sql`(${c} * 2)`),
    index("users_email_positive_idx")
      .on(t.email as never)
      .where(sql`${c} > 0`),
    check("users_v_check", sql`${c} >= 0`),
  ];
};

/**
 * `accounts(id, <label> not null, balance numeric(precision, 2))` and a view reading every column;
 * `generated`: plus `label_lower` computed from the label (a rename of it then runs in place).
 */
function viewOverAccounts(label: string, precision: number, generated = false) {
  const accounts = pgTable("accounts", {
    id: integer("id").primaryKey(),
    [label]: varchar(label, { length: 40 }).notNull(),
    balance: numeric("balance", { precision, scale: 2 }).notNull(),
    ...(generated ? { labelLower: text("label_lower").generatedAlwaysAs(sql.raw(`lower("${label}")`)) } : {}),
  });
  const rich = pgView("rich").as((qb) => qb.select().from(accounts).where(sql`${accounts.balance} > 1000`));
  return { accounts, rich };
}

/** `t(name varchar(length), label)` with label generated from name (or plain) and indexed. */
const sources = (length: number, generated: boolean) =>
  pgTable(
    "t",
    {
      id: integer("id").primaryKey(),
      name: varchar("name", { length }).notNull(),
      label: generated ? text("label").generatedAlwaysAs(sql`lower(name)`) : text("label"),
    },
    (t) => [index("t_label_idx").on(t.label)],
  );

/** `users` whose `mail_lower` is generated from column `mail`, with a check and indexes over it too. */
const mailUsers = (mail: string) =>
  pgTable(
    "users",
    {
      id: integer("id").primaryKey(),
      [mail]: text(mail),
      mailLower: text("mail_lower").generatedAlwaysAs(sql.raw(`lower("${mail}")`)),
    },
    (t) => [
      check("users_mail_check", sql.raw(`"${mail}" <> 'it''s mail'`)),
      index("users_mail_lower_idx").on(t.mailLower),
      index("users_mail_expr_idx").on(sql.raw(`upper("${mail}")`)),
      index("users_mail_partial_idx")
        .on(t.id)
        .where(sql.raw(`"${mail}" IS NOT NULL`)),
    ],
  );

const posts = (onDelete?: "cascade" | "set null") =>
  pgTable("posts", {
    id: integer("id").primaryKey(),
    authorId: integer("author_id").references(() => usersBase.id, onDelete ? { onDelete } : {}),
  });
const usersBase = users();

const mood3 = pgEnum("mood", ["sad", "ok", "happy"]);
const mood2 = pgEnum("mood", ["sad", "happy"]);
const mood4 = pgEnum("mood", ["sad", "ok", "happy", "ecstatic"]);
const moodMiddle = pgEnum("mood", ["sad", "meh", "ok", "happy", "glad"]);
const audit = pgSchema("audit");

export const PG_CASES: readonly CorpusCase[] = [
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
    after: () => col("n", () => integer("n").notNull().default(0)),
  },
  { name: "drop a column", before: () => col("bio", () => text("bio")), after: () => ({ users: users() }) },
  change(
    "type text to integer (USING cast)",
    () => text("v"),
    () => integer("v"),
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
    "numeric precision",
    () => numeric("v", { precision: 10, scale: 2 }),
    () => numeric("v", { precision: 12, scale: 4 }),
  ),
  change(
    "timestamp gains a time zone",
    () => timestamp("v"),
    () => timestamp("v", { withTimezone: true, precision: 3 }),
  ),
  change(
    "integer to bigint",
    () => integer("v"),
    () => bigint("v", { mode: "number" }),
  ),
  // a staged move builds the new column's indexes CONCURRENTLY and its CHECKs NOT VALID before
  // the contract, which only renames them into place (it used to create them under its lock)
  {
    name: "integer to bigint, staged, with a plain, a multi-column, an expression and a partial index and a CHECK",
    before: () => col("v", () => integer("v"), movedColumnExtras),
    after: () => col("v", () => bigint("v", { mode: "number" }), movedColumnExtras),
  },
  {
    name: "rename a column with a plain, a multi-column, an expression and a partial index and a CHECK (hint)",
    before: () => col("v", () => integer("v"), movedColumnExtras),
    after: () => col("w", () => integer("w"), movedColumnExtras),
    renames: ["users.v:w"],
  },
  {
    // the rename takes the view's drop/create pair to the contract; the ordinary revision's type
    // change still needs the view out of the way (PostgreSQL refuses to retype a column it reads)
    name: "rename a column and retype another of a table a view reads (staged, hint)",
    before: () => viewOverAccounts("name", 10),
    after: () => viewOverAccounts("title", 14),
    renames: ["accounts.name:title"],
  },
  {
    // a generated column keeps the rename in place, in the ordinary revision with the view's
    // pair; the staged retype's contract drops the view as that revision left it
    name: "rename in place and retype another column of a table a view reads (staged, hint)",
    before: () => viewOverAccounts("name", 10, true),
    after: () => viewOverAccounts("title", 14, true),
    renames: ["accounts.name:title"],
  },
  change(
    "set not null",
    () => text("v"),
    () => text("v").notNull(),
  ),
  change(
    "drop not null",
    () => text("v").notNull(),
    () => text("v"),
  ),
  change(
    "add a default",
    () => text("v"),
    () => text("v").default("x"),
  ),
  change(
    "change a default",
    () => text("v").default("x"),
    () => text("v").default("it's"),
  ),
  change(
    "drop a default",
    () => integer("v").default(1),
    () => integer("v"),
  ),
  change(
    "default now()",
    () => timestamp("v"),
    () => timestamp("v").defaultNow(),
  ),
  change(
    "jsonb default",
    () => jsonb("v"),
    () => jsonb("v").default({ a: 1 }),
  ),
  change(
    "array column default",
    () => text("v").array(),
    () => text("v").array().default(sql`'{}'`),
  ),
  change(
    "become identity",
    () => integer("v").notNull(),
    () => integer("v").generatedAlwaysAsIdentity(),
  ),
  change(
    "stop being identity",
    () => integer("v").generatedByDefaultAsIdentity(),
    () => integer("v").notNull(),
  ),
  change(
    "identity always to by default",
    () => integer("v").generatedAlwaysAsIdentity(),
    () => integer("v").generatedByDefaultAsIdentity(),
  ),
  change(
    "identity options",
    () => integer("v").generatedAlwaysAsIdentity(),
    () => integer("v").generatedAlwaysAsIdentity({ startWith: 100, increment: 5 }),
  ),
  {
    name: "add a generated column",
    before: () => ({ users: users() }),
    after: () => col("g", () => text("g").generatedAlwaysAs(sql`lower(email)`)),
  },
  change(
    "change a generated expression",
    () => text("v").generatedAlwaysAs(sql`lower(email)`),
    () => text("v").generatedAlwaysAs(sql`upper(email)`),
  ),
  indexed(
    "change a generated expression with indexes on it",
    () => text("v").generatedAlwaysAs(sql`lower(email)`),
    () => text("v").generatedAlwaysAs(sql`upper(email)`),
  ),
  {
    name: "change a generated expression with a unique, a check and a partial index on it",
    before: () =>
      col(
        "v",
        () => text("v").generatedAlwaysAs(sql`lower(email)`),
        (t) => [
          unique("users_v_key").on(t.v as never),
          check("users_v_check", sql`${t.v as never} <> ''`),
          index("users_id_partial_idx")
            .on(t.id as never)
            .where(sql`${t.v as never} is not null`),
        ],
      ),
    after: () =>
      col(
        "v",
        () => text("v").generatedAlwaysAs(sql`upper(email)`),
        (t) => [
          unique("users_v_key").on(t.v as never),
          check("users_v_check", sql`${t.v as never} <> ''`),
          index("users_id_partial_idx")
            .on(t.id as never)
            .where(sql`${t.v as never} is not null`),
        ],
      ),
  },
  {
    name: "generated column with a unique and a check becomes plain (downgrade rebuilds them)",
    before: () =>
      col(
        "v",
        () => text("v").generatedAlwaysAs(sql`lower(email)`),
        (t) => [unique("users_v_key").on(t.v as never), check("users_v_check", sql`${t.v as never} <> ''`)],
      ),
    after: () =>
      col(
        "v",
        () => text("v"),
        (t) => [unique("users_v_key").on(t.v as never), check("users_v_check", sql`${t.v as never} <> ''`)],
      ),
  },
  {
    name: "type change of a column a generated column computes from (generated column rebuilt with its index)",
    before: () => ({ t: sources(20, true) }),
    after: () => ({ t: sources(50, true) }),
  },
  {
    name: "type change of a generated column's source while it becomes plain",
    before: () => ({ t: sources(20, true) }),
    after: () => ({ t: sources(50, false) }),
  },
  indexed(
    "generated column becomes plain, indexes kept",
    () => text("v").generatedAlwaysAs(sql`lower(email)`),
    () => text("v"),
  ),
  indexed(
    "plain column becomes generated, indexes rebuilt",
    () => text("v").notNull().default("x"),
    () => text("v").generatedAlwaysAs(sql`lower(email)`),
  ),
  {
    name: "add a serial column",
    before: () => ({ users: users() }),
    after: () => col("n", () => serial("n")),
  },
  {
    // PostgreSQL changes the column's type but leaves its sequence AS integer: altered too
    name: "serial key becomes bigserial",
    before: () => ({ t: pgTable("t", { id: serial("id").primaryKey(), a: text("a") }) }),
    after: () => ({
      t: pgTable("t", { id: bigserial("id", { mode: "number" }).primaryKey(), a: text("a") }),
    }),
  },
  {
    name: "add a primary key",
    before: () => ({ t: pgTable("t", { a: integer("a").notNull() }) }),
    after: () => ({ t: pgTable("t", { a: integer("a").notNull().primaryKey() }) }),
  },
  {
    name: "composite primary key changes",
    before: () => ({
      t: pgTable("t", { a: integer("a").notNull(), b: integer("b").notNull() }, (t) => [
        primaryKey({ columns: [t.a] }),
      ]),
    }),
    after: () => ({
      t: pgTable("t", { a: integer("a").notNull(), b: integer("b").notNull() }, (t) => [
        primaryKey({ columns: [t.a, t.b] }),
      ]),
    }),
  },
  {
    name: "add a unique column",
    before: () => ({ users: users() }),
    after: () => col("nick", () => text("nick").unique()),
  },
  {
    name: "drop a unique constraint",
    before: () => col("nick", () => text("nick").unique()),
    after: () => col("nick", () => text("nick")),
  },
  {
    name: "unique nulls not distinct",
    before: () => col("nick", () => text("nick").unique("users_nick_key")),
    after: () => col("nick", () => text("nick").unique("users_nick_key", { nulls: "not distinct" })),
  },
  {
    name: "composite unique",
    before: () => col("nick", () => text("nick")),
    after: () =>
      col(
        "nick",
        () => text("nick"),
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
      posts: pgTable("posts", { id: integer("id").primaryKey(), authorId: integer("author_id") }),
    }),
  },
  {
    name: "self-referencing table",
    before: () => ({}),
    after: () => {
      const node = pgTable(
        "node",
        { id: integer("id").primaryKey(), parentId: integer("parent_id") },
        (t) => [foreignKey({ columns: [t.parentId], foreignColumns: [t.id], name: "node_parent_fk" })],
      );
      return { node };
    },
  },
  {
    name: "foreign key cycle",
    before: () => ({}),
    after: () => {
      const a = pgTable("a", { id: integer("id").primaryKey(), bId: integer("b_id") }, (t) => [
        foreignKey({ columns: [t.bId], foreignColumns: [b.id], name: "a_b_fk" }),
      ]);
      const b = pgTable("b", { id: integer("id").primaryKey(), aId: integer("a_id").references(() => a.id) });
      return { a, b };
    },
  },
  {
    name: "add a check",
    before: () => ({ users: users() }),
    after: () => ({ users: users({}, (t) => [check("users_email_check", sql`${t.email} <> ''`)]) }),
  },
  {
    name: "change a check",
    before: () => ({ users: users({}, (t) => [check("users_email_check", sql`${t.email} <> ''`)]) }),
    after: () => ({ users: users({}, (t) => [check("users_email_check", sql`length(${t.email}) > 3`)]) }),
  },
  {
    name: "drop a check",
    before: () => ({ users: users({}, (t) => [check("users_email_check", sql`${t.email} <> ''`)]) }),
    after: () => ({ users: users() }),
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
    // the redefined index is swapped CONCURRENTLY after the ordinary revision adds the column
    name: "redefine an index while adding a column to its table",
    before: () => ({ users: users({}, (t) => [index("users_email_idx").on(t.email)]) }),
    after: () => ({
      users: users({ nick: text("nick") }, (t) => [index("users_email_idx").on(t.email, t.nick)]),
    }),
  },
  {
    name: "unique index",
    before: () => ({ users: users() }),
    after: () => ({ users: users({}, (t) => [uniqueIndex("users_email_uidx").on(t.email)]) }),
  },
  {
    name: "expression index",
    before: () => ({ users: users() }),
    after: () => ({ users: users({}, (t) => [index("users_lower_email_idx").on(sql`lower(${t.email})`)]) }),
  },
  {
    name: "partial index",
    before: () => ({ users: users({}, (t) => [index("users_email_idx").on(t.email)]) }),
    after: () => ({
      users: users({}, (t) => [index("users_email_idx").on(t.email).where(sql`${t.email} <> ''`)]),
    }),
  },
  {
    name: "descending index with nulls last",
    before: () => ({ users: users() }),
    after: () => ({ users: users({}, (t) => [index("users_email_idx").on(t.email.desc().nullsLast())]) }),
  },
  {
    name: "gin index and operator class",
    before: () => col("tags", () => text("tags").array()),
    after: () =>
      col(
        "tags",
        () => text("tags").array(),
        (t) => [
          index("users_tags_idx").using("gin", t.tags).with({ fastupdate: false }),
          index("users_email_pattern_idx").on(t.email.op("text_pattern_ops")),
        ],
      ),
  },
  {
    // the first state builds the index WITH (fillfactor = 70); the change is an ALTER INDEX ... SET
    name: "index built with a fillfactor, then the fillfactor changed",
    before: () => ({
      users: users({}, (t) => [index("users_email_idx").on(t.email).with({ fillfactor: 70 })]),
    }),
    after: () => ({
      users: users({}, (t) => [index("users_email_idx").on(t.email).with({ fillfactor: 80 })]),
    }),
  },
  {
    name: "create an enum and use it",
    before: () => ({ users: users() }),
    after: () => ({ mood3, ...col("m", () => mood3("m").default("ok")) }),
  },
  {
    name: "add enum values",
    before: () => ({ mood3, ...col("m", () => mood3("m")) }),
    after: () => ({ mood4, ...col("m", () => mood4("m")) }),
  },
  {
    name: "insert enum values in the middle and at the end (array and default columns)",
    before: () => ({ mood3, ...col("m", () => mood3("m").array().default(sql`'{ok}'`)) }),
    after: () => ({ moodMiddle, ...col("m", () => moodMiddle("m").array().default(sql`'{ok}'`)) }),
  },
  {
    name: "remove an enum value (rebuild)",
    before: () => ({ mood3, ...col("m", () => mood3("m").default("sad")) }),
    after: () => ({ mood2, ...col("m", () => mood2("m").default("sad")) }),
  },
  {
    name: "drop an enum with its column",
    before: () => ({ mood3, ...col("m", () => mood3("m")) }),
    after: () => ({ users: users() }),
  },
  change(
    "text to enum",
    () => text("v"),
    () => mood3("v"),
  ),
  {
    name: "a table in a new schema",
    before: () => ({}),
    after: () => ({ audit, events: audit.table("events", { id: integer("id").primaryKey() }) }),
  },
  {
    name: "create a sequence",
    before: () => ({}),
    after: () => ({ counter: pgSequence("counter", { startWith: 10 }) }),
  },
  {
    name: "alter a sequence",
    before: () => ({ counter: pgSequence("counter", { startWith: 10 }) }),
    after: () => ({ counter: pgSequence("counter", { startWith: 10, increment: 3, cache: 5 }) }),
  },
  { name: "drop a sequence", before: () => ({ counter: pgSequence("counter") }), after: () => ({}) },
  {
    name: "rename a column (hint)",
    before: () => col("mail", () => text("mail")),
    after: () => col("contact", () => text("contact")),
    renames: ["users.mail:contact"],
  },
  // A serial column's sequence is OWNED BY it: staged, the contract dropped it with the old
  // column, and setting the default on the new one failed; it is handed over first now.
  {
    name: "rename a serial column (staged, hint)",
    before: () => col("n", () => serial("n")),
    after: () => col("num", () => serial("num")),
    renames: ["users.n:num"],
  },
  {
    name: "serial column becomes bigserial (staged)",
    before: () => col("n", () => serial("n")),
    after: () => col("n", () => bigserial("n", { mode: "number" })),
  },
  {
    // RENAME COLUMN rewrites what computes from the column (the generated expression, the check,
    // the expression and partial indexes): renamed in place, nothing dropped around it either way
    name: "rename a column a generated column, a check and expression indexes use (hint)",
    before: () => ({ users: mailUsers("mail") }),
    after: () => ({ users: mailUsers("email") }),
    renames: ["users.mail:email"],
  },
  {
    // PostgreSQL prints a keyword quoted: the renamed references read "user"
    name: "rename a column a generated column, a check and expression indexes use, to a keyword (hint)",
    before: () => ({ users: mailUsers("mail") }),
    after: () => ({ users: mailUsers("user") }),
    renames: ["users.mail:user"],
  },
  {
    name: "rename a table (hint)",
    before: () => ({ people: pgTable("people", { id: integer("id").primaryKey() }) }),
    after: () => ({ humans: pgTable("humans", { id: integer("id").primaryKey() }) }),
    renames: ["people:humans"],
  },
  {
    // users_pkey and users_id_seq keep their names through ALTER TABLE RENAME: renamed in place,
    // not dropped (the foreign key depends on the key) nor pointed at a sequence that is not there
    name: "rename a table another table references, serial key",
    before: () => orders("users"),
    after: () => orders("accounts"),
    renames: ["users:accounts"],
  },
  {
    // ALTER INDEX ... RENAME: the index is never missing (a unique rule never unenforced)
    name: "rename an index and a unique index (models)",
    before: () => ({
      t: pgTable("t", { id: integer("id").primaryKey(), email: text("email"), name: text("name") }, (t) => [
        uniqueIndex("t_email_idx").on(t.email),
        index("t_name_idx").on(t.name).where(sql`${t.name} <> ''`),
      ]),
    }),
    after: () => ({
      t: pgTable("t", { id: integer("id").primaryKey(), email: text("email"), name: text("name") }, (t) => [
        uniqueIndex("t_email_key").on(t.email),
        index("t_named_idx").on(t.name).where(sql`${t.name} <> ''`),
      ]),
    }),
  },
  {
    // staged: built beside the old one, which is dropped, then renamed (never a moment without it)
    name: "unique index redefined under its name",
    before: () => ({
      t: pgTable("t", { id: integer("id").primaryKey(), email: text("email"), n: integer("n") }, (t) => [
        uniqueIndex("t_email_uidx").on(t.email),
      ]),
    }),
    after: () => ({
      t: pgTable("t", { id: integer("id").primaryKey(), email: text("email"), n: integer("n") }, (t) => [
        uniqueIndex("t_email_uidx").on(t.n, t.email),
      ]),
    }),
  },
  {
    name: "rename a table with indexes named after it (hint)",
    before: () => ({
      users: pgTable("users", { id: serial("id").primaryKey(), email: text("email") }, (t) => [
        uniqueIndex("users_email_uidx").on(t.email),
      ]),
    }),
    after: () => ({
      accounts: pgTable("accounts", { id: serial("id").primaryKey(), email: text("email") }, (t) => [
        uniqueIndex("accounts_email_uidx").on(t.email),
      ]),
    }),
    renames: ["users:accounts"],
  },
  {
    // the sequence keeps users_id_seq through RENAME COLUMN too: renamed in place after the column
    name: "rename a serial key column (hint)",
    before: () => ({ users: pgTable("users", { id: serial("id").primaryKey(), email: text("email") }) }),
    after: () => ({ users: pgTable("users", { uid: serial("uid").primaryKey(), email: text("email") }) }),
    renames: ["users.id:uid"],
  },
  ...["table:billing.invoice_lines:invoice_items", "billing.invoice_lines:invoice_items"].map(
    (hint): CorpusCase => ({
      name: `rename a table in a non-default schema (--rename ${hint})`,
      before: () => ({ billing, lines: billingLines("invoice_lines") }),
      after: () => ({ billing, lines: billingLines("invoice_items") }),
      renames: [hint],
    }),
  ),
  ...["billing.invoice_lines.amount:total", "column:billing.invoice_lines.amount:total"].map(
    (hint): CorpusCase => ({
      name: `rename a column in a non-default schema (--rename ${hint})`,
      before: () => ({ billing, lines: billingLines("invoice_lines") }),
      after: () => ({ billing, lines: billingLines("invoice_lines", "total") }),
      renames: [hint],
    }),
  ),
  {
    name: "rename an enum type (--rename enum:mood:feeling)",
    before: () => feelings("mood", ["sad", "happy"]),
    after: () => feelings("feeling", ["sad", "happy"]),
    renames: ["enum:mood:feeling"],
  },
  {
    name: "rename an enum value (--rename enum-value:mood.sad:blue)",
    before: () => feelings("mood", ["sad", "happy"]),
    after: () => feelings("mood", ["blue", "happy"]),
    renames: ["enum-value:mood.sad:blue"],
  },
  {
    name: "rename an enum type in a schema (--rename enum:billing.mood:feeling)",
    before: () => ({ billing, mood: billing.enum("mood", ["a", "b"]) }),
    after: () => ({ billing, mood: billing.enum("feeling", ["a", "b"]) }),
    renames: ["enum:billing.mood:feeling"],
  },
  {
    name: "a check over a varchar IN list (stored as = ANY (ARRAY[...]))",
    before: () => ({ plans: plans(false) }),
    after: () => ({ plans: plans(true) }),
  },
];

const billing = pgSchema("billing");
/** Enum `name` and a `diary` table whose `mood` column (with a default) and array column use it. */
function feelings(name: string, values: [string, ...string[]]) {
  const e = pgEnum(name, values);
  return {
    e,
    diary: pgTable("diary", {
      id: integer("id").primaryKey(),
      mood: e("mood")
        .notNull()
        .default(values[1] as string),
      moods: e("moods").array(),
    }),
  };
}
/** Issue 15: a check over a varchar IN list, which PostgreSQL stores as `= ANY (ARRAY[...])`. */
function plans(withCheck: boolean) {
  return pgTable(
    "plans",
    { id: integer("id").primaryKey(), plan: varchar("plan", { length: 20 }).notNull() },
    (t) => (withCheck ? [check("plans_plan_check", sql`${t.plan} in ('free', 'pro')`)] : []),
  );
}
/** `billing.<name>` with an amount column called `amount`. */
function billingLines(name: string, amount = "amount") {
  return billing.table(name, { id: integer("id").primaryKey(), [amount]: integer(amount).notNull() });
}
