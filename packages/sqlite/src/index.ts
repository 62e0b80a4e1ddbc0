// The public API of @athanor/sqlite.

export { SQLITE_BOOKKEEPING_SQL } from "./bookkeeping-sql.js";
export type { D1DialectOptions } from "./d1-dialect.js";
export { d1Dialect } from "./d1-dialect.js";
export { DEFAULT_D1_LOCK_LEASE_MS, d1Lock } from "./d1-lock.js";
export type { MiniflareD1 } from "./d1-throwaway.js";
export { openMiniflareD1 } from "./d1-throwaway.js";
export { sqliteDialectModule } from "./dialect-module.js";
export { sqliteDifferHooks } from "./differ-hooks.js";
export type { D1DatabaseLike, D1StatementLike } from "./drivers/d1.js";
export { wrapD1 } from "./drivers/d1.js";
export { drizzleKitSpelling, drizzleKitTexts } from "./drizzle-kit-spelling.js";
export { introspectSqlite } from "./introspector.js";
export { sqliteLintRules } from "./lint-rules.js";
export { acquireSqliteLock, releaseSqliteLock, SQLITE_LOCK_TABLE, sqliteLockHolder } from "./lock.js";
export { sqliteMemoryDialect } from "./memory-dialect.js";
export { quoteIdent, quoteLiteral, quoteQualified } from "./quote.js";
export type { SqliteRenderers } from "./renderer.js";
export { renderSqlite, sqliteRenderers } from "./renderer.js";
export {
  emptySqlite,
  readStoredTableTexts,
  sqliteScratchArea,
  sqliteScratchSql,
  sqliteThrowawayDatabases,
} from "./scratch-sql.js";
export type { SyncSqliteDatabase } from "./sqlite-connection.js";
export type { SqliteDialectOptions } from "./sqlite-dialect.js";
export { sqliteDialect } from "./sqlite-dialect.js";
export type {
  OpenSqliteOptions,
  SqliteConnection,
  SqliteDriverName,
  SqliteFileDriver,
} from "./sqlite-driver.js";
export { DEFAULT_BUSY_TIMEOUT_MS, openSqliteConnection, wrapDatabase } from "./sqlite-driver.js";
export { sqliteFileOf } from "./sqlite-url.js";
