// The public API of @athanor/postgres: explicit named exports only.

export { postgresBackfillSql } from "./backfill-sql.js";
export { POSTGRES_BOOKKEEPING_SQL } from "./bookkeeping-sql.js";
export type {
  PGliteClient,
  PostgresJsClient,
  PostgresJsPendingQuery,
  PostgresJsReservedConnection,
  PostgresJsRowList,
} from "./client-types.js";
export type { ConnectTarget } from "./connect-errors.js";
export { connectionFailed, parsePostgresUrl } from "./connect-errors.js";
export { PGLITE_FOLDER, postgresDialectModule } from "./dialect-module.js";
export { postgresDifferHooks } from "./differ-hooks.js";
export type { PostgresIntrospectOptions } from "./introspector.js";
export { introspectPostgres } from "./introspector.js";
export { isBinaryCompatibleChange, postgresLintRules } from "./lint-rules.js";
export type { LockHolder } from "./lock.js";
export { acquireAdvisoryLock, advisoryLockHolder, advisoryLockId, releaseAdvisoryLock } from "./lock.js";
export { postgresLockSafety } from "./lock-timeout.js";
export type { PGliteDialect, PGliteDialectConfig } from "./pglite-dialect.js";
export { pgliteDialect } from "./pglite-dialect.js";
export type { PGliteLease, PGliteSource } from "./pglite-driver.js";
export { createPglite, pgliteConnection } from "./pglite-driver.js";
export type { PostgresDialectConfig } from "./postgres-dialect.js";
export { postgresDialect } from "./postgres-dialect.js";
export type { PostgresDriverOptions, PostgresNotice, PostgresSource } from "./postgres-driver.js";
export { connectPostgres, DEFAULT_CONNECT_TIMEOUT_MS } from "./postgres-driver.js";
export { MAX_IDENTIFIER_BYTES, quoteIdent, quoteLiteral, quoteQualified, quoteValue } from "./quote.js";
export type { PostgresRenderers } from "./renderer.js";
export { postgresRenderers, renderPostgres } from "./renderer.js";
export { postgresScratchArea, postgresScratchSql } from "./scratch-sql.js";
