import { AthanorError } from "@athanor/core";

/**
 * Quotes an identifier for SQLite (`"name"`, inner quotes doubled). A NUL character ends a
 * C string inside SQLite, so a name holding one is refused instead of being cut short.
 *
 * @example
 * ```ts
 * quoteIdent('we"ird'); // "\"we\"\"ird\""
 * ```
 */
export function quoteIdent(name: string): string {
  refuseNul(name, "identifier");
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Quotes a string literal for SQLite (`'text'`, inner quotes doubled; no backslash escapes).
 *
 * @example
 * ```ts
 * quoteLiteral("it's"); // "'it''s'"
 * ```
 */
export function quoteLiteral(value: string): string {
  refuseNul(value, "literal");
  return `'${value.replaceAll("'", "''")}'`;
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
