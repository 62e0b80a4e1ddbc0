import type { Connection, Dialect, Operation, StatementCancelSql } from "@athanor/core";
import { mysqlAppliedBefore } from "./applied-before.js";
import { mysqlBackfillSql } from "./backfill-sql.js";
import type { MysqlClientLike, MysqlPoolLike } from "./client-types.js";
import { mariadbFleetHeadsSql } from "./fleet-heads.js";
import { galeraClusterStatus } from "./galera/galera-detect.js";
import { type GaleraMode, galeraNodeCheck } from "./galera/galera-node.js";
import { type GaleraPeerConnect, mysqlReplicaLag, nodeUrl } from "./galera/galera-replica-lag.js";
import { galeraTransactionGuard } from "./galera/galera-transaction-guard.js";
import { mysqlLockSafety } from "./lock-timeout.js";
import { type MysqlConnectionSource, openMysqlConnection, SESSION_SQL_MODE } from "./mysql-driver.js";
import { mysqlSessionDialect } from "./mysql-session.js";
import { quoteIdent } from "./quote.js";
import type { AlterAlgorithm, AlterLock } from "./render/context.js";
import {
  ALLOW_BROKEN_DEPENDENTS,
  mysqlDependentsQuery,
  mysqlDependentsUnsettledQuery,
} from "./render/dependents-guard.js";
import { renderMysql } from "./renderer.js";
import { mysqlRunWarnings } from "./run-warnings.js";
import { DEFAULT_SERVER, flavorLabel, type MysqlFlavor, type MysqlServer } from "./server.js";
import { serverMismatch } from "./server-mismatch.js";
import { endsInLineComment } from "./trailing-line-comment.js";

export { MYSQL_BOOKKEEPING_SQL } from "./bookkeeping-sql.js";

/** Options shared by both ways of connecting. */
export interface MysqlDialectCommonOptions {
  /**
   * The server offline rendering (`--sql`) targets before any connection: `"mysql"` (8.0),
   * `"mariadb"` (10.11) or an exact {@link MysqlServer}. Once connected, the detected server wins.
   */
  readonly server?: MysqlFlavor | MysqlServer | undefined;
  /** `ALGORITHM=` appended to every ALTER TABLE / CREATE INDEX / DROP INDEX. */
  readonly algorithm?: AlterAlgorithm | undefined;
  /** `LOCK=` appended likewise. */
  readonly lock?: AlterLock | undefined;
  /**
   * MariaDB Galera: `"auto"` (default) asks the server (`wsrep_on` with a provider) and, on a
   * Galera node, takes the cluster-wide lock row instead of `GET_LOCK`, which is local to one
   * node there; `true` always takes the lock row; `false` always `GET_LOCK`.
   */
  readonly galera?: GaleraMode | undefined;
  /** How long the Galera lock row holds without renewal (default 30 000 ms): a killed runner's lock is taken over after it. */
  readonly galeraLockLeaseMs?: number | undefined;
}

/** `mysqlDialect({ url })`, or `mysqlDialect({ client })` with a mysql2 connection or pool. */
export type MysqlDialectOptions = MysqlDialectCommonOptions &
  (
    | { readonly url: string; readonly connectTimeoutMs?: number | undefined }
    | { readonly client: MysqlClientLike | MysqlPoolLike }
  );

// Sessions on the other nodes of a Galera cluster, with the runner's credentials (URL only).
function peerConnect(source: MysqlConnectionSource): GaleraPeerConnect | undefined {
  if (!("url" in source)) return undefined;
  const { url, connectTimeoutMs } = source;
  return (address) => openMysqlConnection({ url: nodeUrl(url, address), connectTimeoutMs });
}

/** The MySQL dialect, with the server it last connected to. */
export interface MysqlDialect extends Dialect {
  /** The detected server after `connect()`, else the configured one. */
  readonly server: MysqlServer;
}

const FLAVOR_DEFAULTS: Readonly<Record<MysqlFlavor, MysqlServer>> = {
  mysql: DEFAULT_SERVER,
  mariadb: { flavor: "mariadb", version: [10, 11, 0] },
};

// Data statements stay inside the open transaction; everything else (DDL, LOCK TABLES, ANALYZE,
// CALL of unknown procedures) may commit it, so the runner treats it as a commit point.
const STAYS_IN_TRANSACTION =
  /^(?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/|\()*(?:insert|update|delete|replace|select|with|do)\b/i;

/**
 * Whether MySQL commits the open transaction when running `sql` (DDL and its kin do).
 *
 * @example
 * ```ts
 * mysqlCommitsImplicitly("UPDATE accounts SET balance = balance + 50"); // false
 * mysqlCommitsImplicitly("ALTER TABLE accounts ADD COLUMN note text"); // true
 * ```
 */
export function mysqlCommitsImplicitly(sql: string): boolean {
  return !STAYS_IN_TRANSACTION.test(sql);
}

/**
 * A statement as the `mysql` client reads it from a script: a compound statement (the dependents
 * check, `BEGIN NOT ATOMIC ... END`) between `DELIMITER` lines, since its body holds `;`; after a
 * trailing line comment, the `;` on a line of its own.
 *
 * @example
 * ```ts
 * mysqlOfflineStatement("DROP TABLE t"); // "DROP TABLE t;"
 * mysqlOfflineStatement("BEGIN NOT ATOMIC SELECT 1; END"); // "DELIMITER //\nBEGIN NOT ATOMIC SELECT 1; END //\nDELIMITER ;"
 * ```
 */
export function mysqlOfflineStatement(sql: string): string {
  if (/^\s*BEGIN\s+NOT\s+ATOMIC\b/i.test(sql)) return `DELIMITER //\n${sql} //\nDELIMITER ;`;
  // after `-- note` or `# note` a `;` on the same line would be part of the comment
  if (endsInLineComment(sql)) return `${sql}\n;`;
  return sql.trimEnd().endsWith(";") ? sql : `${sql};`;
}

const PREPARES_SESSION = /^\s*(?:SET\s+@(?!@)|PREPARE\s)/i;

/**
 * Whether `sql` only prepares the session for what follows: a user variable or a prepared
 * statement, both gone with the session (the renderer's `SET @athanor_ddl = …; PREPARE …;
 * EXECUTE …` forms), so a resumed run must send it again.
 *
 * @example
 * ```ts
 * mysqlPreparesSession("PREPARE athanor_drop_index FROM @athanor_ddl"); // true
 * mysqlPreparesSession("EXECUTE athanor_drop_index"); // false
 * ```
 */
export function mysqlPreparesSession(sql: string): boolean {
  return PREPARES_SESSION.test(sql);
}

/**
 * The MySQL 8 / MariaDB 10.11+ dialect over mysql2. DDL is not transactional on these
 * servers (`capabilities.transactionalDdl: false`): the runner then reports a revision that
 * fails part-way as `partial`, with the statement and SQL, and refuses to continue until it is
 * resolved.
 *
 * @example
 * ```ts
 * import { upgrade } from "@athanor/core";
 * import { mysqlDialect } from "@athanor/mysql";
 * const dialect = mysqlDialect({ url: "mysql://root@127.0.0.1:3306/app" });
 * await upgrade({ dialect, revisions: "./migrations/versions" }, "heads");
 * ```
 */
export function mysqlDialect(options: MysqlDialectOptions): MysqlDialect {
  const configured = options.server;
  let server: MysqlServer =
    configured === undefined
      ? DEFAULT_SERVER
      : typeof configured === "string"
        ? FLAVOR_DEFAULTS[configured]
        : configured;
  // nothing named the server (a mysql:// URL, offline): it may be MySQL of any version or MariaDB
  let serverAssumed = configured === undefined;
  const source =
    "client" in options
      ? { client: options.client }
      : { url: options.url, connectTimeoutMs: options.connectTimeoutMs };
  const onGalera = galeraNodeCheck(options.galera ?? "auto");
  return {
    // connecting, the lock (GET_LOCK, or Galera's lock row) and the bookkeeping statements
    ...mysqlSessionDialect(options, onGalera),
    capabilities: { transactionalDdl: false, concurrentConnections: true, placesColumns: true },
    get server() {
      return server;
    },
    // until a connection reads the server, a mysql:// URL without mysql.serverVersion may reach either
    get serverLabel() {
      return serverAssumed ? "MySQL/MariaDB" : flavorLabel(server.flavor);
    },
    render: (op: Operation) =>
      renderMysql(op, { server, serverAssumed, algorithm: options.algorithm, lock: options.lock }),
    async connect(): Promise<Connection> {
      const conn = await openMysqlConnection(source);
      server = conn.server;
      serverAssumed = false;
      return conn;
    },
    clusterStatus: galeraClusterStatus,
    transactionGuard: galeraTransactionGuard(onGalera),
    // Only asked where the Galera guard fired: wait until this node applied what the cluster committed.
    causalRead: (sql) => `SET STATEMENT wsrep_sync_wait = 1 FOR ${sql}`,
    replicaLag: mysqlReplicaLag(onGalera, peerConnect(source)),
    // a fleet's tenant is a database on the server: one pooled session visits each with USE
    useSchema: (database: string) => `USE ${quoteIdent(database)}`,
    // a fleet's heads in one round trip where the server has compound statements (MariaDB);
    // read after connecting, when the server is known
    get fleetHeadsSql() {
      return server.flavor === "mariadb" ? mariadbFleetHeadsSql : undefined;
    },
    beginTransaction: "START TRANSACTION",
    commitTransaction: "COMMIT",
    rollbackTransaction: "ROLLBACK",
    commitsImplicitly: mysqlCommitsImplicitly,
    preparesSession: mysqlPreparesSession,
    appliedBefore: mysqlAppliedBefore,
    backfillSql: mysqlBackfillSql,
    allowBrokenDependents: `SET ${ALLOW_BROKEN_DEPENDENTS} = 1`,
    dependentsQuery: mysqlDependentsQuery,
    dependentsUnsettledQuery: (op) => mysqlDependentsUnsettledQuery(op, server.flavor),
    runWarnings: async (conn, run) => {
      // the exact server the options named (the config's mysql.serverVersion), not a flavour's default
      const named = typeof configured === "object" ? configured : undefined;
      const mismatch = serverMismatch(named, server);
      return [
        ...(mismatch === undefined ? [] : [mismatch]),
        ...(await mysqlRunWarnings(conn, server.flavor, run)),
      ];
    },
    offlineStatement: mysqlOfflineStatement,
    offlineSessionSql: [SESSION_SQL_MODE],
    lockSafety: mysqlLockSafety,
    statementCancel: MYSQL_STATEMENT_CANCEL,
  };
}

/** KILL QUERY from a second session (the connection stays); the processlist says when it is gone. */
const MYSQL_STATEMENT_CANCEL = {
  sessionId: "SELECT CONNECTION_ID() AS id",
  cancel: (id: string) => `KILL QUERY ${id}`,
  // TIME is whole seconds on MySQL and MariaDB alike
  running: (id: string, forMs: number) =>
    `SELECT 1 AS running FROM information_schema.PROCESSLIST WHERE ID = ${id} AND COMMAND = 'Query' ` +
    `AND TIME * 1000 >= ${Math.max(0, Math.floor(forMs))}`,
} as const satisfies StatementCancelSql;
