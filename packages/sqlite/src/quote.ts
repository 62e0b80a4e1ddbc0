import { AthanorError } from "@athanor/core";
import {
  concatenatedText,
  ESCAPED_CHARACTERS,
  hasEscapedCharacters,
  type RawControlsDialect,
  refuseNameControlCharacters,
} from "@athanor/core/text";

/**
 * Quotes an identifier for SQLite (`"name"`, inner quotes doubled). A NUL character ends a
 * C string inside SQLite, so a name holding one is refused instead of being cut short; a control
 * character a terminal acts on (ESC, BEL, CR, DEL, C1 …) is refused too, since SQLite has no
 * escaped form of a quoted name and `upgrade --sql` would print it raw. A bidirectional control
 * is kept: it drives no terminal, and a live table so named must stay droppable.
 *
 * @example
 * ```ts
 * quoteIdent('we"ird'); // "\"we\"\"ird\""
 * ```
 */
export function quoteIdent(name: string): string {
  refuseNul(name, "identifier");
  refuseNameControlCharacters(name, { dialect: "sqlite", label: "SQLite" });
  return `"${name.replaceAll('"', '""')}"`;
}

/** Text with no quote, NUL, other control character a terminal acts on or bidirectional control: quoted as it is. */
const PLAIN_LITERAL = new RegExp(`^[^'${ESCAPED_CHARACTERS}]*$`);

/**
 * Quotes a string literal for SQLite (`'text'`, inner quotes doubled; no backslash escapes).
 * SQLite's literals have no escape at all, so text holding a control character a terminal acts
 * on (ESC, BEL, DEL, C1 …) or a bidirectional override or isolate (U+202A–U+202E, U+2066–U+2069)
 * is written as the same text built in parentheses, each run of such characters as `char(…)`:
 * quoted, the character would stand raw in `upgrade --sql`.
 *
 * @example
 * ```ts
 * quoteLiteral("it's"); // "'it''s'"
 * quoteLiteral("a\x1b[0m"); // "('a' || char(27) || '[0m')"
 * ```
 */
export function quoteLiteral(value: string): string {
  // most literals (every bookkeeping row's) need their quotes and nothing else: one test
  if (PLAIN_LITERAL.test(value)) return `'${value}'`;
  refuseNul(value, "literal");
  return hasEscapedCharacters(value) ? concatenatedText(value) : `'${value.replaceAll("'", "''")}'`;
}

// SQLite's keywords (sqlite.org/lang_keywords.html), and TRUE / FALSE, which read as 1 and 0.
const KEYWORDS = new Set(
  `abort action add after all alter always analyze and as asc attach autoincrement before begin
  between by cascade case cast check collate column commit conflict constraint create cross current
  current_date current_time current_timestamp database default deferrable deferred delete desc
  detach distinct do drop each else end escape except exclude exclusive exists explain fail filter
  first following for foreign from full generated glob group groups having if ignore immediate in
  index indexed initially inner insert instead intersect into is isnull join key last left like
  limit match materialized natural no not nothing notnull null nulls of offset on or order others
  outer over partition plan pragma preceding primary query raise range recursive references regexp
  reindex release rename replace restrict returning right rollback row rows savepoint select set
  table temp temporary then ties to transaction trigger unbounded union unique update using vacuum
  values view virtual when where window with without true false`.split(/\s+/),
);

/**
 * Whether `name` can be written unquoted: a plain name that is no keyword. `RENAME COLUMN ... TO`
 * writes such a name bare, so SQLite writes it bare where the stored SQL named the old column
 * bare (a quoted new name would be quoted in every generated column, check and index too).
 *
 * @example
 * ```ts
 * isBareName("email"); // true
 * isBareName("order"); // false
 * ```
 */
export function isBareName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !KEYWORDS.has(name.toLowerCase());
}

/** SQLite has one schema per attached database; `main` is left out so statements stay portable. */
export function quoteQualified(name: { readonly schema?: string; readonly name: string }): string {
  return name.schema === undefined || name.schema === "main"
    ? quoteIdent(name.name)
    : `${quoteIdent(name.schema)}.${quoteIdent(name.name)}`;
}

function refuseNul(text: string, what: string): void {
  if (!text.includes("\u0000")) return;
  throw new AthanorError(
    "ATHANOR_INVALID_IDENTIFIER",
    `A SQLite ${what} cannot contain a NUL character (SQLite would cut it there).`,
    { name: text.replaceAll("\u0000", "\\0"), dialect: "sqlite", what },
  );
}

// The tokens of a statement a quoted string can hide in: names, strings, comments.
const TOKENS = /"(?:[^"]|"")*"|`(?:[^`]|``)*`|\[[^\]]*\]|'((?:[^']|'')*)'|--[^\n]*|\/\*[\s\S]*?\*\//g;

/**
 * `sql` with each quoted string that holds a control character a terminal acts on written as
 * {@link quoteLiteral} writes it (built with `char(…)`): a default or check athanor passes on (from
 * a revision, or a table's stored SQL a rebuild copies) would carry the byte raw into
 * `upgrade --sql`. Names, comments and every other string are kept.
 */
function withoutRawControls(sql: string): string {
  return sql.replace(TOKENS, (token, body: string | undefined) =>
    body === undefined || !hasEscapedCharacters(body) ? token : quoteLiteral(body.replaceAll("''", "'")),
  );
}

/**
 * SQLite's way with a rendered statement holding a control character (see inertStatements):
 * quoted strings are built with char(…); what is left raw is refused, with this advice.
 */
export const SQLITE_RAW_CONTROLS: RawControlsDialect = {
  label: "SQLite",
  dialect: "sqlite",
  spelling: "char(27)",
  rewrite: withoutRawControls,
};
