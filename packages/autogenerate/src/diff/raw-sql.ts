import type { NameContext } from "./model-to-input.js";

// The few changes no operation kind expresses (identity and collation changes, an enum rebuilt
// without a value) become `execute` operations with their inverse SQL. That SQL is written
// here, for the one dialect family it targets, with the same quoting rules as the dialect
// packages (double the quote character; nothing else needs escaping in a quoted identifier).

/**
 * Quotes an identifier for the dialect family.
 *
 * @example
 * ```ts
 * quoteName({ defaultSchema: "public", hooks: postgresDifferHooks }, 'a"b'); // "a""b"
 * ```
 */
export function quoteName(ctx: NameContext, name: string): string {
  return ctx.hooks.quoteIdentifier(name);
}

/**
 * A schema-qualified, quoted name; unqualified in the default schema.
 *
 * @example
 * ```ts
 * quoteQualifiedName(ctx, "audit", "events"); // "audit"."events"
 * ```
 */
export function quoteQualifiedName(ctx: NameContext, schema: string, name: string): string {
  return schema === ctx.defaultSchema
    ? quoteName(ctx, name)
    : `${quoteName(ctx, schema)}.${quoteName(ctx, name)}`;
}

/**
 * A string literal (standard SQL: single quotes doubled).
 *
 * @example
 * ```ts
 * quoteText("it's"); // 'it''s'
 * ```
 */
export function quoteText(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * `ALTER TABLE <table> ALTER COLUMN <column> <clause>` for PostgreSQL.
 *
 * @example
 * ```ts
 * alterColumnSql(ctx, "public", "users", "id", "DROP IDENTITY"); // ALTER TABLE "users" ALTER COLUMN "id" DROP IDENTITY
 * ```
 */
export function alterColumnSql(
  ctx: NameContext,
  schema: string,
  table: string,
  column: string,
  clause: string,
): string {
  return `ALTER TABLE ${quoteQualifiedName(ctx, schema, table)} ALTER COLUMN ${quoteName(ctx, column)} ${clause}`;
}
