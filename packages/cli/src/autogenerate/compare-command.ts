import type { DiffResult } from "@athanor/autogenerate";
import type { RunnerWarning } from "@athanor/core/dialect";
import type { PropertyWarning } from "@athanor/drizzle";
import type { Context } from "../context.js";
import { namedServerWarnings } from "../database/named-server-warning.js";
import { withDatabaseRun } from "../database/open-database-run.js";
import { printWarnings } from "../output.js";
import { endProcessWhenDone } from "../process-guards.js";
import { capJitTier } from "./cap-jit-tier.js";
import { type EarlyLiveRead, startEarlyLiveRead } from "./early-live-read.js";
import type { ScopeFlags } from "./live-scope.js";
import { prepareModels } from "./prepare-models.js";

/**
 * The comparison's modules: @athanor/drizzle and @athanor/autogenerate, with drizzle-orm's root
 * and @athanor/core's barrel (~120 modules). Imported once the config names the target, not at
 * the command's start, so their loading runs while oxc transpiles the schema on its thread
 * (which the models' import waits for) instead of before the config, the worker and oxc start.
 */
const comparison = () =>
  Promise.all([import("./live-and-desired.js"), import("./decide-diff.js"), import("@athanor/drizzle")]);

/**
 * What `check` and `diff` share: read the models and the database and diff them, asking about
 * nothing (rename candidates are reported). `check` also insists on the database being at heads.
 *
 * @example
 * ```ts
 * const { diff, description } = await compareModels(ctx, configPath, flags, { requireHeads: true });
 * ```
 */
export async function compareModels(
  ctx: Context,
  configPath: string | undefined,
  flags: ScopeFlags,
  options: { readonly requireHeads: boolean },
): Promise<{
  diff: DiffResult;
  description: string;
  notCompared: readonly PropertyWarning[];
  /** The server is not the one the config names (`ATHANOR_SERVER_VERSION_MISMATCH`): printed on stderr already. */
  warnings: readonly RunnerWarning[];
}> {
  // everything is awaited here and no revision runs: the process need not wait for the loop to empty
  endProcessWhenDone();
  // the live database's read starts as soon as the config names it, before the headers are read
  let early: EarlyLiveRead | undefined;
  let loading: ReturnType<typeof comparison> | undefined;
  const onTarget = async (run: Parameters<typeof startEarlyLiveRead>[0]) => {
    let loaded!: (modules: ReturnType<typeof comparison>) => void;
    const modules = new Promise<Awaited<ReturnType<typeof comparison>>>((resolve) => {
      loaded = (started) => resolve(started);
    });
    early = startEarlyLiveRead(
      run,
      flags,
      modules.then(([, , drizzle]) => drizzle),
    );
    // and the schema's compile starts too, on oxc's thread while the headers are read
    await Promise.all([early.sent, prepareModels(run)]);
    // the comparison's modules load now that oxc has the schema: on this thread, beside its transpile
    loading = comparison();
    loaded(loading);
    await loading.catch(() => undefined); // a failure is the body's to report
  };
  return withDatabaseRun(ctx, configPath, { onTarget, mustExist: true }, async (run) => {
    capJitTier(run.module.compareJitTier);
    const [{ liveAndDesired }, { decideDiff }, { formatPropertyWarning }] = await (loading ?? comparison());
    const models = await liveAndDesired(run, flags, {
      requireHeads: options.requireHeads ? "check" : undefined,
      early,
    });
    const warnings = await namedServerWarnings(run);
    printWarnings(ctx, [
      ...warnings.map((w) => `${w.code}: ${w.message}`),
      ...models.notCompared.map(formatPropertyWarning),
    ]);
    return {
      diff: (await decideDiff(ctx, models, {}, false)).diff,
      description: run.description,
      notCompared: models.notCompared,
      warnings,
    };
  }).catch(async (error: unknown) => {
    // failed before the comparison took the worker over (a bad revision header): nothing will ask it
    await early?.terminate();
    throw error;
  });
}
