import type { BackfillTarget } from "./backfill-sql.js";

/** A dialect's identifier quoting: `"name"`, `` `name` ``. */
type QuoteIdent = (name: string) => string;

/**
 * The key columns in key order, as a batch's `ORDER BY` lists them.
 *
 * @example
 * ```ts
 * `ORDER BY ${batchKeyList(target, quoteIdent)}`; // ORDER BY "tenant", "id"
 * ```
 */
export function batchKeyList(target: BackfillTarget, quoteIdent: QuoteIdent): string {
  return target.key.map((k) => quoteIdent(k.name)).join(", ");
}

/**
 * The idempotency filter as a further condition of a batch's WHERE: ` AND (where)`, or nothing.
 *
 * @example
 * ```ts
 * `WHERE ${lower}${batchFilter(target)}`; // WHERE … AND (email_lower IS NULL)
 * ```
 */
export function batchFilter(target: BackfillTarget): string {
  return target.where === undefined ? "" : ` AND (${target.where})`;
}

/**
 * What `selectBatch` reads before the key aliases, each followed by `, `: nothing for `"keys"`,
 * `everyColumn` (the dialect's spelling of all columns) for undefined, else the key columns and
 * `columns`, each once.
 *
 * @example
 * ```ts
 * batchColumns(target, ["email"], quoteIdent, "*, "); // '"id", "email", '
 * ```
 */
export function batchColumns(
  target: BackfillTarget,
  columns: readonly string[] | "keys" | undefined,
  quoteIdent: QuoteIdent,
  everyColumn: string,
): string {
  if (columns === "keys") return "";
  if (columns === undefined) return everyColumn;
  return `${[...new Set([...target.key.map((k) => k.name), ...columns])].map(quoteIdent).join(", ")}, `;
}

/**
 * A `set` batch's assignments, one `column = (expression)` each, for its UPDATE's SET list.
 *
 * @example
 * ```ts
 * batchAssignments({ email_lower: "lower(email)" }, quoteIdent); // ['"email_lower" = (lower(email))']
 * ```
 */
export function batchAssignments(set: Readonly<Record<string, string>>, quoteIdent: QuoteIdent): string[] {
  return Object.entries(set).map(([column, expression]) => `${quoteIdent(column)} = (${expression})`);
}
