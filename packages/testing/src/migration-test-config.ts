import type {
  Connection,
  Dialect,
  Phase,
  RevisionImporter,
  RevisionModule,
  SchemaDifference,
  SchemaModel,
  StepError,
} from "@athanor/core";
import type { TestDatabase, TestDatabaseOptions } from "./test-database.js";

/**
 * The schema the migrations must produce at head: a model you build (or read from a reference
 * database), or a Drizzle schema — imported modules, or files and folders — read and
 * canonicalised by `@athanor/drizzle`.
 *
 * @example
 * ```ts
 * const desired: DesiredSchema = { drizzleSchema: "./src/db/schema.ts" };
 * ```
 */
export type DesiredSchema =
  | { readonly model: SchemaModel | (() => SchemaModel | Promise<SchemaModel>) }
  /** Drizzle schema modules you imported (`import * as schema from "./schema.js"`). */
  | { readonly drizzleModules: readonly Readonly<Record<string, unknown>>[] }
  | {
      readonly drizzleSchema: string | readonly string[];
      /** Imports schema modules; default native `import()` (vitest runs `.ts` itself). */
      readonly importer?: ((absolutePath: string) => Promise<Readonly<Record<string, unknown>>>) | undefined;
    };

/**
 * What a smoke function gets: a session inside a transaction that is rolled back afterwards,
 * so rows it writes never reach the next revision.
 */
export interface SmokeContext {
  readonly connection: Connection;
  readonly dialect: Dialect;
  /** The revision just applied. */
  readonly revision: string;
  readonly phase: Phase | undefined;
}

/**
 * The previous application version, in a few queries: it must keep working after every
 * `expand` and `migrate` revision. Throw (or reject) to fail.
 *
 * @example
 * ```ts
 * const oldApp: SmokeFunction = async ({ connection }) => {
 *   await connection.query("INSERT INTO users (id, email) VALUES (1, 'a@example.com')");
 *   await connection.query("SELECT id, email FROM users");
 * };
 * ```
 */
export type SmokeFunction = (context: SmokeContext) => void | Promise<void>;

/**
 * Configuration shared by every check: the history, where to run it, and how to compare.
 *
 * @example
 * ```ts
 * const config: MigrationTestConfig = {
 *   revisions: "./migrations/versions",
 *   desired: { drizzleSchema: "./src/db/schema.ts" },
 *   smoke: async ({ connection }) => { await connection.query("SELECT id, email FROM users"); },
 * };
 * ```
 */
export interface MigrationTestConfig {
  /** A folder of revision files, or imported revision modules. */
  readonly revisions: string | readonly RevisionModule[];
  /** Imports revision files from a folder; default native `import()`. */
  readonly importer?: RevisionImporter | undefined;
  /** Default `athanor_version`. */
  readonly versionTable?: string | undefined;
  /**
   * A database to use (from {@link useTestDatabase} or {@link createTestDatabase}), or where to
   * create one per check. Default: `ATHANOR_TEST_DATABASE_URL`, else PGlite in memory.
   */
  readonly database?: TestDatabase | TestDatabaseOptions | undefined;
  /** For `testModelsMatchMigrations`. */
  readonly desired?: DesiredSchema | undefined;
  /** For `testOldCodeRunsOnExpandedSchema`. */
  readonly smoke?: SmokeFunction | undefined;
  /** Revisions whose downgrade is knowingly irreversible: not downgraded by the stairway and no-trace checks. */
  readonly irreversible?: readonly string[] | undefined;
  /** Differences to accept when schemas are compared. */
  readonly ignoreDifference?: ((difference: SchemaDifference) => boolean) | undefined;
  /**
   * Column order is part of the contract even where the dialect cannot place a column (PostgreSQL
   * and SQLite add every column last, so a downgrade that re-adds a dropped column cannot put it
   * back). Default false: there, "downgrade leaves no trace" reports a changed column order as a
   * note, not a failure. Where the dialect places columns (MySQL `AFTER`), order always counts.
   */
  readonly strictColumnOrder?: boolean | undefined;
  /**
   * The history is deployed with `singleTransaction: true` (athanor's config or
   * `--single-transaction`): `models-match-migrations` then upgrades from base to the heads in one
   * transaction, as that deploy does, so a history that only fails that way (a revision altering a
   * table an earlier one left pending trigger events on) fails the check. The other checks walk
   * one revision at a time either way. Default false.
   */
  readonly singleTransaction?: boolean | undefined;
  /** Timeout of each registered vitest test. Default 120 000 ms (a whole history per test). */
  readonly timeoutMs?: number | undefined;
}

/** The checks this package runs. */
export type CheckName =
  | "single-head"
  | "upgrade-each-from-parent"
  | "stairway"
  | "downgrade-leaves-no-trace"
  | "models-match-migrations"
  | "old-code-runs-on-expanded-schema";

/** What failed, where. */
export interface CheckFailure {
  /** The revision the failure belongs to; absent for failures of the whole history (two heads). */
  readonly revision?: string | undefined;
  /** The step that failed, e.g. `upgrade`, `downgrade`, `upgrade again`, `smoke`. */
  readonly step?: string | undefined;
  /** The full explanation, naming the revision and, for schema checks, the differences. */
  readonly message: string;
  /** Schema differences found (no-trace and models checks). */
  readonly differences?: readonly SchemaDifference[] | undefined;
  /** The runner's error when a revision failed to apply. */
  readonly error?: StepError | undefined;
}

/**
 * The outcome of one check: which revisions it went through, or the first failure (a check
 * stops there, because the database is no longer in a known state).
 *
 * @example
 * ```ts
 * const result = await checkStairway(db, config);
 * if (!result.ok) console.error(result.failure.message);
 * ```
 */
export type CheckResult =
  | {
      readonly ok: true;
      readonly check: CheckName;
      readonly revisions: readonly string[];
      /** What the check saw but accepted (a column order the dialect cannot restore). */
      readonly notes?: readonly string[] | undefined;
    }
  | { readonly ok: false; readonly check: CheckName; readonly failure: CheckFailure };
