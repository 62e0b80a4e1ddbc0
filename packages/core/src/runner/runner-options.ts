import type { MaxReplicaLag } from "../backfill/max-replica-lag.js";
import type { Dialect, LockOptions, VersionTableLocation } from "../dialect/dialect.js";
import type { RevisionImporter } from "../revision/load-revision-module.js";
import type { RevisionDefinition } from "../revision/revision.js";
import type { LockRetryInput } from "./lock-retry.js";
import type { OpCache } from "./op-cache.js";
import type { RunnerEvent } from "./runner-result.js";

/**
 * A revision handed to the runner as an already-imported module, so a bundled application
 * needs neither a file-system scan nor a TypeScript loader. Accepts the module namespace
 * (`import * as m from "./versions/3f2a.js"`), its default export, or an object carrying an
 * explicit checksum computed at build time.
 *
 * @example
 * ```ts
 * import * as r1 from "./migrations/versions/3f2a9c1b7d4e_add_users.js";
 * await upgrade({ dialect, revisions: [r1] }, "heads");
 * ```
 */
export type RevisionModule =
  | RevisionDefinition
  | { readonly default: RevisionDefinition; readonly checksum?: string | undefined };

/**
 * Everything the runner needs. Only `dialect` and `revisions` are required.
 *
 * @example
 * ```ts
 * const options: RunnerOptions = { dialect, revisions: "./migrations/versions", lock: { timeoutMs: 30_000 } };
 * ```
 */
export interface RunnerOptions {
  readonly dialect: Dialect;
  /** A folder of revision files, or imported revision modules. */
  readonly revisions: string | readonly RevisionModule[];
  /** Imports revision files from a folder. Default: native `import()`. */
  readonly importer?: RevisionImporter | undefined;
  /**
   * Header cache file for a folder of revisions (see `loadRevisionHeaders`' `cache`), so a run
   * that applies nothing stats the files instead of parsing them. Default: none.
   */
  readonly headerCache?: string | undefined;
  /**
   * Recordings of revisions' offline runs (`FileOpCache`), so `renderSql` and offline lint replay
   * a revision's operations instead of importing its module. Opt-in: see docs/performance.md
   * ("The op cache") for what a hit assumes. Default: none (every revision is imported).
   */
  readonly opCache?: OpCache | undefined;
  /** Default `{ name: "athanor_version" }`; the history table is `<name>_history`. */
  readonly versionTable?: Partial<VersionTableLocation> | undefined;
  readonly lock?: Partial<LockOptions> | undefined;
  /** Called synchronously as the run progresses; exceptions it throws are ignored. */
  readonly onProgress?: ((event: RunnerEvent) => void) | undefined;
  /**
   * Lock-safe execution: a lock timeout on every statement and retries with backoff after a
   * lock timeout (defaults {@link LOCK_RETRY_DEFAULTS}); `false` lets statements wait unbounded.
   * A revision can override it with `op.lockRetry()`.
   */
  readonly lockRetry?: LockRetryInput | undefined;
  /**
   * Replica-lag throttling of backfills (docs/clusters.md): before each batch the dialect's
   * `replicaLag` probe is asked, and batches wait while a replica lags past `seconds` or `bytes`.
   * Default: none.
   */
  readonly maxReplicaLag?: MaxReplicaLag | undefined;
}

/** Options with every default filled in (`lockRetry` is resolved per revision). */
export interface ResolvedRunnerOptions extends RunnerOptions {
  readonly versionTable: VersionTableLocation;
  readonly lock: LockOptions;
}

/** The defaults: `athanor_version`, wait up to 60 s for the lock polling every 250 ms. */
export const RUNNER_DEFAULTS = {
  versionTable: "athanor_version",
  lockTimeoutMs: 60_000,
  lockPollMs: 250,
} as const;

/** The defaults {@link resolveRunnerOptions} fills in. */
export interface ResolvedTableAndLock {
  readonly versionTable: VersionTableLocation;
  readonly lock: LockOptions;
}

/** Fills in the defaults of {@link RunnerOptions} (of any options with its version table and lock). */
export function resolveRunnerOptions<O extends Pick<RunnerOptions, "versionTable" | "lock">>(
  options: O,
): Omit<O, keyof ResolvedTableAndLock> & ResolvedTableAndLock {
  return {
    ...options,
    versionTable: {
      name: options.versionTable?.name ?? RUNNER_DEFAULTS.versionTable,
      schema: options.versionTable?.schema,
    },
    lock: {
      timeoutMs: options.lock?.timeoutMs ?? RUNNER_DEFAULTS.lockTimeoutMs,
      pollMs: options.lock?.pollMs ?? RUNNER_DEFAULTS.lockPollMs,
    },
  };
}

/** The advisory-lock key: scoped to the version table so two apps in one database don't block each other. */
export function lockKeyOf(location: VersionTableLocation): string {
  return `athanor:${location.schema ?? ""}.${location.name}`;
}
