import type { AthanorConfig, DialectName, MysqlSettings } from "./define-config.js";
import type { ResolvedFleet } from "./fleet-config.js";

/** A config with defaults applied and paths made absolute. */
export interface ResolvedConfig {
  /** Absolute path of the config file. */
  readonly file: string;
  /** The config file's folder; relative paths in the config are relative to it. */
  readonly root: string;
  /** Absolute path of the versions folder. */
  readonly versions: string;
  readonly dialect?: DialectName | undefined;
  readonly url?: string | undefined;
  /** The dev database: `--dev-url`, else ATHANOR_DEV_URL, else the config's `devUrl`. */
  readonly devUrl?: string | undefined;
  /** Absolute paths (or globs) of the Drizzle schema: one, or a list as the config gave it. */
  readonly schema?: string | readonly string[] | undefined;
  /** The config's `casing` (drizzle's column casing); absent = keys as written. */
  readonly casing?: "snake_case" | "camelCase" | undefined;
  /** The config's `tablesFilter` as a list; absent = every table. */
  readonly tablesFilter?: readonly string[] | undefined;
  /** The config's `schemaFilter` as a list; absent = the default schema and the models' own. */
  readonly schemaFilter?: readonly string[] | undefined;
  readonly versionTable: { readonly name: string; readonly schema?: string | undefined };
  /** MySQL/MariaDB online-DDL clauses (`mysql: { algorithm, lock }`); empty when not set. */
  readonly mysql?: MysqlSettings | undefined;
  /** Named fleets of tenant schemas or databases (`fleets`), in the config's order. */
  readonly fleets?: readonly ResolvedFleet[] | undefined;
  /** The config's `maxReplicaLag` (backfill throttling); absent = none. */
  readonly maxReplicaLag?: AthanorConfig["maxReplicaLag"] | undefined;
  /** The config's `opCache`: offline `--sql` replays recorded operations (docs/configuration.md). */
  readonly opCache?: boolean | undefined;
  /** The config's `singleTransaction`: `upgrade`/`downgrade` run in one transaction (docs/configuration.md). */
  readonly singleTransaction?: boolean | undefined;
  /** Set when the config is a `drizzle.config.*`: where drizzle-kit keeps its migrations. */
  readonly drizzleKit?: DrizzleKitSettings | undefined;
}

/** What athanor reads from a drizzle-kit config besides the common fields. */
export interface DrizzleKitSettings {
  /** Absolute path of drizzle-kit's `out` folder (default `drizzle`). */
  readonly out: string;
  /** `migrations.table` (default `__drizzle_migrations`). */
  readonly migrationsTable: string;
  /** `migrations.schema` on PostgreSQL (default `drizzle`). */
  readonly migrationsSchema: string;
}

export const DEFAULT_VERSIONS = "migrations/versions";
export const DEFAULT_VERSION_TABLE = "athanor_version";

/**
 * The dev database URL: the environment (set by `--dev-url` too) wins over the config, because a
 * dev database belongs to the machine (a developer's container, CI's service), not the project.
 *
 * @example
 * ```ts
 * devUrlOf({ ATHANOR_DEV_URL: "pglite" }, "postgres://localhost/dev"); // "pglite"
 * ```
 */
export function devUrlOf(
  env: Readonly<Record<string, string | undefined>>,
  configured: string | undefined,
): string | undefined {
  const fromEnv = env.ATHANOR_DEV_URL;
  return fromEnv !== undefined && fromEnv !== "" ? fromEnv : configured;
}
