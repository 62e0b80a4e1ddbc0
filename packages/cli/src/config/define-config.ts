import type { FleetConfig } from "./fleet-config.js";

export type { FleetConfig } from "./fleet-config.js";

/**
 * The name of the dialect athanor speaks to the database: the built-in `postgresql`, `mysql` and
 * `sqlite`, or the name a dialect module registered itself under (`registerDialect`, e.g. in this
 * config file). Core's `DialectName`, with the built-ins spelled out for editors.
 */
export type DialectName = "postgresql" | "mysql" | "sqlite" | (string & {});

/**
 * @deprecated The same as {@link DialectName}; renamed because core's `Dialect` is the runner's
 * dialect object, not a name. Removed in the next minor.
 */
export type Dialect = DialectName;

/** The contents of `athanor.config.ts`. Every field is optional. */
export interface AthanorConfig {
  /** Folder of revision modules, relative to the config file. Default `migrations/versions`. */
  readonly versions?: string;
  readonly dialect?: DialectName;
  /** Database URL. Falls back to the `DATABASE_URL` environment variable (also when `process.env.X` here is unset). */
  readonly url?: string | undefined;
  /**
   * The Drizzle schema, relative to the config file (used by autogenerate and `check`): a
   * module, a folder of modules or a glob (`"src/db/*.ts"`), or a list of them, as drizzle-kit
   * takes `schema`.
   */
  readonly schema?: string | readonly string[];
  /**
   * How columns named only by their key are named in the database: the `casing` your app gives
   * `drizzle({ casing })` (and drizzle-kit's `casing`). `"snake_case"`: `firstName` is
   * `first_name`. Default: the key as written.
   */
  readonly casing?: "snake_case" | "camelCase";
  /**
   * Which live tables and views autogenerate, `diff` and `check` compare, as drizzle-kit's
   * `tablesFilter`: glob patterns (`"app_*"`), `!` to leave some out (`"!app_tmp"`). Tables of other
   * applications in the same database are then never proposed for dropping.
   */
  readonly tablesFilter?: string | readonly string[];
  /**
   * PostgreSQL: the live schemas compared besides the models' own, as drizzle-kit's
   * `schemaFilter`; `public` is then compared only when listed (or used by the models).
   */
  readonly schemaFilter?: string | readonly string[];
  /**
   * An empty database athanor may build in and empty again (Atlas's and Prisma's dev/shadow
   * database): the models are canonicalised and revisions replayed there, never on the live
   * database. `"pglite"` picks an in-memory PGlite (PostgreSQL only). Without it, scratch
   * databases are created and dropped on the target server. `ATHANOR_DEV_URL` and `--dev-url`
   * override it.
   */
  readonly devUrl?: string;
  /** Where the version table lives. Default name `athanor_version`, default schema the connection's. */
  readonly versionTable?: { readonly name?: string; readonly schema?: string };
  /**
   * MySQL/MariaDB online-DDL clauses appended to every ALTER that takes them, so the server
   * refuses a statement it cannot run that way instead of silently copying the table or
   * blocking writes (lint's `my/missing-online-clauses` advice). Default: none.
   */
  readonly mysql?: MysqlSettings;
  /**
   * PostgreSQL's driver, as drizzle-kit's `driver`: `"pglite"` makes `url` the folder of an
   * embedded PGlite database (relative to the config) instead of a server URL.
   */
  readonly postgresql?: PostgresqlSettings;
  /**
   * SQLite's driver: `better-sqlite3` (default), `libsql` (embedded) or `@libsql/client` (a
   * `libsql://` URL always uses it); `authToken` for a remote libSQL (Turso) database.
   */
  readonly sqlite?: SqliteSettings;
  /**
   * Named fleets: the same revisions on many tenant schemas or databases, each with its own
   * version table and lock (`athanor upgrade --fleet NAME`; docs/fleet.md).
   */
  readonly fleets?: Readonly<Record<string, FleetConfig>>;
  /**
   * Replica-lag throttling of batched backfills (docs/clusters.md): before each batch the primary
   * is asked for its replicas' lag (PostgreSQL `pg_stat_replication`), and batches wait while a
   * replica is more than `seconds` or `bytes` behind, checking again every `checkEveryMs`
   * (default 500). On MariaDB Galera: while a node's receive queue is longer than `queue`
   * write-sets, or flow control paused the cluster more than `flowControlPaused` (0 to 1) of the
   * time since the last check. Default: no throttling.
   */
  readonly maxReplicaLag?: {
    readonly seconds?: number;
    readonly bytes?: number;
    readonly queue?: number;
    readonly flowControlPaused?: number;
    readonly checkEveryMs?: number;
  };
  /**
   * Offline `--sql` (and the lint it runs) replays each revision's recorded operations from the
   * per-user cache instead of importing the revision module, once a run has recorded them
   * (docs/configuration.md, "opCache"). Turn it on only when every revision's `upgrade`/`downgrade`
   * builds its operations from its own text and the files it imports: not from the environment,
   * the clock, a package or a database. `--op-cache` / `--no-op-cache` override it. Default: off.
   */
  readonly opCache?: boolean;
  /**
   * `upgrade` and `downgrade` run every revision in one transaction (Alembic's
   * `transaction_per_migration = False`): a failure or an interrupt anywhere rolls the whole run
   * back. PostgreSQL, PGlite and SQLite only (MySQL, MariaDB and D1 refuse it: their DDL commits by
   * itself); a plan with a `transactional: false` revision, a concurrent index or a backfill is
   * refused. `--single-transaction` / `--no-single-transaction` override it. Default: false, one
   * transaction per revision (docs/configuration.md, "singleTransaction").
   */
  readonly singleTransaction?: boolean;
}

/** `ALGORITHM=` and `LOCK=` for MySQL/MariaDB ALTER TABLE statements, and MariaDB Galera. */
export interface MysqlSettings {
  readonly algorithm?: "DEFAULT" | "INSTANT" | "INPLACE" | "COPY";
  readonly lock?: "DEFAULT" | "NONE" | "SHARED" | "EXCLUSIVE";
  /**
   * MariaDB Galera (docs/clusters.md): `"auto"` (default) detects a Galera node and takes the
   * cluster-wide lock row instead of `GET_LOCK`; `true` also turns on the Galera lint rules
   * (`my/galera-*`: tables without a primary key, MyISAM, LOCK TABLES); `false` never.
   */
  readonly galera?: "auto" | boolean;
  /** Lease of the Galera lock row, renewed while held (default 30 000 ms): a killed runner's lock frees after it. */
  readonly galeraLockLeaseMs?: number;
  /**
   * The server's version as `SELECT VERSION()` prints it (`"8.0.36"`, `"10.11.6-MariaDB"`): what
   * offline `--sql` renders for and lint judges by, where athanor cannot ask the server. Without
   * it a mysql:// URL is rendered for MySQL 8.0.0 (no CHECK constraints) and a mariadb:// URL for
   * MariaDB 10.11. A connected run always uses the version the server reports.
   */
  readonly serverVersion?: string;
}

/**
 * Types an `athanor.config.ts`. Returns its argument unchanged.
 *
 * @example
 * ```ts
 * // athanor.config.ts
 * import { defineConfig } from "athanor";
 * export default defineConfig({ dialect: "postgresql", versions: "migrations/versions" });
 * ```
 */
export function defineConfig(config: AthanorConfig): AthanorConfig {
  return config;
}

/** The `postgresql` section: `driver: "pglite"` for a PGlite database in the folder `url` names. */
export interface PostgresqlSettings {
  readonly driver?: "pglite";
}

/** The `sqlite` section: which driver opens the database (docs/sqlite.md). */
export interface SqliteSettings {
  readonly driver?: "better-sqlite3" | "libsql" | "@libsql/client";
  readonly authToken?: string | undefined;
}
