// The public API of @athanor/postgres: explicit named exports only.
export { postgresRenderers, renderPostgres } from "./renderer.js";
export type { PostgresRenderers } from "./renderer.js";
export { MAX_IDENTIFIER_BYTES, quoteIdent, quoteLiteral, quoteQualified, quoteValue } from "./quote.js";
export { introspectPostgres } from "./introspector.js";
export type { PostgresIntrospectOptions } from "./introspector.js";
export { postgresDialect, POSTGRES_DIALECT_BASE } from "./postgres-dialect.js";
export type { PostgresDialectConfig } from "./postgres-dialect.js";
export { pgliteDialect } from "./pglite-dialect.js";
export type { PGliteDialect, PGliteDialectConfig } from "./pglite-dialect.js";
export { connectPostgres, DEFAULT_CONNECT_TIMEOUT_MS, postgresConnection } from "./postgres-driver.js";
export type { PostgresDriverOptions, PostgresNotice, PostgresSource } from "./postgres-driver.js";
export { createPglite, leasePgliteFolder, pgliteConnection } from "./pglite-driver.js";
export type { PGliteLease, PGliteSource } from "./pglite-driver.js";
export { acquireAdvisoryLock, advisoryLockHolder, advisoryLockId, releaseAdvisoryLock } from "./lock.js";
export type { LockHolder } from "./lock.js";
export { connectionFailed, parsePostgresUrl } from "./connect-errors.js";
export type { ConnectTarget } from "./connect-errors.js";
export type { PGliteClient, PostgresJsClient, PostgresJsPendingQuery, PostgresJsReservedConnection, PostgresJsRowList } from "./client-types.js";
