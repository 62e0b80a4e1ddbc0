import type { BackfillSql } from "../backfill/backfill-sql.js";
import type { MaxReplicaLag } from "../backfill/max-replica-lag.js";
import type { Operation, RequireNoDependents } from "../ops/index.js";
import type { LockSafetySql } from "../runner/lock-retry.js";
import type { SchemaModel } from "../schema/schema-model.js";
import type { Connection } from "./connection.js";
import type { DialectRunWarning } from "./run-warning.js";
import type { BookkeepingNames } from "./version-table-names.js";

/** What a database can and cannot do; the runner adapts to it instead of assuming PostgreSQL. */
export interface DialectCapabilities {
  /** DDL inside a transaction rolls back (PostgreSQL yes, MySQL no). */
  readonly transactionalDdl: boolean;
  /** Several sessions can connect at once (PGlite: no). */
  readonly concurrentConnections: boolean;
  /**
   * `addColumn` can place the column (`position`: MySQL's `FIRST` / `AFTER`). Absent or false:
   * a column is always added last (PostgreSQL, SQLite), so column order is not something a
   * downgrade can restore.
   */
  readonly placesColumns?: boolean;
}

/** Where the version and history tables live. */
export interface VersionTableLocation {
  /**
   * Default `athanor_version`; the history table is `<name>_history`, and the other names derived
   * from it are listed by `derivedVersionTableNames` (version-table-names.ts).
   */
  readonly name: string;
  readonly schema?: string | undefined;
}

/** Options of the migration lock (session-level try-lock with polling). */
export interface LockOptions {
  /** Give up after this long with ATHANOR_LOCK_TIMEOUT. Default 60 000 ms. */
  readonly timeoutMs: number;
  /** Poll interval. Default 250 ms. */
  readonly pollMs: number;
}

/**
 * The session holding the migration lock, as the server describes it. Fields a server does not
 * report are null (MySQL has no application name or session start in its process list).
 *
 * @example
 * ```ts
 * const holder: MigrationLockHolder = { pid: 4242, applicationName: "athanor", user: "deploy", clientAddr: "10.0.0.7",
 *   backendStart: "2026-01-02T03:04:05Z", state: "idle", query: "SELECT pg_try_advisory_lock($1::bigint)" };
 * ```
 */
export interface MigrationLockHolder {
  /** The server's id of the session: PostgreSQL backend pid, MySQL connection id (for KILL). */
  readonly pid: number;
  readonly applicationName: string | null;
  readonly user: string | null;
  readonly clientAddr: string | null;
  /** ISO timestamp of the holder's session start: the lock is at most this old. */
  readonly backendStart: string | null;
  /** `active`, `idle`, `Sleep for 12 s`... */
  readonly state: string | null;
  /** The holder's current or last statement, cut to 200 characters. */
  readonly query: string | null;
}

/**
 * A dialect: a small object of factories plus declared capabilities. Pure parts (render,
 * SQL for the version tables) need no connection, so offline `--sql` works without a database.
 *
 * @example
 * ```ts
 * const dialect = postgresDialect({ url: "postgres://postgres@127.0.0.1/app" });
 * const conn = await dialect.connect();
 * ```
 */
export interface Dialect {
  /** `postgresql`, `pglite`, `mysql`, `mariadb`. */
  readonly name: string;
  /**
   * How messages name the server, where the module's label cannot tell from the target alone
   * (`MariaDB` behind a `mysql://` URL): the server the last connection found, else the one
   * offline rendering assumes. Optional: absent = the module's label.
   */
  readonly serverLabel?: string | undefined;
  readonly capabilities: DialectCapabilities;
  /**
   * Pure: one operation → SQL statements, in order. `context`, when the dialect has
   * {@link reflect} and the run is online, is the schema as the operation finds it: a renderer that
   * must restate a whole table (SQLite's rebuild) reads the table's prior definition there, and
   * advances `context.model` past the operation it rendered. Offline (`--sql`) it is read from
   * {@link offlineReplay}'s stand-in, or absent when the dialect has none.
   */
  render(op: Operation, context?: RenderContext): readonly string[];
  /**
   * Reads the schema as it is now, for a renderer that needs prior definitions (as Alembic's batch
   * mode reflects the table). The runner calls it lazily: only when a revision emits an operation
   * {@link needsPriorDefinition} says needs it, and again when the renderer could not follow an
   * operation since (`context.model` cleared) — after sending what is queued, inside the
   * revision's transaction where there is one. Optional: absent = the renderer needs only the operation.
   */
  reflect?(conn: Connection): Promise<RenderContext>;
  /**
   * Whether rendering `op` needs the schema as the operation finds it ({@link reflect}). A revision
   * of operations that need none (creating tables, raw SQL) reads nothing. Optional: absent with
   * {@link reflect} present = every operation needs it.
   */
  needsPriorDefinition?(op: Operation): boolean;
  /**
   * Operations that may be rendered as one unit share a key (SQLite: the table a rebuild restates,
   * so several changes to it make one move-and-copy, as Alembic's `batch_alter_table`); undefined =
   * rendered alone. Online, a consecutive run of operations with one key reaches
   * {@link renderBatch}; offline too with {@link offlineReplay}, else each is rendered alone.
   * Optional, with `renderBatch`.
   */
  batchKey?(op: Operation): string | undefined;
  /**
   * Renders a consecutive run of operations sharing a {@link batchKey}, in order, advancing
   * `context` past all of them; the statements count as the first operation's.
   */
  renderBatch?(ops: readonly Operation[], context?: RenderContext): readonly string[];
  /**
   * Offline (`--sql`), a stand-in for the database the script will run on, so {@link reflect} has
   * the prior definitions an online run would read (Alembic's batch mode takes them as
   * `copy_from`): the runner replays the revisions before the range into it, without printing
   * their SQL, and then each rendered revision, reflecting where an operation needs it. Opened
   * only when an operation first needs a prior definition. Optional: absent = such operations
   * are refused offline by the renderer.
   */
  offlineReplay?(): Promise<OfflineReplay>;
  /**
   * How one statement is written into an offline script (`upgrade --sql`); default: followed by
   * `;`. MySQL/MariaDB wrap a compound statement (`BEGIN NOT ATOMIC ... END`, whose body holds
   * `;`) in `DELIMITER` lines, so the `mysql` client sends it whole.
   */
  offlineStatement?(sql: string): string;
  /**
   * The session settings {@link connect} makes that the SQL depends on, as statements an offline
   * script begins with (it runs on a session athanor did not open). SQLite:
   * `PRAGMA foreign_keys = OFF`, without which a rebuild's DROP TABLE fires ON DELETE CASCADE.
   */
  readonly offlineSessionSql?: readonly string[];
  /** Opens the one session the runner uses for a run. Fails with ATHANOR_CONNECTION_FAILED. */
  connect(): Promise<Connection>;
  /** Session-level try-lock polled until `timeoutMs`; returns how long it waited. */
  acquireLock(conn: Connection, key: string, options: LockOptions): Promise<{ readonly waitedMs: number }>;
  releaseLock(conn: Connection, key: string): Promise<void>;
  /**
   * Takes the migration lock only if it is free at once, runs `read` (one SELECT) under it and
   * releases it, in one round trip where the dialect can batch the three: the read's rows, or
   * undefined when the lock was not free or the session cannot batch (the caller then waits with
   * {@link acquireLock} as usual). A failing read rejects, with the lock released. Optional: a
   * no-op `upgrade` confirmed from its summary uses it to save two round trips.
   */
  readUnderLock?(
    conn: Connection,
    key: string,
    read: string,
  ): Promise<readonly Record<string, unknown>[] | undefined>;
  /**
   * Who holds the migration lock for `key` right now (another session), or null when it is free.
   * Optional: a dialect without it makes `athanor status` say the holder is unknown.
   */
  lockHolder?(conn: Connection, key: string): Promise<MigrationLockHolder | null>;
  /** Quotes an identifier for this dialect (used for version-table SQL). */
  quoteIdent(name: string): string;
  /** Quotes a string literal for this dialect. */
  quoteLiteral(value: string): string;
  /**
   * The statement that makes `schema` (a PostgreSQL schema, a MySQL database) the session's
   * default for unqualified names, built with {@link quoteIdent}: fleets switch one pooled session
   * from tenant to tenant with it instead of opening a connection per tenant. Optional: absent =
   * the dialect cannot serve schema-per-tenant fleets (ATHANOR_UNSUPPORTED).
   */
  useSchema?(schema: string): string;
  readonly beginTransaction: string;
  readonly commitTransaction: string;
  /** Ends a failed transaction (`ROLLBACK`); sent after a statement of a revision failed. */
  readonly rollbackTransaction: string;
  /**
   * Whether a statement commits the open transaction by itself (MySQL's implicit commit of DDL).
   * Asked only on dialects without transactional DDL, so the runner can record its progress
   * right before and after such a statement; absent = assume every statement may.
   */
  commitsImplicitly?(sql: string): boolean;
  /**
   * Whether a statement only prepares the session for the statements after it (MySQL's
   * `SET @variable = …` and `PREPARE`): what it leaves dies with the session. The runner never
   * records a revision's progress past such a statement alone, so a run resumed after a kill
   * between it and the statement it prepares sends it again on the new session. Absent = none does.
   */
  preparesSession?(sql: string): boolean;
  /**
   * A resumed run repeats the statement after the record first; when that statement commits by
   * itself, the interrupted run may have run it and stopped before its record. Asked when it
   * fails: true only when the failure shows its effect is already in place under the names it
   * uses (MySQL: the trigger, column, index or table it creates exists, the one it drops is gone,
   * a renamed column has its new name and not its old). The runner then counts it done instead
   * of stopping, and says so. Absent = never (the resume stops on it).
   */
  appliedBefore?(conn: Connection, sql: string, error: unknown): Promise<boolean>;
  /**
   * A statement that fails when the session has no open transaction: the runner sends it before
   * each statement it sends inside a transaction it believes open, so a transaction a cluster
   * rolled back behind its back (a Galera certification conflict: the abort can end a statement
   * without an error, and what follows would autocommit) stops the batch there instead.
   * Asked once per step with the step's session; undefined = no guard (a single server reports
   * the rollback on the statement it hit).
   */
  transactionGuard?(conn: Connection): Promise<string | undefined>;
  /**
   * `sql` (a read) made to see every write the cluster committed before it: after the
   * {@link transactionGuard} found the step's transaction rolled back, the runner reads the version
   * table back with it, since the write that aborted the step (or a version row committed outside
   * it) may have been committed on another node that this one has not applied yet. Only used where
   * the guard fired; absent = the plain read is already current.
   */
  causalRead?(sql: string): string;
  /**
   * Fencing for a lock held as a lease (Galera's lock row): a statement that renews the lease of
   * the lock this session holds and fails when the lease has expired or another runner owns the
   * lock. The runner sends it right after each BEGIN of a step (before the step's first
   * statement, and in the transaction that records it), so a runner that was paused or cut off
   * past its lease can neither apply nor record the next step; on a cluster the lease row is then
   * part of the step's transaction, and a takeover committed elsewhere aborts it. Asked once per
   * step with the step's session; undefined = the lock needs no fencing (a session lock).
   */
  lockFence?(conn: Connection): Promise<string | undefined>;
  /** Dialect-specific pieces of the version and history tables' SQL (no default: the runner assumes no database). */
  readonly bookkeepingSql: BookkeepingSqlHooks;
  /** SQL of batched backfills (`op.backfill`); absent = the dialect cannot run them. */
  readonly backfillSql?: BackfillSql | undefined;
  /**
   * A statement that makes the session's `requireNoDependents` checks pass (a setting they read),
   * sent once per run for `allowBrokenDependents`; absent = the dialect's check renders nothing.
   */
  readonly allowBrokenDependents?: string | undefined;
  /**
   * The read half of the dialect's `requireNoDependents` check, as one query: a row (`kind`,
   * `name`) per object outside the models that the check of `op` would refuse for, run as it
   * stands now (autogenerate asks it of the database it compared, before the revision exists,
   * so the author learns what `upgrade` will refuse). The renderer's check reads the same query.
   * Absent = the dialect's check renders nothing (SQLite).
   */
  dependentsQuery?(op: RequireNoDependents): string;
  /**
   * The statements, run in order, whose last is a SELECT with `n` above 0 while another session's
   * DDL may leave a {@link dependentsQuery} read of `op` incomplete without saying so (MariaDB: a
   * table being renamed into place is listed under neither name; only DDL on a table the read
   * reads counts). A reader that finds it above 0 before or after its read reads again. A
   * `warning` column, when not NULL, says what the look cannot see (MariaDB without the PROCESS
   * privilege: other users' DDL). Absent = the dialect's catalogue reads are consistent.
   */
  dependentsUnsettledQuery?(op: RequireNoDependents): string | readonly string[];
  /** Lock timeouts, lock-timeout detection and invalid-index lookup; absent = statements wait for locks unbounded. */
  readonly lockSafety?: LockSafetySql | undefined;
  /**
   * The replicas this session's server feeds and how far behind each is (PostgreSQL:
   * `pg_stat_replication` on the primary). Backfills with `maxReplicaLag` pause while one lags
   * past the limit. Optional: absent = the dialect cannot see its replicas, and `maxReplicaLag`
   * is refused. `limit` is the run's limit, for a probe that reads more only when asked (Galera
   * reads the other nodes' queues only for `queue`).
   */
  replicaLag?(conn: Connection, limit?: MaxReplicaLag): Promise<readonly ReplicaLag[]>;
  /**
   * What the server says about its cluster, for `athanor status` (Galera's size and state, a
   * primary's streaming replicas); null from a server that is not part of one. Optional.
   */
  clusterStatus?(conn: Connection): Promise<ClusterStatus | null>;
  /**
   * What this session cannot guarantee for some operations (MariaDB without the PROCESS
   * privilege: the `requireNoDependents` check cannot see other users' DDL), read once under the
   * lock by a run that applies revisions; each is reported when the run first applies an
   * operation it names. `allowBrokenDependents`: the run skips the dependents checks. Optional:
   * absent = nothing to warn of.
   */
  runWarnings?(
    conn: Connection,
    run: { readonly allowBrokenDependents: boolean },
  ): Promise<readonly DialectRunWarning[]>;
  /**
   * One query listing the version rows of many schemas at once, for a fleet's bulk read of heads
   * (a fleet at head then costs one round trip per server): columns `s` (the schema) and `v` (one
   * `version_num`); a schema without the table has no rows. Optional: absent = the portable read
   * (`information_schema.tables`, then `UNION ALL` of the tables). Read after the bulk read's
   * session is open (a dialect may offer it only for the server it found). A compound statement
   * may answer with result sets: the rows are then those of the first.
   */
  fleetHeadsSql?(schemas: readonly string[], versionTable: string): string;
  /**
   * Cuts a session's running statement short from another session of the same server: a fleet
   * target past its `--target-timeout` is cancelled on the server, not only abandoned by the
   * client. Optional: absent = a timed-out statement runs to its end (an embedded engine).
   */
  readonly statementCancel?: StatementCancelSql | undefined;
}

/**
 * The SQL of a server-side cancel. Session ids are digits only: the fleet checks them before
 * they reach these builders.
 *
 * @example
 * ```ts
 * const pg: StatementCancelSql = {
 *   sessionId: "SELECT pg_backend_pid() AS id",
 *   cancel: (id) => `SELECT pg_cancel_backend(${id})`,
 *   running: (id, ms) => `SELECT 1 FROM pg_stat_activity WHERE pid = ${id} AND state = 'active' AND clock_timestamp() - query_start >= ${ms} * interval '1 millisecond'`,
 * };
 * ```
 */
export interface StatementCancelSql {
  /** One row `{ id }`: the session's id on the server (PostgreSQL's backend pid, MySQL's connection id). */
  readonly sessionId: string;
  /** Cancels the statement session `id` is running (and only the statement: the session stays). */
  cancel(id: string): string;
  /** A row while session `id` runs a statement started at least `forMs` ago; none once it is idle or gone. */
  running(id: string, forMs: number): string;
}

/**
 * A clustered server's account of its cluster, as `athanor status` shows it.
 *
 * @example
 * ```ts
 * const galera: ClusterStatus = { kind: "galera", summary: "Galera: 3 nodes, node1 Synced, Primary component" };
 * ```
 */
export interface ClusterStatus {
  /** `galera`, `streaming-replicas`. */
  readonly kind: string;
  /** One line in words. */
  readonly summary: string;
  /** The replicas this server feeds, with their lag (streaming replication). */
  readonly replicas?: readonly ReplicaLag[] | undefined;
}

/**
 * One replica as its primary sees it. A measure the server cannot give right now is null
 * (PostgreSQL's `replay_lag` is null on an idle, caught-up standby).
 *
 * @example
 * ```ts
 * const lag: ReplicaLag = { name: "standby1 (10.0.0.8)", lagMs: 1200, lagBytes: 4_194_304 };
 * ```
 */
export interface ReplicaLag {
  readonly name: string;
  /** Time between the primary writing WAL and the replica replaying it. */
  readonly lagMs: number | null;
  /** WAL the replica has not replayed yet (primary's current position minus the replica's replay position). */
  readonly lagBytes: number | null;
  /** Galera: write-sets this node received and has not applied (`wsrep_local_recv_queue`); absent elsewhere. */
  readonly queue?: number | null | undefined;
  /** Galera: this node's total time paused by flow control in ns since it started (`wsrep_flow_control_paused_ns`); absent elsewhere. */
  readonly flowControlPausedNs?: number | null | undefined;
  /** The `maxReplicaLag` limits these figures can judge; absent = `seconds` and `bytes` (a streaming replica). */
  readonly measures?: readonly ReplicaLagLimit[] | undefined;
}

/** A limit of `maxReplicaLag` (its other fields are settings). */
export type ReplicaLagLimit = "seconds" | "bytes" | "queue" | "flowControlPaused";

/**
 * The part of a {@link Dialect} that checks a database without changing it: connecting, the
 * migration lock and the bookkeeping statements (a no-op `upgrade` confirmed from its summary).
 * A dialect package can build it without loading its renderer (`DialectEntry.loadSession`).
 */
export type SessionDialect = Pick<
  Dialect,
  | "name"
  | "serverLabel"
  | "connect"
  | "acquireLock"
  | "releaseLock"
  | "readUnderLock"
  | "quoteIdent"
  | "quoteLiteral"
  | "bookkeepingSql"
> &
  /** Optional here: a no-op confirmed from its summary refuses what the run would (singleTransaction). */
  Partial<Pick<Dialect, "capabilities">>;

/**
 * A stand-in database an offline render replays the revision chain into ({@link Dialect.offlineReplay}),
 * e.g. SQLite's private in-memory database. It never throws for SQL it cannot replay: it remembers
 * which revision that was, and a later operation whose prior definition it touched is refused
 * naming that revision.
 *
 * @example
 * ```ts
 * const replay = await dialect.offlineReplay!();
 * await replay.apply("ae10", ['CREATE TABLE "users" ("id" integer)']);
 * dialect.render(operations.alterColumn("users", "id", { nullable: false }), await replay.reflect());
 * ```
 */
export interface OfflineReplay {
  /** Runs `statements` of `revision` in the stand-in; what it refuses is remembered, not thrown. */
  apply(revision: string, statements: readonly string[]): Promise<void>;
  /** The render context {@link Dialect.reflect} would read from the stand-in now. */
  reflect(): Promise<RenderContext>;
  /**
   * `revision` cannot be replayed (its code asks the database, `op.query`, or failed): nothing
   * after it is known, and every later prior definition is refused naming it and `reason`.
   */
  lose(revision: string, reason: string): void;
  close(): Promise<void>;
}

/**
 * The schema as the next operation of a revision finds it: reflected by {@link Dialect.reflect} at
 * the revision's start and advanced by the renderer after each operation it follows. A renderer
 * that cannot follow an operation (raw SQL) sets `model` to undefined, and a later operation
 * needing a prior definition is refused with a coded error rather than rendered from a guess.
 *
 * @example
 * ```ts
 * const context = await dialect.reflect!(conn);
 * dialect.render(operations.alterColumn("users", "email", { nullable: true }), context);
 * ```
 */
export interface RenderContext {
  model: SchemaModel | undefined;
}

/**
 * The few parts of the runner's own tables that differ between databases.
 *
 * @example
 * ```ts
 * const mysqlHooks: BookkeepingSqlHooks = {
 *   timestampType: "datetime(6)", identityColumn: "bigint NOT NULL AUTO_INCREMENT PRIMARY KEY",
 *   currentSchema: "database()", timestampLiteral: (d) => `'${d.toISOString().replace("T", " ").replace("Z", "")}'`,
 * };
 * ```
 */
export interface BookkeepingSqlHooks extends BookkeepingNames {
  /** Column type of the history table's timestamps (`timestamptz`, `datetime(6)`). */
  readonly timestampType: string;
  /** Full column definition of the history table's auto-numbered primary key, after its name. */
  readonly identityColumn: string;
  /** SQL expression naming the default schema, used when the version table has none. */
  readonly currentSchema: string;
  /** A literal for a point in time that the timestamp column accepts. */
  timestampLiteral(date: Date): string;
  /**
   * SQL reading a timestamp column (`expression`) as text in UTC, so what a driver or the
   * session's time zone would make of the value never matters (MySQL's DATETIME holds the UTC
   * athanor wrote; a client without `dateStrings` would read it as local time). Absent: the
   * column is text already (SQLite).
   */
  timestampText?(expression: string): string;
  /**
   * SQL for "now" in the timestamp column's terms, where a script has no measured time (offline
   * scripts' history rows). Absent: `CURRENT_TIMESTAMP`, which a `timestamptz` stores as an
   * instant; MySQL's DATETIME would keep the session time zone's wall clock, so it says
   * `UTC_TIMESTAMP(6)`, matching {@link timestampLiteral}'s UTC.
   */
  readonly currentTimestamp?: string | undefined;
  /**
   * Table options after the version table's closing parenthesis (SQLite: `WITHOUT ROWID`, so the
   * key is the table — one b-tree, not a table and its index, for each revision's UPDATE to write).
   * Applies to tables created from now on; an existing version table is used as it is.
   */
  readonly versionTableOptions?: string | undefined;
  /** SQL naming the database user for the history row; absent = `CURRENT_USER` (SQLite has no users: `NULL`). */
  readonly currentUser?: string | undefined;
  /**
   * Reading the catalogue without `information_schema` (SQLite): the queries the runner asks
   * about its own tables. Absent = `information_schema.tables` / `.columns` under {@link currentSchema}.
   */
  readonly catalog?: BookkeepingCatalogSql | undefined;
  /**
   * The server's clock for a batch of statements, so a revision's last statements, its
   * version-table update, its history row and its COMMIT can travel in one round trip and the
   * history row's duration still counts the time the server spent on them: `start` goes first
   * in the batch, `elapsedMs` is a SQL expression of the milliseconds since. Absent: the history
   * row travels in a round trip of its own, after the statements it times.
   */
  readonly batchClock?: BatchClockSql | undefined;
  /**
   * The dialect's UPDATE takes `ORDER BY … LIMIT` (MySQL, MariaDB): an attempt's own history row
   * is then updated with `ORDER BY id DESC LIMIT 1`, so the server walks the primary key back from
   * its newest row — the attempt's row is one of the last inserted — instead of scanning the whole
   * history (no other index) at every commit point. The WHERE clause matches one row either way.
   */
  readonly updateNewestFirst?: boolean | undefined;
  /**
   * An MD5 computed by the server over many rows, so a no-op `upgrade` compares one digest of the
   * applied revisions' checksums instead of reading a row per revision. Absent: the rows are read.
   */
  readonly orderedMd5?: OrderedMd5Sql | undefined;
}

/**
 * How a dialect asks for the MD5 of text values over a query's rows, concatenated in a fixed order.
 *
 * @example
 * ```ts
 * const postgres: OrderedMd5Sql = {
 *   aggregate: (value, key) => `md5(string_agg(${value}, '' ORDER BY ${key} COLLATE "C"))`,
 * };
 * ```
 */
export interface OrderedMd5Sql {
  /**
   * An aggregate: the lowercase hex MD5 of `value` (text built with `CONCAT` and `OCTET_LENGTH`)
   * over the rows, concatenated without a separator in the byte order of `key`, whole however
   * many rows there are (NULL over no rows).
   */
  aggregate(value: string, key: string): string;
  /** The SELECT holding the aggregate, rewritten where it needs statement settings (MySQL's length cap). */
  statement?(select: string): string;
}

/**
 * How a dialect measures, on the server, the time since a batch of statements arrived.
 *
 * @example
 * ```ts
 * const postgres: BatchClockSql = {
 *   start: [], // statement_timestamp() is when the batch's Query message arrived
 *   elapsedMs: "(EXTRACT(EPOCH FROM clock_timestamp() - statement_timestamp()) * 1000)",
 * };
 * ```
 */
export interface BatchClockSql {
  /** Statements that start the clock, sent first in the batch (none when the server keeps one). */
  readonly start: readonly string[];
  /**
   * A numeric SQL expression: milliseconds since the batch started, read where it appears. A
   * database that keeps no batch start of its own but shares the client's clock (SQLite in the
   * client's process) gives a function instead: the expression from `sentAt`, the timestamp
   * literal ({@link BookkeepingSqlHooks.timestampLiteral}) of when the client sent the batch.
   */
  readonly elapsedMs: string | ((sentAt: string) => string);
  /**
   * The row's finished_at from its started_at literal and its duration expression (milliseconds,
   * the server's part included), so the row's times span the work the batch did. Absent: the
   * client's time when it built the row (before the server ran the batch).
   */
  readonly finishedAt?: ((startedAt: string, durationMs: string) => string) | undefined;
}

/**
 * Catalogue reads of the runner's own tables for a database without `information_schema`.
 * `schema` is the version table's schema as configured (undefined: the session's default).
 *
 * @example
 * ```ts
 * const sqlite: BookkeepingCatalogSql = {
 *   tableExists: (_schema, table) => `SELECT 1 AS present FROM sqlite_schema WHERE type = 'table' AND name = '${table}'`,
 *   columns: (_schema, tables) => `SELECT m.name AS table_name, p.name AS column_name FROM sqlite_schema m, pragma_table_info(m.name) p WHERE m.name IN (...)`,
 * };
 * ```
 */
export interface BookkeepingCatalogSql {
  /** One row (`present`) when `table` exists. */
  tableExists(schema: string | undefined, table: string): string;
  /** Rows of (`table_name`, `column_name`) of the named tables. */
  columns(schema: string | undefined, tables: readonly string[]): string;
}
