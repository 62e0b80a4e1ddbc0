// Single-step model changes for the SQLite autogenerate corpus (autogenerate/sqlite-corpus.test.ts):
// each is a sqlite-core module before and after, rows to seed, and the tables whose rows must
// survive the upgrade and its downgrade. Rebuilds are most of them: SQLite alters little in place.

const IMPORTS = `import { sql } from "drizzle-orm";
import { check, foreignKey, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
`;

export interface SqliteCorpusCase {
  readonly name: string;
  readonly before: string;
  readonly after: string;
  /** SQL run after the first upgrade. */
  readonly seed: readonly string[];
  /** Tables whose row counts are the same after the upgrade and after the downgrade. */
  readonly kept: readonly string[];
  readonly renames?: readonly string[];
}

const users = (columns: string, extra = "") =>
  `export const users = sqliteTable("users", {\n  id: integer("id").primaryKey(),\n  name: text("name").notNull(),\n${columns}\n}${extra});\n`;
const posts = (fk: string) =>
  `export const posts = sqliteTable("posts", {\n  id: integer("id").primaryKey(),\n  userId: integer("user_id")${fk},\n});\n`;
const SEED = [
  "INSERT INTO users (id, name) VALUES (1, 'ada'), (2, 'bob'), (3, 'cy')",
  "INSERT INTO posts (id, user_id) VALUES (10, 1), (11, 1), (12, 2)",
];
const base = (columns = "", extra = "", fk = '.references(() => users.id, { onDelete: "cascade" })') =>
  IMPORTS + users(columns, extra) + posts(fk);

type CaseInput = Omit<SqliteCorpusCase, "seed" | "kept"> & Partial<Pick<SqliteCorpusCase, "seed" | "kept">>;
const withRows = (c: CaseInput): SqliteCorpusCase => ({ seed: SEED, kept: ["users", "posts"], ...c });

export const SQLITE_CORPUS: readonly SqliteCorpusCase[] = (
  [
    {
      name: "add a nullable column (ALTER TABLE ADD COLUMN)",
      before: base(),
      after: base('  bio: text("bio"),'),
    },
    {
      name: "add a NOT NULL column with a default",
      before: base(),
      after: base('  score: integer("score").notNull().default(0),'),
    },
    {
      name: "drop a column",
      before: base('  bio: text("bio"),'),
      after: base(),
    },
    {
      name: "change a column's type (rebuild of a parent with ON DELETE CASCADE children)",
      before: base('  age: integer("age"),'),
      after: base('  age: real("age"),'),
    },
    {
      name: "make a column nullable (rebuild)",
      before: base('  nick: text("nick").notNull().default("x"),'),
      after: base('  nick: text("nick").default("x"),'),
    },
    {
      name: "change a default (rebuild)",
      before: base('  plan: text("plan", { enum: ["free", "pro"] }).notNull().default("free"),'),
      after: base('  plan: text("plan", { enum: ["free", "pro"] }).notNull().default("pro"),'),
    },
    {
      name: "add a unique column constraint (a unique index, no rebuild)",
      before: base('  email: text("email"),'),
      after: base('  email: text("email").unique(),'),
    },
    {
      name: "add a partial and an expression index",
      before: base('  email: text("email"),'),
      after: base(
        '  email: text("email"),',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the schema module's own source text
        ', (t) => [index("users_email_set").on(t.email).where(sql`${t.email} IS NOT NULL`), index("users_lower_name").on(sql`lower(${t.name})`)]',
      ),
    },
    {
      name: "add a check (rebuild)",
      before: base('  age: integer("age"),'),
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the schema module's own source text
      after: base('  age: integer("age"),', ', (t) => [check("users_age_positive", sql`${t.age} > 0`)]'),
    },
    {
      name: "change a foreign key's ON DELETE action (rebuild of the child)",
      before: base(),
      after: base("", "", '.references(() => users.id, { onDelete: "set null" })'),
    },
    {
      name: "drop a foreign key (rebuild of the child)",
      before: base(),
      after: base("", "", ""),
    },
    {
      name: "change a generated column's expression",
      before: base('  shout: text("shout").generatedAlwaysAs(sql`upper("name")`, { mode: "virtual" }),'),
      after: base(
        '  shout: text("shout").generatedAlwaysAs(sql`upper("name") || \'!\'`, { mode: "virtual" }),',
      ),
    },
    {
      name: "rename a column (--rename)",
      before: base('  mail: text("mail"),'),
      after: base('  email: text("email"),'),
      renames: ["users.mail:email"],
    },
    {
      name: "create a table with AUTOINCREMENT and a composite unique index",
      before: base(),
      after: `${base()}export const tags = sqliteTable("tags", {\n  id: integer("id").primaryKey({ autoIncrement: true }),\n  postId: integer("post_id").notNull().references(() => posts.id),\n  label: text("label").notNull(),\n}, (t) => [uniqueIndex("tags_post_label").on(t.postId, t.label)]);\n`,
    },
    {
      name: "switch a composite primary key (rebuild)",
      before: `${base()}export const members = sqliteTable("members", {\n  a: integer("a").notNull(),\n  b: integer("b").notNull(),\n}, (t) => [primaryKey({ columns: [t.a] })]);\n`,
      after: `${base()}export const members = sqliteTable("members", {\n  a: integer("a").notNull(),\n  b: integer("b").notNull(),\n}, (t) => [primaryKey({ columns: [t.a, t.b] })]);\n`,
      seed: [...SEED, "INSERT INTO members (a, b) VALUES (1, 1), (2, 1)"],
      kept: ["users", "posts", "members"],
    },
  ] satisfies CaseInput[]
).map(withRows);
