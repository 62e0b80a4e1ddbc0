import { existsSync } from "node:fs";
import {
  acceptNoopSummary,
  confirmNoopUpgrade,
  type RunResult,
  type StampedRevisionFolder,
  stampRevisionFolder,
} from "@athanor/core/preflight";
import { cliVersion } from "../cli-version.js";
import type { ResolvedConfig } from "../config/load-config.js";
import type { Context } from "../context.js";
import { displayPath } from "../output.js";
import { noopCachePath } from "../project/heads-cache-path.js";
import { CLI_REVISION_EXTENSIONS } from "../project/revision-extensions.js";
import { describeTarget, sessionTargetOf } from "./database-target.js";
import { reportingLockWaits } from "./lock-wait-reporter.js";
import { ProgressPrinter } from "./progress-printer.js";

/** Where `DatabaseRunOptions.noop` sends a no-op confirmed from the summary. */
export interface NoopAnswer<T> {
  readonly target: string;
  /** `--single-transaction` / `--no-single-transaction` as given (undefined: the config's). */
  readonly singleTransaction?: boolean | undefined;
  answer(result: RunResult, run: { readonly description: string }): T;
}

/** What {@link noopPreflight} found: the stamped folder, and the answer when the summary confirmed a no-op. */
export interface NoopPreflight<T> {
  /** The revision folder as stamped before anything was read (undefined: no summary for this target). */
  readonly folder: StampedRevisionFolder | undefined;
  /** Set when the database is at the summary's heads and passes its checks: nothing else runs. */
  readonly answered?: { readonly value: T } | undefined;
}

/**
 * A plain `upgrade` on a server, before anything else is loaded: stamps the revision folder and,
 * when no file changed since a run stored the folder's no-op summary, checks the database against
 * it (connect, lock, one read, unlock) through the dialect's session part alone — no renderer, no
 * runner, no header. Where a summary file exists the folder is stamped while the server works on
 * that read (its ~1,000 `stat`s overlap the server's reply; a summary the stamps do not match
 * then cost a connection for nothing). A confirmed no-op goes to `noop.answer`; anything else leaves `answered`
 * unset, and the caller runs the full upgrade with the folder stamped here. A PGlite folder gets
 * no summary (it has its own record, and starting PGlite is its cost).
 *
 * @example
 * ```ts
 * const preflight = await noopPreflight(ctx, config, noop, undefined);
 * if (preflight.answered !== undefined) return preflight.answered.value;
 * ```
 */
export async function noopPreflight<T>(
  ctx: Context,
  config: ResolvedConfig,
  noop: NoopAnswer<T>,
  lockTimeoutMs: number | undefined,
): Promise<NoopPreflight<T>> {
  const { module, target } = await sessionTargetOf(config);
  if (target.dataDir !== undefined) return { folder: undefined };
  const cache = noopCachePath(config.versions, ctx.env);
  // Stamped once, before any revision file is read; on a summary file's hit, while the server
  // works on the state read (confirmNoopUpgrade calls `summary` once that read is sent).
  let stamped: { readonly folder: StampedRevisionFolder | undefined } | undefined;
  const stamp = () => {
    stamped ??= {
      folder: stampRevisionFolder(config.versions, {
        cache,
        kind: `noop-upgrade ${cliVersion()}`, // what a no-op plans may change with athanor
        extensions: CLI_REVISION_EXTENSIONS,
      }),
    };
    return stamped.folder;
  };
  const summary = () => acceptNoopSummary(stamp()?.stored());
  // no summary file: nothing can answer, and nothing connects (the full run opens its own session)
  if (cache === undefined || !existsSync(cache)) return { folder: stamp() };
  const printer = new ProgressPrinter(ctx, { get: () => undefined });
  const opened = await module.openSession(target);
  try {
    // the run refuses a single transaction on such a server before connecting: no summary answers first
    const single = noop.singleTransaction ?? config.singleTransaction;
    if (single === true && opened.dialect.capabilities?.transactionalDdl === false)
      return { folder: stamp() };
    const result = await confirmNoopUpgrade(
      {
        dialect: reportingLockWaits(opened.dialect, (event) => printer.onLockEvent(event)),
        revisions: [],
        versionTable: config.versionTable,
        lock: lockTimeoutMs === undefined ? undefined : { timeoutMs: lockTimeoutMs },
      },
      summary,
      noop.target,
    );
    if (result === undefined) return { folder: stamp() };
    const label = opened.dialect.serverLabel ?? module.label(target.flavour, target);
    const description = describeTarget(target, label, (path) => displayPath(ctx, path));
    return { folder: stamp(), answered: { value: noop.answer(result, { description }) } };
  } finally {
    await opened.close();
  }
}
