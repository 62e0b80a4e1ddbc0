import type { JsonValue, QualifiedName } from "@athanor/core";
import { AthanorError } from "@athanor/core/errors";
import { ESCAPED_CHARACTERS, hasEscapedCharacters, type RawControlsDialect } from "@athanor/core/text";

// The only place where PostgreSQL identifiers and literals are spelled. Everything the
// renderer emits goes through these functions; nothing interpolates a name raw.

/** PostgreSQL truncates identifiers longer than NAMEDATALEN - 1 bytes; we refuse instead. */
export const MAX_IDENTIFIER_BYTES = 63;

function invalidIdentifier(name: string, problem: string): AthanorError {
  return new AthanorError(
    "ATHANOR_INVALID_IDENTIFIER",
    `Cannot use ${JSON.stringify(name)} as a PostgreSQL name: ${problem}. Choose a shorter name without NUL characters.`,
    { name, dialect: "postgresql" },
  );
}

// The keywords PostgreSQL 15 quotes when it prints a name (pg_get_keywords() with a catcode other
// than U: reserved, column-name and type/function-name keywords), read from the server.
const QUOTED_KEYWORDS = new Set(
  `all analyse analyze and any array as asc asymmetric authorization between bigint binary bit
  boolean both case cast char character check coalesce collate collation column concurrently
  constraint create cross current_catalog current_date current_role current_schema current_time
  current_timestamp current_user dec decimal default deferrable desc distinct do else end except
  exists extract false fetch float for foreign freeze from full grant greatest group grouping
  having ilike in initially inner inout int integer intersect interval into is isnull join
  lateral leading least left like limit localtime localtimestamp national natural nchar none
  normalize not notnull null nullif numeric offset on only or order out outer overlaps overlay
  placing position precision primary real references returning right row select session_user
  setof similar smallint some substring symmetric table tablesample then time timestamp to
  trailing treat trim true union unique user using values varchar variadic verbose when where
  window with xmlattributes xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse
  xmlpi xmlroot xmlserialize xmltable`.split(/\s+/),
);

/**
 * Whether PostgreSQL prints `name` unquoted in an expression (`pg_get_expr`, its
 * `quote_identifier`): lower-case letters, digits and `_`, not starting with a digit, and no
 * keyword it must quote.
 *
 * @example
 * ```ts
 * printsBare("email"); // true
 * printsBare("user"); // false: printed "user"
 * ```
 */
export function printsBare(name: string): boolean {
  return /^[a-z_][a-z0-9_]*$/.test(name) && !QUOTED_KEYWORDS.has(name);
}

const ESCAPED_ALL = new RegExp(`[${ESCAPED_CHARACTERS}]`, "g");
const hex4 = (c: string) => c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");

/**
 * Quotes an identifier: always double-quoted, inner `"` doubled, so case, spaces, unicode
 * and reserved words survive exactly. A name holding a control character a terminal acts on
 * (ESC, BEL, CR, DEL, C1 …) or a bidirectional override or isolate (U+202A–U+202E,
 * U+2066–U+2069, which reorder how the SQL reads) is written as a unicode escape identifier,
 * `U&"t\001B"`, which
 * names the same object but keeps the printed SQL free of them. Throws
 * ATHANOR_INVALID_IDENTIFIER for an empty name, a NUL character, or more than 63 UTF-8 bytes
 * (PostgreSQL would silently truncate it).
 *
 * @example
 * ```ts
 * quoteIdent('my "table"'); // "my ""table"""
 * quoteIdent("t\x1b[2J"); // U&"t\001B[2J"
 * ```
 */
export function quoteIdent(name: string): string {
  if (typeof name !== "string" || name.length === 0) throw invalidIdentifier(String(name), "it is empty");
  if (name.includes("\0")) throw invalidIdentifier(name, "it contains a NUL character");
  const bytes = Buffer.byteLength(name, "utf8");
  if (bytes > MAX_IDENTIFIER_BYTES)
    throw invalidIdentifier(name, `it is ${bytes} bytes long, the limit is ${MAX_IDENTIFIER_BYTES}`);
  const quoted = name.replaceAll('"', '""');
  if (!hasEscapedCharacters(name)) return `"${quoted}"`;
  // the escape character (default `\`) is doubled where it stands for itself
  return `U&"${quoted.replaceAll("\\", "\\\\").replace(ESCAPED_ALL, (c) => `\\${hex4(c)}`)}"`;
}

/**
 * A possibly schema-qualified name as PostgreSQL's name-reading functions take it as text
 * (`'...'::regclass`, `to_regclass($1)`): plain double quotes, since they do not read the
 * `U&"…"` form. Put it in SQL only through {@link quoteLiteral}, which escapes what it holds.
 *
 * @example
 * ```ts
 * qualifiedNameText({ schema: "audit", name: 'ev"ents' }); // "audit"."ev""ents"
 * ```
 */
export function qualifiedNameText(name: QualifiedName): string {
  const plain = (n: string) => {
    quoteIdent(n);
    return `"${n.replaceAll('"', '""')}"`;
  };
  return name.schema === undefined ? plain(name.name) : `${plain(name.schema)}.${plain(name.name)}`;
}

/**
 * Quotes a possibly schema-qualified name: `"schema"."name"` or `"name"`.
 *
 * @example
 * ```ts
 * quoteQualified({ schema: "audit", name: "events" }); // "audit"."events"
 * ```
 */
export function quoteQualified(name: QualifiedName): string {
  return name.schema === undefined
    ? quoteIdent(name.name)
    : `${quoteIdent(name.schema)}.${quoteIdent(name.name)}`;
}

/**
 * Quotes a string literal. `'` is doubled; when the text holds a backslash the escape-string
 * form `E'...'` with doubled backslashes is used, which reads the same whether
 * `standard_conforming_strings` is on or off (as libpq's PQescapeLiteral does). A control
 * character a terminal acts on (ESC, BEL, CR, DEL, C1 …) or a bidirectional override or isolate
 * is written in that form as `\uXXXX`,
 * so the printed SQL never holds it raw.
 *
 * @example
 * ```ts
 * quoteLiteral("it's"); // 'it''s'
 * quoteLiteral("C:\\dir"); // E'C:\\dir'
 * quoteLiteral("\x1b[2J"); // E'\u001B[2J'
 * ```
 */
export function quoteLiteral(value: string): string {
  if (value.includes("\0")) {
    throw new AthanorError(
      "ATHANOR_INVALID_OPERATION",
      "Cannot write a PostgreSQL text literal containing a NUL character: PostgreSQL text cannot store it. Remove it or use bytea.",
      { dialect: "postgresql" },
    );
  }
  const doubled = value.replaceAll("'", "''");
  if (!value.includes("\\") && !hasEscapedCharacters(value)) return `'${doubled}'`;
  return `E'${doubled.replaceAll("\\", "\\\\").replace(ESCAPED_ALL, (c) => `\\u${hex4(c)}`)}'`;
}

/**
 * Renders a JSON value as a SQL literal: `NULL`, `true`/`false`, numbers as written, strings
 * quoted, arrays and objects as quoted JSON text (PostgreSQL casts it to json/jsonb).
 *
 * @example
 * ```ts
 * quoteValue({ a: 1 }); // '{"a":1}'
 * ```
 */
export function quoteValue(value: JsonValue): string {
  if (value === null) return "NULL";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (!Number.isFinite(value))
      throw new AthanorError("ATHANOR_INVALID_OPERATION", `Cannot write ${value} as a SQL number.`, {});
    return String(value);
  }
  if (typeof value === "string") return quoteLiteral(value);
  return quoteLiteral(JSON.stringify(value));
}

// The tokens of a statement text can hide in: names (U&"…" already escaped), strings (U&'…',
// E'…', standard '…', dollar-quoted), comments. A prefix letter is one only where no name runs on.
const TOKENS =
  /[Uu]&"(?:[^"]|"")*"|"((?:[^"]|"")*)"|(?<![\w$])[Uu]&'(?:[^']|'')*'|(?<![\w$])[Ee]'((?:[^'\\]|''|\\[\s\S])*)'|'((?:[^']|'')*)'|(?<![\w$])(\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$)([\s\S]*?)\4|--[^\n]*|\/\*[\s\S]*?\*\//g;
const ESCAPED_CONTROL = new RegExp(`\\\\([\\s\\S])|[${ESCAPED_CHARACTERS}]`, "g");

/**
 * `sql` with each name and string that holds a control character a terminal acts on written in
 * PostgreSQL's escaped form: a quoted name as {@link quoteIdent} writes it (`U&"t\001B"`), a
 * standard string as {@link quoteLiteral} does (`E'a\u001B'`), an escape string with the
 * character as `\uXXXX`; dollar-quoted code (the body of DO or of a function, `AS $$`) is
 * rewritten inside, a dollar-quoted value is not. A check, default or view as PostgreSQL prints
 * it back (`'a<ESC>'::text`) would carry the byte raw into `upgrade --sql`; the server reads the
 * escaped form as the same text.
 * Comments and every other token are kept (what stays raw is refused by inertStatements).
 */
function withoutRawControls(sql: string): string {
  return sql.replace(
    TOKENS,
    (
      token: string,
      name: string | undefined,
      escaped: string | undefined,
      standard: string | undefined,
      tag: string | undefined,
      code: string | undefined,
      at: number,
    ) => {
      if (name !== undefined && hasEscapedCharacters(name)) return quoteIdent(name.replaceAll('""', '"'));
      if (escaped !== undefined && hasEscapedCharacters(escaped))
        // a backslash before the character escapes it to itself: `\<ESC>` is ESC as well
        return `${token[0]}'${escaped.replace(ESCAPED_CONTROL, (pair, c: string | undefined) =>
          c === undefined ? `\\u${hex4(pair)}` : hasEscapedCharacters(c) ? `\\u${hex4(c)}` : pair,
        )}'`;
      // N'…' and the like: a prefix this rewrite does not know stays, and is refused
      if (standard !== undefined && hasEscapedCharacters(standard) && !/[\w$]/.test(sql[at - 1] ?? ""))
        return quoteLiteral(standard.replaceAll("''", "'"));
      // the body of DO or of a function (… AS $$) is code; any other dollar-quoted text is a value
      if (
        tag !== undefined &&
        code !== undefined &&
        hasEscapedCharacters(code) &&
        /\b(?:DO|AS)\s*$/i.test(sql.slice(0, at))
      )
        return `${tag}${withoutRawControls(code)}${tag}`;
      return token;
    },
  );
}

/**
 * PostgreSQL's way with a rendered statement holding a control character (see inertStatements):
 * names and strings are written escaped; what is left raw (a comment) is refused, with this advice.
 */
export const POSTGRES_RAW_CONTROLS: RawControlsDialect = {
  label: "PostgreSQL",
  dialect: "postgresql",
  spelling: "an escape string E'\\x1B', or chr(27)",
  rewrite: withoutRawControls,
};
