import { AthanorError } from "@athanor/core";
import { concatenatedText, hasNameControlCharacters } from "@athanor/core/text";
import { Column, is, SQL, StringChunk } from "drizzle-orm";
import { CasingCache } from "drizzle-orm/casing";
import type { MySqlDialect } from "drizzle-orm/mysql-core";
import type { PgDialect } from "drizzle-orm/pg-core";
import type { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { mysqlCore, pgCore, sqliteCore } from "./dialect-cores.js";

/** The SQL families whose Drizzle tables (`pg-core`, `mysql-core`, `sqlite-core`) are read. */
export type DrizzleDialect = "postgresql" | "mysql" | "sqlite";

/**
 * An identifier quoted for the family (`"a""b"` / `` `a``b` ``), for the few names the reader
 * writes into SQL text itself (enum types, serial sequences).
 *
 * @example
 * ```ts
 * quoteName("Mood", "postgresql"); // "Mood"
 * ```
 */
export function quoteName(name: string, dialect: DrizzleDialect): string {
  return dialect === "mysql" ? `\`${name.replaceAll("`", "``")}\`` : `"${name.replaceAll('"', '""')}"`;
}

/** Column-name casing applied to columns named by their TS key (drizzle's `casing` option). */
export type DrizzleCasing = "snake_case" | "camelCase";

/**
 * A string literal. PostgreSQL (standard_conforming_strings on, the default since 9.1) needs
 * only `'` doubled. On MySQL a backslash escapes or not depending on sql_mode, so a string
 * containing one is written as a hex literal, which reads back the same in every mode; so is one
 * holding a control character a terminal acts on (ESC, BEL, DEL, C1 …), which SQLite builds with
 * `char(…)` instead: no literal carries such a byte raw into `upgrade --sql`.
 *
 * @example
 * ```ts
 * sqlStringLiteral("it's", "postgresql"); // 'it''s'
 * sqlStringLiteral("a\\b", "mysql");      // X'615C62'
 * ```
 */
export function sqlStringLiteral(value: string, dialect: DrizzleDialect): string {
  if (value.includes("\0")) {
    throw new AthanorError(
      "ATHANOR_SCHEMA_INVALID",
      "A string value in the Drizzle schema contains a NUL character, which no SQL literal can hold.",
      {
        value: value.replaceAll("\0", "\\0"),
      },
    );
  }
  if (dialect === "mysql" && (value.includes("\\") || hasNameControlCharacters(value))) {
    // A hex literal is read the same whatever sql_mode says about backslashes, and carries no
    // control character raw (ESC, BEL … have no backslash escape; `--sql` would print them).
    return `X'${Buffer.from(value, "utf8").toString("hex").toUpperCase()}'`;
  }
  // SQLite's literals have no escape: such text is built with char(…)
  if (dialect === "sqlite" && hasNameControlCharacters(value)) return concatenatedText(value);
  return `'${value.replaceAll("'", "''")}'`;
}

// built on first use: each needs its dialect's core (dialect-cores.ts)
let pgDialect: PgDialect | undefined;
let mysqlDialect: MySqlDialect | undefined;
let sqliteDialect: SQLiteSyncDialect | undefined;
const casings = new Map<DrizzleCasing | undefined, CasingCache>();

function casingCache(casing: DrizzleCasing | undefined): CasingCache {
  let cache = casings.get(casing);
  if (cache === undefined) {
    cache = new CasingCache(casing);
    casings.set(casing, cache);
  }
  return cache;
}

/**
 * Renders a drizzle `sql` fragment as DDL text: column references bare (`"email"`, as
 * `pg_get_expr` prints them, not `"users"."email"`), and every interpolated JS value inlined
 * as a literal through {@link sqlStringLiteral} — drizzle's own inlining doubles quotes only,
 * which is unsafe on MySQL, and without inlining a `${5}` would become `$1` in a CHECK.
 *
 * @example
 * ```ts
 * renderSqlFragment(sql`${users.age} > ${18}`, "postgresql"); // "age" > 18
 * ```
 */
export function renderSqlFragment(fragment: SQL, dialect: DrizzleDialect, casing?: DrizzleCasing): string {
  return renderSql(fragment, dialect, casing, "bare");
}

/**
 * Renders a view's query (`.as(qb => ...)` or `.as(sql\`...\`)`) as SQL text: column
 * references keep their table (`"accounts"."id"`), as a query with joins needs, and values are
 * inlined as in {@link renderSqlFragment}.
 *
 * @example
 * ```ts
 * renderViewQuery(getViewConfig(view).query, "postgresql"); // select "id" from "accounts" where "accounts"."active" = 1
 * ```
 */
export function renderViewQuery(fragment: SQL, dialect: DrizzleDialect, casing?: DrizzleCasing): string {
  return renderSql(fragment, dialect, casing, "qualified");
}

function drizzleDialectOf(dialect: DrizzleDialect): PgDialect | MySqlDialect | SQLiteSyncDialect {
  if (dialect === "postgresql") {
    pgDialect ??= new (pgCore().PgDialect)();
    return pgDialect;
  }
  if (dialect === "sqlite") {
    sqliteDialect ??= new (sqliteCore().SQLiteSyncDialect)();
    return sqliteDialect;
  }
  mysqlDialect ??= new (mysqlCore().MySqlDialect)();
  return mysqlDialect;
}

function renderSql(
  fragment: SQL,
  dialect: DrizzleDialect,
  casing: DrizzleCasing | undefined,
  columns: "bare" | "qualified",
): string {
  const d = drizzleDialectOf(dialect);
  try {
    const plain = columns === "bare" ? textAndColumnsOnly(fragment, d, casing) : undefined;
    if (plain !== undefined) return plain;
    return fragment.toQuery({
      casing: casingCache(casing),
      escapeName: (name) => d.escapeName(name),
      escapeParam: (num) => d.escapeParam(num),
      escapeString: (value) => sqlStringLiteral(value, dialect),
      inlineParams: true,
      ...(columns === "bare" ? { invokeSource: "indexes" as const } : {}),
    }).sql;
  } catch (cause) {
    if (cause instanceof AthanorError) throw cause;
    throw new AthanorError(
      "ATHANOR_SCHEMA_INVALID",
      `A sql\`\` fragment in the Drizzle schema cannot be rendered as DDL: ${cause instanceof Error ? cause.message : String(cause)}. Interpolate only strings, numbers, booleans, null, columns or sql.raw() in schema expressions.`,
      { dialect },
      { cause },
    );
  }
}

/**
 * What drizzle's `toQuery` renders for a fragment made only of text and columns, with columns
 * bare (`invokeSource: "indexes"`): each text chunk joined, each column's cased name escaped —
 * its StringChunk and Column branches, in its order of checks, merged as it merges them. Most of
 * a schema's fragments are such (defaults like `now()`, checks, index expressions), and
 * `toQuery`'s per-call config copy, chunk arrays, merge and tracing span cost several times the
 * text (1,000 tables: ~5,000 fragments). Undefined for a fragment holding anything else (a
 * value, a nested `sql` or `sql.raw`, a table, …), which `toQuery` renders.
 */
function textAndColumnsOnly(
  fragment: SQL,
  d: PgDialect | MySqlDialect | SQLiteSyncDialect,
  casing: DrizzleCasing | undefined,
): string | undefined {
  let text = "";
  for (const chunk of fragment.queryChunks) {
    if (is(chunk, StringChunk)) text += chunk.value.join("");
    else if (is(chunk, Column)) text += d.escapeName(casingCache(casing).getColumnCasing(chunk));
    else return undefined;
  }
  return text;
}

/**
 * A drizzle "SQL-ish" value — `SQL`, a function returning one (generated columns accept
 * both), or raw text — as DDL text.
 *
 * @example
 * ```ts
 * renderSqlish(() => sql`${t.a} + 1`, "postgresql"); // "a" + 1
 * ```
 */
export function renderSqlish(value: unknown, dialect: DrizzleDialect, casing?: DrizzleCasing): string {
  const resolved = typeof value === "function" ? (value as () => unknown)() : value;
  if (is(resolved, SQL)) return renderSqlFragment(resolved, dialect, casing);
  if (typeof resolved === "string") return resolved;
  throw new AthanorError(
    "ATHANOR_SCHEMA_INVALID",
    `Expected a sql\`\` expression in the Drizzle schema, got ${typeof resolved}.`,
    { dialect, got: typeof resolved },
  );
}
