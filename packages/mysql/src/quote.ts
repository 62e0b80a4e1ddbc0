import type { JsonValue, QualifiedName } from "@athanor/core";
import { AthanorError } from "@athanor/core/errors";
import { refuseNameControlCharacters } from "@athanor/core/text";

// The only place where MySQL/MariaDB identifiers and literals are spelled. Everything the
// renderer emits goes through these functions; nothing interpolates a name raw.

/** MySQL and MariaDB refuse identifiers longer than 64 characters (not bytes). */
export const MAX_IDENTIFIER_LENGTH = 64;

function invalidIdentifier(name: string, problem: string): AthanorError {
  return new AthanorError(
    "ATHANOR_INVALID_IDENTIFIER",
    `Cannot use ${JSON.stringify(name)} as a MySQL name: ${problem}. Choose a shorter name without NUL characters or trailing spaces.`,
    { name, dialect: "mysql" },
  );
}

/**
 * Quotes an identifier: always backtick-quoted, inner backticks doubled, so case, spaces,
 * unicode and reserved words survive exactly. Throws ATHANOR_INVALID_IDENTIFIER for an empty
 * name, a NUL character, a trailing space (MySQL rejects those), more than 64 characters, or a
 * control character a terminal acts on (ESC, BEL, CR, DEL, C1 …): MySQL has no escaped form of a
 * quoted name, and `upgrade --sql` would print it raw.
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
  refuseNameControlCharacters(name, { dialect: "mysql", label: "MySQL" });
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
 * that mode off for its session (see mysql-driver.ts).
 *
 * @example
 * ```ts
 * quoteLiteral("it's C:\\dir"); // 'it''s C:\\\\dir'
 * ```
 */
export function quoteLiteral(value: string): string {
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
        `Cannot write ${value} as a SQL number: MySQL has no literal for it.`,
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
