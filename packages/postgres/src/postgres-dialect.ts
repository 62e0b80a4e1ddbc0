import type { Dialect, StatementCancelSql } from "@athanor/core";
import { postgresAppliedBefore } from "./applied-before.js";
import { postgresBackfillSql } from "./backfill-sql.js";
import { POSTGRES_BOOKKEEPING_SQL } from "./bookkeeping-sql.js";
import { postgresFleetHeadsSql } from "./fleet-heads.js";
import { advisoryLockHolder } from "./lock.js";
import { postgresLockSafety } from "./lock-timeout.js";
import { type PostgresDialectConfig, postgresSessionDialect } from "./postgres-session.js";
import { quoteIdent, quoteLiteral } from "./quote.js";
import { ALLOW_BROKEN_DEPENDENTS, postgresDependentsQuery } from "./render/dependents-guard.js";
import { renderPostgres } from "./renderer.js";
import { postgresClusterStatus, postgresReplicaLag } from "./replica-lag.js";

export type { PostgresDialectConfig } from "./postgres-session.js";

/**
 * What every PostgreSQL-flavoured dialect shares: the pure parts (renderer, quoting, transaction
 * statements). PGlite spreads this and overrides only connecting and locking.
 */
export const POSTGRES_DIALECT_BASE = {
  render: renderPostgres,
  quoteIdent,
  quoteLiteral,
  // only the tenant's schema: an unqualified name never falls through to `public` by accident
  useSchema: (schema: string) => `SET search_path TO ${quoteIdent(schema)}`,
  beginTransaction: "BEGIN",
  commitTransaction: "COMMIT",
  rollbackTransaction: "ROLLBACK",
  bookkeepingSql: POSTGRES_BOOKKEEPING_SQL,
  backfillSql: postgresBackfillSql,
  allowBrokenDependents: `SET ${ALLOW_BROKEN_DEPENDENTS} = on`,
  dependentsQuery: postgresDependentsQuery,
  lockSafety: postgresLockSafety,
  // a resume's first statement that committed by itself before its record: found applied?
  appliedBefore: postgresAppliedBefore,
  replicaLag: postgresReplicaLag,
  clusterStatus: postgresClusterStatus,
  fleetHeadsSql: postgresFleetHeadsSql,
} as const satisfies Partial<Dialect>;

/**
 * The PostgreSQL server dialect over postgres.js: transactional DDL, one reserved connection per
 * run, and a polled session-level advisory lock (lock.ts). Nothing connects until the runner
 * calls `connect()`, so offline `--sql` works with any URL.
 *
 * @example
 * ```ts
 * import { upgrade } from "@athanor/core";
 * const dialect = postgresDialect({ url: "postgres://postgres@127.0.0.1:5432/app" });
 * await upgrade({ dialect, revisions: "./migrations/versions" }, "heads");
 * ```
 */
export function postgresDialect(config: PostgresDialectConfig): Dialect {
  return {
    ...POSTGRES_DIALECT_BASE,
    ...postgresSessionDialect(config),
    capabilities: { transactionalDdl: true, concurrentConnections: true },
    lockHolder: advisoryLockHolder,
    statementCancel: POSTGRES_STATEMENT_CANCEL,
  };
}

/** pg_cancel_backend from a second session; pg_stat_activity says when the statement is gone. */
const POSTGRES_STATEMENT_CANCEL = {
  sessionId: "SELECT pg_backend_pid() AS id",
  cancel: (id: string) => `SELECT pg_cancel_backend(${id})`,
  running: (id: string, forMs: number) =>
    `SELECT 1 AS running FROM pg_stat_activity WHERE pid = ${id} AND state = 'active' ` +
    `AND clock_timestamp() - query_start >= ${Math.max(0, Math.floor(forMs))} * interval '1 millisecond'`,
} as const satisfies StatementCancelSql;
