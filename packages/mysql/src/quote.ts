import type { JsonValue, QualifiedName } from "@athanor/core";
import { AthanorError } from "@athanor/core/errors";
import {
  hasEscapedCharacters,
  hasNameControlCharacters,
  inertText,
  type RawControlsDialect,
  refuseNameControlCharacters,
} from "@athanor/core/text";

// The only place where MySQL/MariaDB identifiers and literals are spelled. Everything the
// renderer emits goes through these functions; nothing interpolates a name raw.

/** MySQL and MariaDB refuse identifiers longer than 64 characters (not bytes). */
export const MAX_IDENTIFIER_LENGTH = 64;

function invalidIdentifier(name: string, problem: string): AthanorError {
  return new AthanorError(
    "ATHANOR_INVALID_IDENTIFIER",
    `Cannot use ${JSON.stringify(name)} as a MySQL/MariaDB name: ${problem}. Choose a shorter name without NUL characters or trailing spaces.`,
    { name, dialect: "mysql" },
  );
}

/**
 * Quotes an identifier: always backtick-quoted, inner backticks doubled, so case, spaces,
 * unicode and reserved words survive exactly. Throws ATHANOR_INVALID_IDENTIFIER for an empty
 * name, a NUL character, a trailing space (MySQL rejects those), more than 64 characters, or a
 * control character a terminal acts on (ESC, BEL, CR, DEL, C1 …): MySQL has no escaped form of a
 * quoted name, and `upgrade --sql` would print it raw. A bidirectional override or isolate is
 * kept: it drives no terminal, and a live table so named must stay droppable.
 *
 * @example
 * ```ts
 * quoteIdent("my `table`"); // `my ``table```
 * ```
 */
export function quoteIdent(name: string): string {
  if (typeof name !== "string" || name.length === 0) throw invalidIdentifier(String(name), "it is empty");
  if (name.includes("\0")) throw invalidIdentifier(name, "it contains a NUL character");
  if (name.endsWith(" ")) throw invalidIdentifier(name, "it ends with a space");
  refuseNameControlCharacters(name, { dialect: "mysql", label: "MySQL/MariaDB" });
  const length = [...name].length;
  if (length > MAX_IDENTIFIER_LENGTH) {
    throw invalidIdentifier(name, `it is ${length} characters long, the limit is ${MAX_IDENTIFIER_LENGTH}`);
  }
  return `\`${name.replaceAll("`", "``")}\``;
}

/**
 * Quotes a possibly database-qualified name: `db`.`name` or `name`. (A MySQL "schema" is a
 * database.)
 *
 * @example
 * ```ts
 * quoteQualified({ schema: "audit", name: "events" }); // `audit`.`events`
 * ```
 */
export function quoteQualified(name: QualifiedName): string {
  return name.schema === undefined
    ? quoteIdent(name.name)
    : `${quoteIdent(name.schema)}.${quoteIdent(name.name)}`;
}

/** The text without NUL, CR and Ctrl-Z, which have backslash escapes. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: exactly the three escaped ones
const withoutBackslashed = (text: string) => text.replace(/[\0\r\x1a]/g, "");

const ESCAPES: Readonly<Record<string, string>> = {
  "\0": "\\0",
  "\n": "\\n",
  "\r": "\\r",
  "\x1a": "\\Z",
  "\\": "\\\\",
  "'": "''",
};

/**
 * Quotes a string literal: `'` doubled, and backslash, NUL, CR, LF and Ctrl-Z escaped with a
 * backslash, so a statement never contains them raw. This is right in MySQL's default mode;
 * under `NO_BACKSLASH_ESCAPES` the escapes would be stored literally, so the driver switches
 * that mode off for its session (see mysql-driver.ts). Text holding another control character a
 * terminal acts on (ESC, BEL, DEL, C1 …) has no backslash escape: it is written as the hex
 * literal of its UTF-8 bytes, the same string, so `upgrade --sql` never carries the byte raw;
 * so is text holding a bidirectional override or isolate (U+202A–U+202E, U+2066–U+2069), which
 * would reorder how the SQL around it reads.
 *
 * @example
 * ```ts
 * quoteLiteral("it's C:\\dir"); // 'it''s C:\\\\dir'
 * quoteLiteral("a\x1bb"); // X'611B62'
 * ```
 */
export function quoteLiteral(value: string): string {
  if (hasEscapedCharacters(withoutBackslashed(value)))
    return `X'${Buffer.from(value, "utf8").toString("hex").toUpperCase()}'`;
  return quotedString(value);
}

/** Quoted with backslash escapes, whatever it holds (a COMMENT takes nothing else). */
function quotedString(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL and Ctrl-Z are exactly what must be escaped
  return `'${value.replace(/[\0\n\r\x1a\\']/g, (c) => ESCAPES[c] ?? c)}'`;
}

/**
 * Renders a JSON value as a SQL literal: `NULL`, `TRUE`/`FALSE`, numbers as written, strings
 * quoted, arrays and objects as quoted JSON text (MySQL converts it for JSON columns).
 *
 * @example
 * ```ts
 * quoteValue({ a: 1 }); // '{"a":1}'
 * ```
 */
export function quoteValue(value: JsonValue): string {
  if (value === null) return "NULL";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) {
      throw new AthanorError(
        "ATHANOR_INVALID_OPERATION",
        `Cannot write ${value} as a SQL number: MySQL/MariaDB has no literal for it.`,
        {
          dialect: "mysql",
        },
      );
    }
    return String(value);
  }
  if (typeof value === "string") return quoteLiteral(value);
  return quoteLiteral(JSON.stringify(value));
}

/**
 * Quotes a table or column comment. MySQL's `COMMENT` takes a quoted string only (no hex literal,
 * no expression), so a comment holding a control character a terminal acts on cannot be written
 * without the raw byte: it is refused (ATHANOR_INVALID_OPERATION, the text shown escaped). A
 * bidirectional override or isolate is kept raw there instead: it drives no terminal, and a
 * comment is no value a reader could be misled into running (docs/guarantees.md §6).
 *
 * @example
 * ```ts
 * quoteComment("who owns it"); // 'who owns it'
 * ```
 */
export function quoteComment(comment: string): string {
  if (!hasNameControlCharacters(withoutBackslashed(comment))) return quotedString(comment);
  const shown = inertText(comment);
  throw new AthanorError(
    "ATHANOR_INVALID_OPERATION",
    `Cannot write the comment "${shown}": it holds a control character (shown escaped), and a MySQL/MariaDB COMMENT takes only a quoted string, where the character would stand raw and drive the terminal that shows the SQL. Remove the control character from the comment.`,
    { comment: shown, dialect: "mysql" },
  );
}

// The tokens of a statement a quoted string can hide in: names, strings, comments.
const TOKENS = /`(?:[^`]|``)*`|'((?:[^'\\]|''|\\.)*)'|"((?:[^"\\]|""|\\.)*)"|--[^\n]*|\/\*[\s\S]*?\*\//g;
const AFTER_COMMENT = /\bCOMMENT\s*(?:=\s*)?$/i;
const BACKSLASHED: Readonly<Record<string, string>> = {
  "0": "\0",
  b: "\b",
  n: "\n",
  r: "\r",
  t: "\t",
  Z: "\x1a",
};

/**
 * `sql` with each quoted string that holds a control character a terminal acts on written as
 * {@link quoteLiteral} writes it (a hex literal of the same text): an expression athanor passes
 * on (a check or default as MariaDB reads it back, with ESC raw inside the quotes) would carry
 * the byte raw into `upgrade --sql`. Names, comments and every other string are kept.
 */
function withoutRawControls(sql: string): string {
  return sql.replace(TOKENS, (token, single: string | undefined, double: string | undefined, at: number) => {
    const body = single ?? double;
    if (body === undefined || !hasEscapedCharacters(body)) return token;
    // COMMENT takes a quoted string only: quoteComment refused a control character, a
    // bidirectional one stays (a hex literal there is a syntax error)
    if (AFTER_COMMENT.test(sql.slice(Math.max(0, at - 24), at))) return token;
    const quote = single === undefined ? '"' : "'";
    const text = body.replace(/''|""|\\(.)/gs, (pair, c: string | undefined) =>
      // only the string's own quote doubled stands for one: "" in '…' is two characters
      c === undefined
        ? pair[0] === quote
          ? quote
          : pair
        : (BACKSLASHED[c] ?? (c === "%" || c === "_" ? pair : c)),
    );
    return quoteLiteral(text);
  });
}

/**
 * MySQL's way with a rendered statement holding a control character (see inertStatements):
 * quoted strings become hex literals; what is left raw is refused, with this advice.
 */
export const MYSQL_RAW_CONTROLS: RawControlsDialect = {
  label: "MySQL/MariaDB",
  dialect: "mysql",
  spelling: "CHAR(27) or a hex literal X'1B'",
  rewrite: withoutRawControls,
};
