import { AthanorError } from "@athanor/core";
import type { DrizzleDialect } from "./quote-name.js";

const KNOWN: readonly DrizzleDialect[] = ["postgresql", "mysql", "sqlite"];

/**
 * `dialect` when the Drizzle reader and the canonicaliser know it; ATHANOR_DIALECT_UNKNOWN
 * otherwise. Called where they branch, so a name that is neither is refused instead of being
 * read as MySQL by the branch that is not PostgreSQL's.
 *
 * @example
 * ```ts
 * knownDrizzleDialect("mysql"); // "mysql"
 * knownDrizzleDialect("mssql"); // throws ATHANOR_DIALECT_UNKNOWN
 * ```
 */
export function knownDrizzleDialect(dialect: string): DrizzleDialect {
  if ((KNOWN as readonly string[]).includes(dialect)) return dialect as DrizzleDialect;
  throw new AthanorError(
    "ATHANOR_DIALECT_UNKNOWN",
    `The Drizzle reader and canonicaliser do not know the dialect "${dialect}" (they know ${KNOWN.join(", ")}).`,
    { dialect, known: [...KNOWN] },
  );
}
