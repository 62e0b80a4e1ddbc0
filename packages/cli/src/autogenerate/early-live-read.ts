import type { Connection } from "@athanor/core";
import { liveIntrospectScope } from "@athanor/drizzle";
import { type IntrospectionWorker, startIntrospectionWorker } from "../database/introspection-worker.js";
import type { DatabaseRun } from "../database/open-database-run.js";
import { liveScope, type ScopeFlags } from "./live-and-desired.js";

/**
 * The introspection worker started as soon as the config names the target, before the revision
 * headers are read, with the live read that `readModels` sends first already on its way: the
 * server answers it while this thread reads the headers and loads the models.
 */
export interface EarlyLiveRead {
  /** The worker (undefined where the target is read on the main thread). */
  readonly worker: Promise<IntrospectionWorker | undefined>;
  /** Settles once the worker thread is started and the first read sent to it (never rejects). */
  readonly sent: Promise<void>;
  /** The main session, for a worker whose own session did not open (see startIntrospectionWorker). */
  useMainSession(connecting: Promise<Connection>): void;
  /** Ends the worker: the run failed before the comparison took it over. */
  terminate(): Promise<void>;
}

/**
 * Starts the worker of {@link EarlyLiveRead} for `run`'s target and sends it the first read
 * of `flags`' scope.
 *
 * @example
 * ```ts
 * await withDatabaseRun(ctx, configPath, { onTarget: (run) => (early = startEarlyLiveRead(run, flags)).sent }, body);
 * ```
 */
export function startEarlyLiveRead(
  run: Pick<DatabaseRun, "config" | "target" | "module">,
  flags: ScopeFlags,
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
    // not awaited: the answer is readModels' to wait for
    void started?.prefetch(liveIntrospectScope(dialect, liveScope(run, flags), []));
  });
  return {
    worker,
    sent,
    useMainSession: (connecting) => handOver({ connecting }),
    terminate: async () => (await worker)?.terminate(),
  };
}
