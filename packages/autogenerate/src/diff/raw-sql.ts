import type { NameContext } from "./model-to-input.js";

// Names and literals as they appear inside model text and operation fields (a `USING` cast, an
// enum default as the server prints it back). No statement is written in the differ, stager or
// code generator: every change is an operation the dialect's renderer writes (the sync triggers
// are `createSyncTrigger` / `dropSyncTrigger`, PostgreSQL 18's NOT NULL ... NOT VALID is
// `addNotNull`), so no `execute` operation is emitted.

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
