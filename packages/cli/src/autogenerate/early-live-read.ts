import type { Connection } from "@athanor/core";
import { type IntrospectionWorker, startIntrospectionWorker } from "../database/introspection-worker.js";
import type { DatabaseRun } from "../database/open-database-run.js";
import { liveScope, type ScopeFlags } from "./live-scope.js";

/**
 * The introspection worker started as soon as the config names the target, before the revision
 * headers are read, with the live read that `readModels` sends first already on its way: the
 * server answers it while this thread reads the headers and loads the models.
 */
export interface EarlyLiveRead {
  /** The worker (undefined where the target is read on the main thread). */
  readonly worker: Promise<IntrospectionWorker | undefined>;
  /** Settles once the worker thread is started (never rejects); the first read goes to it once `@athanor/drizzle` is loaded too. */
  readonly sent: Promise<void>;
  /** The main session, for a worker whose own session did not open (see startIntrospectionWorker). */
  useMainSession(connecting: Promise<Connection>): void;
  /** Ends the worker: the run failed before the comparison took it over. */
  terminate(): Promise<void>;
}

/**
 * Starts the worker of {@link EarlyLiveRead} for `run`'s target and sends it the first read
 * of `flags`' scope once `drizzle` is loaded.
 *
 * @example
 * ```ts
 * await withDatabaseRun(ctx, configPath, { onTarget: (run) => (early = startEarlyLiveRead(run, flags, import("@athanor/drizzle"))).sent }, body);
 * ```
 */
export function startEarlyLiveRead(
  run: Pick<DatabaseRun, "config" | "target" | "module">,
  flags: ScopeFlags,
  /** `@athanor/drizzle`, loaded by the caller when it chooses (compare-command.ts: once oxc has the schema). */
  drizzle: Promise<Pick<typeof import("@athanor/drizzle"), "liveIntrospectScope">>,
): EarlyLiveRead {
  // boxed: a promise resolved with the session's promise would take on its failure, unhandled
  let handOver!: (main: { readonly connecting: Promise<Connection> }) => void;
  const main = new Promise<{ readonly connecting: Promise<Connection> }>((resolve) => {
    handOver = resolve;
  });
  const worker = startIntrospectionWorker(
    run.module,
    run.target,
    async () => await (await main).connecting,
  ).catch(() => undefined);
  const dialect = { module: run.module, flavour: run.target.flavour };
  const sent = worker.then((started) => {
    // not awaited: the answer is readModels' to wait for; a failure to load is readModels' to report
    drizzle.then(
      ({ liveIntrospectScope }) => started?.prefetch(liveIntrospectScope(dialect, liveScope(run, flags), [])),
      () => undefined,
    );
  });
  return {
    worker,
    sent,
    useMainSession: (connecting) => handOver({ connecting }),
    terminate: async () => (await worker)?.terminate(),
  };
}
