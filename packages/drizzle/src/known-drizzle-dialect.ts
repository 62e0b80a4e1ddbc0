import { AthanorError } from "@athanor/core";
import type { DrizzleDialect } from "./sql-fragment.js";

const KNOWN: readonly DrizzleDialect[] = ["postgresql", "mysql", "sqlite"];

/**
 * `dialect` when the Drizzle reader knows its tables; ATHANOR_DIALECT_UNKNOWN otherwise. Called
 * where the reader branches on the family, so a name that is none of them is refused instead of
 * being read as MySQL by the branch that is not PostgreSQL's. (Autogenerate takes no family: it
 * asks the dialect module's hooks.)
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
    `The Drizzle reader does not know the dialect "${dialect}" (it reads ${KNOWN.join(", ")}).`,
    { dialect, known: [...KNOWN] },
  );
}
