// The Drizzle models of the sample history at head (m8), for PostgreSQL and MySQL, plus a
// variant with one column the migrations never add. Test-only (dist/testing is not published).
import {
  int,
  foreignKey as myForeignKey,
  index as myIndex,
  mysqlTable,
  text as myText,
  unique as myUnique,
  varchar as myVarchar,
} from "drizzle-orm/mysql-core";
import { foreignKey, index, integer, pgTable, text, unique, varchar } from "drizzle-orm/pg-core";

const pgUsers = (extra: boolean) =>
  pgTable(
    "users",
    {
      id: integer("id").primaryKey(),
      email: varchar("email", { length: 255 }).notNull(),
      displayName: varchar("display_name", { length: 100 }),
      ...(extra ? { nickname: varchar("nickname", { length: 40 }) } : {}),
    },
    (t) => [index("users_email_idx").on(t.email)],
  );

function pgSchema(extra: boolean): Record<string, unknown> {
  const users = pgUsers(extra);
  const posts = pgTable(
    "posts",
    {
      id: integer("id").primaryKey(),
      userId: integer("user_id").notNull(),
      title: varchar("title", { length: 200 }).notNull(),
      body: text("body"),
    },
    (t) => [foreignKey({ name: "posts_user_fk", columns: [t.userId], foreignColumns: [users.id] })],
  );
  const tags = pgTable(
    "tags",
    { id: integer("id").primaryKey(), label: varchar("label", { length: 50 }).notNull() },
    (t) => [unique("tags_label_key").on(t.label)],
  );
  return { users, posts, tags };
}

function mysqlSchema(extra: boolean): Record<string, unknown> {
  const users = mysqlTable(
    "users",
    {
      id: int("id").primaryKey(),
      email: myVarchar("email", { length: 255 }).notNull(),
      displayName: myVarchar("display_name", { length: 100 }),
      ...(extra ? { nickname: myVarchar("nickname", { length: 40 }) } : {}),
    },
    (t) => [myIndex("users_email_idx").on(t.email)],
  );
  const posts = mysqlTable(
    "posts",
    {
      id: int("id").primaryKey(),
      userId: int("user_id").notNull(),
      title: myVarchar("title", { length: 200 }).notNull(),
      body: myText("body"),
    },
    (t) => [myForeignKey({ name: "posts_user_fk", columns: [t.userId], foreignColumns: [users.id] })],
  );
  const tags = mysqlTable(
    "tags",
    { id: int("id").primaryKey(), label: myVarchar("label", { length: 50 }).notNull() },
    (t) => [myUnique("tags_label_key").on(t.label)],
  );
  return { users, posts, tags };
}

/** The sample's models for a database kind: `matching` equals the history at head, `extraColumn` adds users.nickname. */
export function sampleDrizzleSchema(kind: "pglite" | "postgresql" | "mysql"): {
  readonly matching: Record<string, unknown>;
  readonly extraColumn: Record<string, unknown>;
} {
  const build = kind === "mysql" ? mysqlSchema : pgSchema;
  return { matching: build(false), extraColumn: build(true) };
}
