import type { SessionDialect } from "@athanor/core/dialect";
import { POSTGRES_BOOKKEEPING_SQL } from "./bookkeeping-sql.js";
import type { PostgresJsClient } from "./client-types.js";
import { acquireAdvisoryLock, releaseAdvisoryLock } from "./lock.js";
import { connectPostgres, type PostgresDriverOptions } from "./postgres-driver.js";
import { quoteIdent, quoteLiteral } from "./quote.js";
import { readUnderAdvisoryLock } from "./read-under-lock.js";

/**
 * Where `postgresDialect` connects: a URL, or your own postgres.js instance (athanor then
 * reserves one connection from it for each run and never ends it). Driver options apply to URLs.
 *
 * @example
 * ```ts
 * const config: PostgresDialectConfig = { url: process.env.DATABASE_URL!, connectTimeoutMs: 5_000 };
 * ```
 */
export type PostgresDialectConfig = (
  | { readonly url: string; readonly client?: undefined }
  | { readonly client: PostgresJsClient; readonly url?: undefined }
) &
  PostgresDriverOptions;

/**
 * The server dialect's session part — connecting, the advisory lock, the bookkeeping statements —
 * without the renderer: what a no-op `upgrade` confirmed from its summary uses
 * (`@athanor/postgres/session`). `postgresDialect` is this plus everything else.
 *
 * @example
 * ```ts
 * const dialect = postgresSessionDialect({ url: "postgres://postgres@127.0.0.1:5432/app" });
 * ```
 */
export function postgresSessionDialect(config: PostgresDialectConfig): SessionDialect {
  const source = config.client !== undefined ? { client: config.client } : { url: config.url };
  return {
    name: "postgresql",
    capabilities: { transactionalDdl: true, concurrentConnections: true },
    connect: () => connectPostgres(source, config),
    acquireLock: acquireAdvisoryLock,
    releaseLock: releaseAdvisoryLock,
    // a no-op `upgrade` confirmed from its summary: lock, read and unlock in one round trip
    readUnderLock: readUnderAdvisoryLock,
    quoteIdent,
    quoteLiteral,
    bookkeepingSql: POSTGRES_BOOKKEEPING_SQL,
  };
}
