import type { LintDialectInfo, LintRule } from "../lint/lint-rule.js";
import type { SchemaModel, TableModel } from "../schema/schema-model.js";
import type { Connection } from "./connection.js";
import type { Dialect, SessionDialect } from "./dialect.js";
import type { DifferHooks } from "./differ-hooks.js";
import type { ReplayConventions } from "./replay-conventions.js";
import type { RunnerWarning } from "./run-warning.js";
import type { BookkeepingNames } from "./version-table-names.js";

/**
 * The name a dialect module registers under: `postgresql` and `mysql` ship with athanor; a
 * dialect from outside picks its own. One module serves several flavours (`pglite` is a flavour
 * of `postgresql`, `mariadb` of `mysql`), as Atlas registers CockroachDB as a flavour of postgres.
 */
export type DialectName = string;

/**
 * The SQL family of a dialect: which Drizzle tables (`pg-core`, `mysql-core`, `sqlite-core`) its
 * models are read from (`postgresql`, `mysql`, `sqlite` today). Open: a new family is a name the
 * Drizzle reader learns to read, not a change here; a family it does not read is refused there
 * (ATHANOR_DIALECT_UNKNOWN). Autogenerate — differ, stager, code generator, canonicaliser — never
 * looks at it: it asks the module's {@link DialectModule.differHooks} and `scratch.area`.
 */
export type DialectFamily = string;

/**
 * Which database a command talks to: decided from the config by {@link DialectModule.target},
 * connected to by {@link DialectModule.open}. A server has a `url`; an embedded database a `dataDir`.
 *
 * @example
 * ```ts
 * const target: DialectTarget = { dialect: "postgresql", flavour: "pglite", dataDir: "/repo/.athanor/pglite" };
 * ```
 */
export interface DialectTarget {
  readonly dialect: DialectName;
  /** `postgresql`, `pglite`, `mysql`...: one of the module's {@link DialectModule.flavours}. */
  readonly flavour: string;
  readonly url?: string | undefined;
  /** An embedded database's folder: one process at a time may open it. */
  readonly dataDir?: string | undefined;
  /** The config's section named after the dialect (`mysql: { algorithm, lock }`), as given. */
  readonly settings?: Readonly<Record<string, unknown>> | undefined;
  /**
   * The command only reads (`current`, `status`, `check`…): a database that does not exist is
   * ATHANOR_DATABASE_NOT_FOUND, never created (a SQLite file at a mistyped path). `upgrade` and
   * `stamp` leave it unset and create the file, as drizzle-kit does.
   */
  readonly mustExist?: boolean | undefined;
}

/** What the config says about the database, for {@link DialectModule.target}. */
export interface TargetRequest {
  /** The config's `url`, else `DATABASE_URL`. */
  readonly url: string | undefined;
  /** The config file (for messages) and its folder (embedded data folders live under it). */
  readonly file: string;
  readonly root: string;
  readonly settings?: Readonly<Record<string, unknown>> | undefined;
}

/** A runner dialect plus how to let go of what it opened (an in-process database). */
export interface OpenedDialect {
  readonly dialect: Dialect;
  close(): Promise<void>;
}

/**
 * The least of a {@link DialectModule} a no-op check needs: the target a config selects and a
 * {@link SessionDialect} for it. A dialect package serves it from an entry point without its
 * renderer, so confirming that nothing is to do loads neither; a full module serves as one too
 * (`loadSessionDialect`).
 */
export interface SessionDialectModule
  extends Pick<DialectModule, "name" | "label" | "target" | "bookkeepingNames"> {
  /** The session part of `open(target)`'s dialect: the same connect, lock and bookkeeping. */
  openSession(target: DialectTarget): Promise<{ readonly dialect: SessionDialect; close(): Promise<void> }>;
}

/**
 * What to read from a database. `schemas`: PostgreSQL schemas, or the one MySQL database
 * (default: every user schema; MySQL: the session's database). `exclude`: tables left out.
 */
export interface IntrospectScope {
  readonly schemas?: readonly string[] | undefined;
  readonly exclude?: readonly string[] | undefined;
  /** athanor's version table (and its `_history`), left out. */
  readonly versionTable?: string | undefined;
  /** The schemas hold a few tables (a probe's): a hint to read them by index (PostgreSQL), the same model either way. */
  readonly fewTables?: boolean | undefined;
}

/** A table named by schema and name (MySQL: the schema is the session's database and ignored). */
export interface TableName {
  readonly schema: string;
  readonly name: string;
}

/**
 * Empty databases to build in: the dev database of autogenerate and drift, scratch databases
 * on the target server, test databases.
 */
export interface ScratchDatabaseSql {
  /** What creating a database on the server needs, for the message when it is refused. */
  readonly createPrivilege: CreatePrivilege;
  /** `CREATE DATABASE …` run on a session of the server. */
  createDatabase(name: string): readonly string[];
  /** Drops it even while a session is left open (PostgreSQL `WITH (FORCE)`). */
  dropDatabase(name: string): readonly string[];
  /** The URL of database `name` on the server of `url`. */
  databaseUrl(url: string, name: string): string;
  /** How many user objects the session's database holds (0 = empty). */
  countObjects(conn: Connection): Promise<number>;
  /** Drops everything a run built in the session's database, leaving it as empty as it was found. */
  empty(conn: Connection): Promise<void>;
  /**
   * Settings for the session a replay builds the revisions' schema in (`check --against
   * migrations`), where a crash would lose nothing worth keeping: PostgreSQL's commits then do not
   * wait for their WAL flush (a revision's script commits once per revision). Absent: none.
   */
  readonly replaySession?: readonly string[] | undefined;
  /**
   * The dialect has no server to create scratch databases on (SQLite: a database is a file): its
   * dev database is always {@link inMemory} unless a devUrl names one, and the create/drop hooks
   * are never called.
   */
  readonly serverless?: boolean | undefined;
  /**
   * An in-memory database of this dialect, when it has one (PGlite): the dev database of an
   * embedded target, or of `devUrl: "pglite"`.
   */
  readonly inMemory?: { readonly label: string; open(): OpenedDialect } | undefined;
  /** Where autogenerate builds models to canonicalise them (the dev database's session). */
  readonly area: ScratchArea;
}

/**
 * Where autogenerate's canonicaliser builds a model to read it back as the server prints it:
 * inside a transaction it rolls back on an empty database (PostgreSQL, SQLite), or in a database
 * of its own on the server (MySQL, where a schema is a database). Every statement it sends there
 * comes from here or from the renderer, so a new dialect plugs in without changing autogenerate.
 *
 * @example
 * ```ts
 * const area: ScratchArea = { label: "database", probePlan: "postgresql", begin: ["BEGIN"], rollback: ["ROLLBACK"] };
 * ```
 */
export interface ScratchArea {
  /** How the message of a refused build names it: `database`, `MySQL database`. */
  readonly label: string;
  /**
   * Which of autogenerate's probe plans (a few probe columns instead of every table) the models
   * may take: `postgresql` (in the transaction), `mysql` (in the scratch database); absent = the
   * models are always built in full.
   */
  readonly probePlan?: "postgresql" | "mysql" | undefined;
  /** Opens the transaction a model is built and read in (`BEGIN`). */
  readonly begin: readonly string[];
  /** Ends it, leaving the database empty again (`ROLLBACK`). */
  readonly rollback: readonly string[];
  /**
   * Tables per transaction where creating many in one is slow (SQLite scans its schema table
   * per CREATE: 100); absent = one transaction. Views always go in one.
   */
  readonly tablesPerPass?: number | undefined;
  /** Present when a model is built in a database of its own instead of a transaction. */
  readonly database?: ScratchAreaDatabase | undefined;
  /**
   * The check, view and policy texts the server prints are no fixed point (PostgreSQL's
   * `pg_get_constraintdef`, `pg_get_viewdef`: a printed text, created again, prints differently):
   * both sides of a comparison are created from their texts and read back until they stop
   * changing. Absent: models are compared as read.
   */
  readonly settlesPrintedTexts?: boolean | undefined;
  /**
   * Whether the probes may run on the live database itself, on `conn` (a session of it): in a
   * schema of their own inside a transaction that is always rolled back, so no scratch database
   * is created (PostgreSQL: DDL is transactional). False where anything but the rollback could
   * follow from it: a standby or read-only session, a role that may not create schemas there,
   * an enabled event trigger. Where models are built in a database of their own (MySQL), the
   * probes go on `conn` into a database of their own, created and dropped there. Absent: never.
   */
  mayProbeOnLive?(conn: Connection): Promise<boolean>;
  /**
   * The CREATE statements the live database keeps exactly as they were sent, per table name: the
   * table's own first, then its indexes' sorted (SQLite's `sqlite_schema.sql`, where every
   * catalogue row follows from the text). A desired table whose rendered statements equal them
   * reads as its live introspection, so the canonicaliser need not build it. Absent: every table
   * is built.
   */
  storedTableTexts?(conn: Connection): Promise<ReadonlyMap<string, readonly string[]>>;
  /**
   * Another tool's spelling of the CREATE texts (SQLite: drizzle-kit's) that a table's stored
   * texts may be in. Stored texts it claims are compared with its spelling of the desired table
   * instead of athanor's rendering. Absent: only athanor's rendering is compared.
   */
  readonly storedSpelling?: StoredSpelling | undefined;
}

/**
 * A spelling of CREATE texts other than athanor's renderer (see {@link ScratchArea.storedSpelling}).
 *
 * @example
 * ```ts
 * const table = spelling.claims(stored) ? spelling.readBack(desired, stored, live) : undefined;
 * ```
 */
export interface StoredSpelling {
  /** Whether `stored` (a table's CREATE TABLE, then its indexes' sorted) is in this spelling. */
  claims(stored: readonly string[]): boolean;
  /**
   * The table a build of `table` reads back as, taken from `live` (the stored table's
   * introspection) when `stored` is exactly this spelling of `table`; `undefined` otherwise
   * (the table is built).
   */
  readBack(table: TableModel, stored: readonly string[], live: TableModel): TableModel | undefined;
}

/** The statements of {@link ScratchArea.database}: a scratch database on the server. */
export interface ScratchAreaDatabase {
  /** Creates database `name` (`CREATE DATABASE`). */
  create(name: string): readonly string[];
  /** Drops it (`DROP DATABASE IF EXISTS`). */
  drop(name: string): readonly string[];
  /** The session's current database, `null` when none (`SELECT DATABASE()`). */
  current(conn: Connection): Promise<string | null>;
  /** Makes `name` the session's current database (`USE`). */
  use(name: string): readonly string[];
  /** Drops tables `tables` of database `database` in one statement. */
  dropTables(database: string, tables: readonly string[]): readonly string[];
}

/**
 * The privilege `CREATE DATABASE` needs, and how the server says it is missing.
 *
 * @example
 * ```ts
 * const pg: CreatePrivilege = { name: "CREATEDB", missing: "the role has no CREATEDB privilege", deniedCodes: ["42501"] };
 * ```
 */
export interface CreatePrivilege {
  readonly name: string;
  /** `the role has no CREATEDB privilege (ALTER ROLE … CREATEDB grants it)`. */
  readonly missing: string;
  /** Driver codes (`code`/`errno`) of "permission denied". */
  readonly deniedCodes: readonly (string | number)[];
}

/**
 * A database made for one test file (`@athanor/testing`): fresh, emptied between checks by
 * `reset`, dropped (or closed) by `dispose`, which is safe to call twice.
 */
export interface ThrowawayDatabase {
  /** `pglite`, `postgresql`, `mysql`: one of the module's flavours. */
  readonly flavour: string;
  /** The database name (`athanor_t_…` on a server, `memory` in memory). */
  readonly name: string;
  /** The database's URL (server databases only). */
  readonly url: string | undefined;
  /** Connects to this database only. */
  readonly dialect: Dialect;
  reset(): Promise<void>;
  dispose(): Promise<void>;
}

/** How a dialect makes {@link ThrowawayDatabase}s. */
export interface ThrowawayDatabases {
  /** A new database `name` on the server of `adminUrl` (its path: the database to run CREATE DATABASE from). */
  onServer(
    adminUrl: string,
    name: string,
    options: { readonly connectTimeoutMs: number; readonly applicationName: string },
  ): Promise<ThrowawayDatabase>;
  /** An in-memory database, when the dialect has one (PGlite). */
  inMemory?(): Promise<ThrowawayDatabase>;
}

/** The stager's per-dialect decisions about one server, as far as it takes them from outside today. */
export interface StageHooks {
  /** The server's version number as the stager compares it (PostgreSQL `server_version_num`), if any. */
  readonly serverVersion: number | undefined;
  /** True when changing a column from type `from` to `to` rewrites (copies) the table. */
  rewritesTable(from: string, to: string): boolean;
  /**
   * `addColumn` can place a column (MySQL `AFTER`): the recipes then add a column next to the one
   * it replaces and put a column a downgrade re-adds back where it was. Absent: columns go last.
   */
  readonly placesColumns?: boolean | undefined;
}

/**
 * Everything that varies by database, in one object a dialect package exports (the Kysely and
 * Alembic shape): the CLI, `@athanor/testing` and autogenerate reach databases only through
 * these, found by name in the registry (`registerDialect`). The runner's part — render,
 * connect, lock, bookkeeping SQL, transaction control, backfill SQL — is the {@link Dialect}
 * that {@link open} returns.
 *
 * @example
 * ```ts
 * const module = await loadDialect("postgresql");
 * const target = module.target({ url: undefined, file: "athanor.config.ts", root: "/repo" }); // PGlite
 * const { dialect, close } = module.open(target);
 * ```
 */
export interface DialectModule {
  readonly name: DialectName;
  /** Flavours this module serves; the first is the default. */
  readonly flavours: readonly string[];
  /** URL schemes (lower case, without `:`) that select this dialect when the config names none. */
  readonly urlSchemes: readonly string[];
  readonly family: DialectFamily;
  /**
   * A schema is a database (MySQL): models name tables after the session's database, scratch
   * databases are read under their own name and moved to the live one before comparing.
   */
  readonly schemasAreDatabases: boolean;
  /**
   * `PostgreSQL`, `PGlite`, `MySQL`: how messages name a target of the flavour, before anything
   * connects; `target`, when given, may refine it (a `mariadb://` URL: `MariaDB`).
   */
  label(flavour: string, target?: DialectTarget): string;
  /** The target a config selects; ATHANOR_CONFIG_INVALID when it cannot (MySQL without a URL). */
  target(request: TargetRequest): DialectTarget;
  /**
   * Its servers' limit on a name's length and the tables it names after the version table (the
   * same object as its runner dialect's `bookkeepingSql` carries), so a config whose version table
   * name the server could not keep is refused when it is read, before anything connects.
   * Optional: absent = names of any length (SQLite); the runner still checks its dialect's.
   */
  readonly bookkeepingNames?: BookkeepingNames | undefined;
  /** The runner's dialect for a target. Connects to nothing, so `--sql` works offline. */
  open(target: DialectTarget): OpenedDialect;
  introspect(conn: Connection, scope?: IntrospectScope): Promise<SchemaModel>;
  /** The session's database ("" when none) where {@link schemasAreDatabases}, else undefined. */
  currentDatabase(conn: Connection): Promise<string | undefined>;
  /** The server's own version text (`15.4`, `10.11.6-MariaDB`). */
  serverVersionText(conn: Connection): Promise<string>;
  /**
   * Optional: where the target's settings name the server for offline work (MySQL's
   * `serverVersion`), a judge of the server connected to, given its {@link serverVersionText}: a
   * warning when it differs in a way that changes rendering or lint. Undefined when nothing is
   * named (then nothing need be read). What a run's `runWarnings` say, for commands that read
   * without running (`check`, `diff`).
   */
  namedServerCheck?(target: DialectTarget): ((versionText: string) => RunnerWarning | undefined) | undefined;
  /**
   * The flavour lint judges a target as, from its URL and the `--server-version` text
   * (`mariadb` for a `mariadb://` URL or a MariaDB version).
   */
  lintFlavour(url: string | undefined, serverVersion: string | undefined): string;
  /** The lint rules for that server; `settings` is the config's section of this dialect. */
  lintRules(
    info: LintDialectInfo,
    settings?: Readonly<Record<string, unknown>>,
  ): Promise<readonly LintRule[]>;
  /**
   * Optional: rows per table of the target, for lint's table-size hints, where reading them is
   * cheap (SQLite's local file); `undefined` when not known. Lint findings then state the rows.
   */
  lintTableRows?(target: DialectTarget): Promise<Readonly<Record<string, number>> | undefined>;
  /**
   * The differ's, stager's and code generator's decisions for a flavour: everything
   * autogenerate does differently on this database (docs/architecture.md, "The dialect seam").
   */
  differHooks(flavour: string): DifferHooks;
  /** The stager's hooks for the server behind `conn` (reads its version). */
  stageHooks(conn: Connection, flavour: string): Promise<StageHooks>;
  readonly scratch: ScratchDatabaseSql;
  /** Throw-away databases for `@athanor/testing`; absent = the dialect cannot make them. */
  readonly throwaway?: ThrowawayDatabases | undefined;
  /** Column names of a table, lower case; empty when the table does not exist. */
  columnNames(conn: Connection, table: TableName): Promise<string[]>;
  /** A table's name quoted for a statement (MySQL: the session's database, no schema). */
  qualifiedTable(table: TableName): string;
  /**
   * Optional: what the server does on its own, for `check --against migrations`'s in-memory
   * replay (`database`: the live session's database where schemas are databases). Absent, or
   * undefined: the revisions are replayed on a server instead.
   */
  replayConventions?(database: string | undefined): Promise<ReplayConventions | undefined>;
  /**
   * Optional: the highest tier `check` and `diff` let V8 compile the process's JavaScript to once
   * the target is known. `"baseline"`: no optimising compiler (Sparkplug at most), for a dialect
   * whose comparison is one short pass (SQLite, MySQL), where optimising the hot loops costs
   * more CPU on the compiler threads than it returns before the process ends.
   * Absent: V8's default. Changes no result, only the CPU a comparison takes.
   */
  readonly compareJitTier?: "baseline" | undefined;
}
