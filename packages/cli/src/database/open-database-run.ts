import { resolve } from "node:path";
import type { MigrationContext, RevisionGraph } from "@athanor/core";
import type { DialectModule, DialectTarget } from "@athanor/core/dialect";
import type { RunState } from "@athanor/core/runner";
import { findConfig } from "../config/find-config.js";
import { loadConfig, type ResolvedConfig } from "../config/load-config.js";
import type { Context } from "../context.js";
import { displayPath } from "../output.js";
import { headerCachePath, userCacheFile } from "../project/header-cache-path.js";
import { databaseTargetOf, describeTarget } from "./database-target.js";
import { dialectModule } from "./dialect-registry.js";
import { configStampOf } from "./folder-stamps.js";
import { reportingLockWaits } from "./lock-wait-reporter.js";
import { type NoopAnswer, noopPreflight } from "./noop-preflight.js";
import { openDialect } from "./open-dialect.js";
import type { PgliteStateRecord } from "./pglite-state-record.js";
import { ProgressPrinter } from "./progress-printer.js";

// A no-op `upgrade` answered from the folder's summary loads only `@athanor/core/preflight` and the
// dialect's session part (noop-preflight.ts): the full dialect module (its renderer), the runner
// (`createMigrationContext`, the planner, the header loader), the revision importer and the
// PGlite record are imported once a run needs them (noop-summary-servers.test.ts).

/** Everything a database command needs, built once: config, target, graph and runner context. */
export interface DatabaseRun {
  readonly config: ResolvedConfig;
  readonly target: DialectTarget;
  /** The target's dialect module: everything that varies by database goes through it. */
  readonly module: DialectModule;
  /** `PostgreSQL at db:5432/app`, `PGlite in .athanor/pglite` — never a password. */
  readonly description: string;
  /** How messages name the server: `MariaDB` once a connection found one, else as the URL says. */
  readonly serverLabel: string;
  /** Hand this to `upgrade`/`downgrade`/`current`/`stamp`/`renderSql` in place of options. */
  readonly migration: MigrationContext;
  readonly graph: RevisionGraph;
  readonly printer: ProgressPrinter;
  /** Writes a one-line notice to stderr, each distinct text once per command. */
  announce(line: string): void;
  /**
   * A PGlite data folder's record of its verified state (see `PgliteStateRecord`), with its
   * process lock; undefined for a server, memory, or `ATHANOR_NO_CACHE=1`.
   */
  readonly embeddedRecord?: EmbeddedRecord | undefined;
  /**
   * Stores the no-op summary of the files as this run loaded them, when the run was opened with
   * {@link DatabaseRunOptions.noop} (call it after an upgrade that succeeded).
   */
  rememberNoopSummary(): void;
}

/** The record of {@link DatabaseRun.embeddedRecord}, read under the embedded database's lock. */
export interface EmbeddedRecord {
  /** Takes the process lock (held until the run ends) and reads the record, if it answers. */
  read(): Promise<RunState | undefined>;
  /** The state this run read and verified; written once PGlite has closed. */
  remember(state: RunState): void;
}

/** Knobs shared by the database commands. */
export interface DatabaseRunOptions {
  /** Wait this long for the migration lock (default: the runner's 60 s). */
  readonly lockTimeoutMs?: number | undefined;
  /**
   * Called once the config is read and the target known, before the revision headers are read
   * (synchronously, so nothing else runs meanwhile): what can start this early (the
   * introspection worker) starts here, and the run goes on once what it returns has settled.
   */
  readonly onTarget?: ((run: Pick<DatabaseRun, "config" | "target" | "module">) => Promise<void>) | undefined;
  /**
   * Set for an offline (`--sql`) run only: the `--op-cache`/`--no-op-cache` flag, undefined when
   * neither was given (then the config's `opCache` decides).
   */
  readonly opCache?: boolean | undefined;
  /**
   * A plain online `upgrade` to `target` on a server: when no revision file changed since a run
   * stored the folder's no-op summary, the database is checked against it first (lock, one read,
   * no header loaded, no graph built) and a confirmed no-op goes to `answer` instead of `body`.
   */
  readonly noop?: NoopAnswer<unknown> | undefined;
  /**
   * The command only reads the database (`current`, `status`, `check`…): one that does not exist
   * is ATHANOR_DATABASE_NOT_FOUND instead of being created (a SQLite file at a mistyped path).
   */
  readonly mustExist?: boolean | undefined;
}

/** The record of a PGlite data folder's verified state, or undefined (a server, memory, no cache). */
async function stateRecordOf(
  config: ResolvedConfig,
  target: DialectTarget,
  configStamp: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Promise<PgliteStateRecord | undefined> {
  if (target.dataDir === undefined) return undefined;
  const dataDir = resolve(target.dataDir);
  const path = userCacheFile("pglite-state", dataDir, env);
  if (path === undefined) return undefined;
  const { PgliteStateRecord } = await import("./pglite-state-record.js");
  return new PgliteStateRecord(path, {
    dataDir,
    configFile: config.file,
    configStamp,
    versions: config.versions,
    versionTable: config.versionTable,
  });
}

/**
 * Loads the config, picks and builds the dialect (importing its driver package only now), reads
 * the revision headers once and hands the prepared run to `body`; whatever the dialect opened
 * (an embedded PGlite instance) is closed afterwards on every path. No connection is made here:
 * the runner connects when `body` asks it to, and `--sql` never does.
 *
 * @example
 * ```ts
 * await withDatabaseRun(ctx, configPath, {}, async ({ migration }) => upgrade(migration, "heads"));
 * ```
 */
export async function withDatabaseRun<T>(
  ctx: Context,
  configPath: string | undefined,
  options: DatabaseRunOptions,
  body: (run: DatabaseRun) => Promise<T>,
): Promise<T> {
  // bin.js's no-op attempt read the config and stamped the folder for this very command line
  const prepared = options.noop === undefined ? undefined : ctx.prepared;
  const configFile = prepared?.configFile ?? findConfig(ctx.cwd, configPath, ctx.env);
  // stamped before loading: an edit from here on shows in the embedded record's check
  const configStamp = prepared === undefined ? configStampOf(configFile) : prepared.configStamp;
  const config = prepared?.config ?? (await loadConfig(configFile, ctx.env));
  const preflight =
    prepared !== undefined
      ? { folder: prepared.folder }
      : options.noop === undefined
        ? undefined
        : await noopPreflight(ctx, config, options.noop, options.lockTimeoutMs);
  if (preflight?.answered !== undefined) return preflight.answered.value as T;
  const configured = await databaseTargetOf(config);
  const target = options.mustExist === true ? { ...configured, mustExist: true } : configured;
  const module = await dialectModule(target.dialect, target);
  await options.onTarget?.({ config, target, module });
  const record = await stateRecordOf(config, target, configStamp, ctx.env);
  const opened = openDialect(module, target, {
    lockTimeoutMs: options.lockTimeoutMs,
    onEmbeddedWait: (pid) =>
      ctx.stderr.write(
        `waiting for athanor process ${pid}, which has the embedded database open (PGlite allows one process at a time) …\n`,
      ),
    onEmbeddedOpen: () => record?.invalidate(),
    onEmbeddedClosed: async () => record?.writeVerified(),
  });
  const lockEmbedded = opened.lockEmbedded;
  const embeddedRecord: EmbeddedRecord | undefined =
    record === undefined || lockEmbedded === undefined
      ? undefined
      : {
          async read() {
            await lockEmbedded();
            return record.read();
          },
          remember: (state) => record.remember(state),
        };
  try {
    let printer: ProgressPrinter | undefined;
    const dialect = reportingLockWaits(opened.dialect, (event) => printer?.onLockEvent(event));
    // read when shown: a connection may have found the server the URL did not name (MariaDB)
    const serverLabel = () => opened.dialect.serverLabel ?? module.label(target.flavour, target);
    const describe = () => describeTarget(target, serverLabel(), (path) => displayPath(ctx, path));
    // stamped by the preflight before anything was read; undefined for PGlite and other commands
    const folder = preflight?.folder;
    const [{ createMigrationContext, summariseNoop }, { cliRevisionImporter }] = await Promise.all([
      import("@athanor/core/runner"),
      import("./revision-importer.js"),
    ]);
    const migration = await createMigrationContext({
      dialect,
      revisions: config.versions,
      importer: cliRevisionImporter,
      headerCache: headerCachePath(config.versions, ctx.env),
      // Imported only for an offline run: an online upgrade (the no-op included) loads none of it.
      ...("opCache" in options
        ? {
            opCache: await (await import("./open-op-cache.js")).openOpCache(config, options.opCache, ctx.env),
          }
        : {}),
      versionTable: config.versionTable,
      lock: options.lockTimeoutMs === undefined ? undefined : { timeoutMs: options.lockTimeoutMs },
      onProgress: (event) => printer?.onRunnerEvent(event),
      ...(config.maxReplicaLag === undefined ? {} : { maxReplicaLag: config.maxReplicaLag }),
    });
    printer = new ProgressPrinter(ctx, migration.graph);
    const announced = new Set<string>();
    const announce = (line: string) => {
      if (announced.has(line)) return;
      announced.add(line);
      ctx.stderr.write(`${line}\n`);
    };
    return await body({
      config,
      target,
      module,
      get description() {
        return describe();
      },
      get serverLabel() {
        return serverLabel();
      },
      migration,
      graph: migration.graph,
      printer,
      announce,
      embeddedRecord,
      rememberNoopSummary: () => {
        if (folder === undefined) return;
        const summary = summariseNoop(migration);
        migration.revisions.saveCaches();
        folder.store(summary);
      },
    });
  } finally {
    await opened.close();
  }
}
