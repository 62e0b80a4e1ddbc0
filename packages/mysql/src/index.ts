// The public API of @athanor/mysql.

export { mysqlBackfillSql } from "./backfill-sql.js";
export type { MysqlClientLike, MysqlPoolConnectionLike, MysqlPoolLike } from "./client-types.js";
export { mysqlDialectModule } from "./dialect-module.js";
export { mysqlDifferHooks } from "./differ-hooks.js";
export type { MysqlIntrospectOptions } from "./introspector.js";
export { introspectMysql } from "./introspector.js";
export type { MysqlLintOptions, OnlineAlgorithm } from "./lint-rules.js";
export { createMysqlLintRules, mysqlLintRules } from "./lint-rules.js";
export { acquireMysqlLock, mysqlLockName, releaseMysqlLock } from "./lock.js";
export { mysqlLockHolder } from "./lock-holder.js";
export { mysqlLockSafety } from "./lock-timeout.js";
export type { MysqlDialect, MysqlDialectCommonOptions, MysqlDialectOptions } from "./mysql-dialect.js";
export { MYSQL_BOOKKEEPING_SQL, mysqlDialect } from "./mysql-dialect.js";
export type { MysqlConnection, MysqlConnectionSource } from "./mysql-driver.js";
export { DEFAULT_CONNECT_TIMEOUT_MS, openMysqlConnection } from "./mysql-driver.js";
export { MAX_IDENTIFIER_LENGTH, quoteIdent, quoteLiteral, quoteQualified, quoteValue } from "./quote.js";
export type { AlterAlgorithm, AlterLock, MysqlRenderContext } from "./render/context.js";
export type { MysqlRenderers, MysqlRenderOptions } from "./renderer.js";
export { createMysqlRenderer, mysqlRenderers, renderMysql } from "./renderer.js";
export { mysqlScratchArea, mysqlScratchSql } from "./scratch-sql.js";
export type { MysqlFlavor, MysqlServer } from "./server.js";
export { DEFAULT_SERVER, parseServerVersion } from "./server.js";
