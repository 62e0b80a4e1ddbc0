import type { Connection, Dialect } from "@athanor/core";
import { SQLITE_BOOKKEEPING_SQL } from "./bookkeeping-sql.js";
import { d1BackfillSql } from "./d1-backfill-sql.js";
import { d1Lock } from "./d1-lock.js";
import { type D1DatabaseLike, wrapD1 } from "./drivers/d1.js";
import { quoteIdent, quoteLiteral } from "./quote.js";
import { needsPriorDefinition } from "./render/needs-prior-definition.js";
import { rebuildBatchKey, renderRebuildBatch } from "./render/rebuild-batch.js";
import { reflectSqlite, type SqliteRenderContext } from "./render/render-context.js";
import { renderSqlite } from "./renderer.js";

/** `d1Dialect({ database })`: a D1 binding (or a function resolving one, called on each connect). */
export interface D1DialectOptions {
  readonly database: D1DatabaseLike | (() => Promise<D1DatabaseLike>);
  /** How messages name the database (default `D1`). */
  readonly label?: string | undefined;
  /** The lock row's lease (default 30 s), renewed while the run holds it. */
  readonly lockLeaseMs?: number | undefined;
}

/** Reads the schema a revision starts from, marked as a database whose foreign keys stay on. */
async function reflectD1(conn: Connection): Promise<SqliteRenderContext> {
  return { ...(await reflectSqlite(conn)), foreignKeysEnforced: true };
}

/**
 * SQLite on Cloudflare D1 (a binding: miniflare's local D1 in tests and `wrangler dev`, the
 * Worker's `env.DB` in production). D1's rules shape it:
 * - no BEGIN/COMMIT — a batch is the only transaction — so DDL is not transactional here: each
 *   statement commits by itself and the runner records progress after each (a revision that fails
 *   half-way is recorded `partial`, resumed with `--resume`, as on MySQL); the version row and the
 *   progress markers commit as one batch;
 * - `PRAGMA foreign_keys = OFF` is ignored (every batch is a transaction): a rebuild is one batch
 *   with `defer_foreign_keys`, keeping aside and restoring the rows its DROP would cascade into
 *   (render/enforced-rebuild.ts); deferred keys are checked when the batch ends;
 * - no advisory locks and no BEGIN IMMEDIATE: the lock is a row with an owner and a lease;
 * - `op.backfill`: each keyset batch's writes and its saved cursor are one batch (d1-backfill-sql.ts).
 *
 * @example
 * ```ts
 * const mf = new Miniflare({ modules: true, script: "", d1Databases: ["DB"] });
 * const dialect = d1Dialect({ database: () => mf.getD1Database("DB") });
 * await upgrade({ dialect, revisions }, "heads");
 * ```
 */
export function d1Dialect(options: D1DialectOptions): Dialect {
  const lock = d1Lock({ leaseMs: options.lockLeaseMs });
  return {
    name: "sqlite",
    // messages name D1, not SQLite (whose DDL does roll back)
    serverLabel: "Cloudflare D1",
    capabilities: { transactionalDdl: false, concurrentConnections: true },
    render: renderSqlite,
    needsPriorDefinition,
    batchKey: rebuildBatchKey,
    renderBatch: renderRebuildBatch,
    reflect: reflectD1,
    async connect(): Promise<Connection> {
      const { database } = options;
      const binding = typeof database === "function" ? await database() : database;
      return wrapD1(binding, options.label ?? "D1");
    },
    acquireLock: lock.acquire,
    releaseLock: lock.release,
    lockHolder: lock.holder,
    quoteIdent,
    quoteLiteral,
    beginTransaction: "BEGIN",
    commitTransaction: "COMMIT",
    rollbackTransaction: "ROLLBACK",
    // every D1 statement outside a batch is a transaction of its own
    commitsImplicitly: () => true,
    bookkeepingSql: SQLITE_BOOKKEEPING_SQL,
    backfillSql: d1BackfillSql,
  };
}
