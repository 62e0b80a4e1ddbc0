import type { DiffResult } from "@athanor/autogenerate";
import { formatPropertyWarning, type PropertyWarning } from "@athanor/drizzle";
import type { Context } from "../context.js";
import { withDatabaseRun } from "../database/open-database-run.js";
import { printWarnings } from "../output.js";
import { endProcessWhenDone } from "../process-guards.js";
import { capJitTier } from "./cap-jit-tier.js";
import { decideDiff } from "./decide-diff.js";
import { type EarlyLiveRead, startEarlyLiveRead } from "./early-live-read.js";
import type { ScopeFlags } from "./live-and-desired.js";
import { liveAndDesired, prepareModels } from "./live-and-desired.js";

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
): Promise<{ diff: DiffResult; description: string; notCompared: readonly PropertyWarning[] }> {
  // everything is awaited here and no revision runs: the process need not wait for the loop to empty
  endProcessWhenDone();
  // the live database's read starts as soon as the config names it, before the headers are read
  let early: EarlyLiveRead | undefined;
  const onTarget = (run: Parameters<typeof startEarlyLiveRead>[0]) => {
    early = startEarlyLiveRead(run, flags);
    // and the schema's compile starts too, on oxc's thread while the headers are read
    return Promise.all([early.sent, prepareModels(run)]).then(() => undefined);
  };
  return withDatabaseRun(ctx, configPath, { onTarget, mustExist: true }, async (run) => {
    capJitTier(run.module.compareJitTier);
    const models = await liveAndDesired(run, flags, {
      requireHeads: options.requireHeads ? "check" : undefined,
      early,
    });
    printWarnings(ctx, models.notCompared.map(formatPropertyWarning));
    return {
      diff: (await decideDiff(ctx, models, {}, false)).diff,
      description: run.description,
      notCompared: models.notCompared,
    };
  }).catch(async (error: unknown) => {
    // failed before the comparison took the worker over (a bad revision header): nothing will ask it
    await early?.terminate();
    throw error;
  });
}
