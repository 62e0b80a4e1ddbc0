// Moved from @athanor/drizzle's sql-fragment.ts: the canonicaliser and materialiser need the
// family names and identifier quoting, not drizzle-orm's SQL rendering that stays there.

/** The SQL dialects drizzle models are read for. */
export type DrizzleDialect = "postgresql" | "mysql" | "sqlite";

/**
 * An identifier quoted for the dialect (`"a""b"` / `` `a``b` ``), for the few names the
 * reader writes into SQL text itself (enum types, serial sequences).
 *
 * @example
 * ```ts
 * quoteName("Mood", "postgresql"); // "Mood"
 * ```
 */
export function quoteName(name: string, dialect: DrizzleDialect): string {
  return dialect === "mysql" ? `\`${name.replaceAll("`", "``")}\`` : `"${name.replaceAll('"', '""')}"`;
}
