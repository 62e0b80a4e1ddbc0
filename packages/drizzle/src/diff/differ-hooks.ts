import { AthanorError, type DifferHooks } from "@athanor/core";

/** PostgreSQL's (and PGlite's) decisions: schemas, enum types and sequences of their own, identity steps. */
export const postgresDifferHooks: DifferHooks = {
  name: "postgresql",
  defaultSchema: "public",
  schemasAreDatabases: false,
  namedTypes: true,
  quoteIdentifier: (name) => `"${name.replaceAll('"', '""')}"`,
  indexNullsOrdering: true,
  indexStorageParameters: true,
  serverManagedForeignKeyIndexes: false,
  identityChange: "identity",
  collationChange: "alter-type",
  typeChangeCast: true,
  generatedChange: "drop-expression",
};

/** MySQL's (and MariaDB's): a schema is the session's database, AUTO_INCREMENT, foreign key indexes kept by the server. */
export const mysqlDifferHooks: DifferHooks = {
  name: "mysql",
  defaultSchema: undefined,
  schemasAreDatabases: true,
  namedTypes: false,
  quoteIdentifier: (name) => `\`${name.replaceAll("`", "``")}\``,
  indexNullsOrdering: false,
  indexStorageParameters: false,
  serverManagedForeignKeyIndexes: true,
  identityChange: "auto-increment",
  collationChange: "by-hand",
  typeChangeCast: false,
  generatedChange: "in-place",
};

// The names the built-in dialect modules give the differ (their `differDialect(flavour)`).
const BUILT_IN: Readonly<Record<string, DifferHooks>> = {
  postgresql: postgresDifferHooks,
  pglite: postgresDifferHooks,
  mysql: mysqlDifferHooks,
  mariadb: mysqlDifferHooks,
};

/**
 * The hooks of a differ dialect name; ATHANOR_DIALECT_UNKNOWN for a name that has none, so
 * nothing is diffed as another database (a dialect of its own passes its hooks instead).
 *
 * @example
 * ```ts
 * differHooksFor("pglite").namedTypes; // true
 * ```
 */
export function differHooksFor(dialect: string): DifferHooks {
  const hooks = Object.hasOwn(BUILT_IN, dialect) ? BUILT_IN[dialect] : undefined;
  if (hooks !== undefined) return hooks;
  throw new AthanorError(
    "ATHANOR_DIALECT_UNKNOWN",
    `The differ has no hooks for the dialect "${dialect}" (it knows ${Object.keys(BUILT_IN).join(", ")}); a dialect of its own passes its differ hooks.`,
    { dialect, known: Object.keys(BUILT_IN) },
  );
}
