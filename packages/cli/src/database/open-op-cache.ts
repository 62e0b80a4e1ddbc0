import type { OpCache } from "@athanor/core/runner";
import type { ResolvedConfig } from "../config/load-config.js";
import { opCachePath } from "../project/op-cache-path.js";
import { revisionDependencies } from "./revision-importer.js";

/**
 * The op cache of an offline (`--sql`) run when it is turned on — by `--op-cache`, or by the
 * config's `opCache: true` unless `--no-op-cache` — and the user cache folder is usable; else
 * undefined (every revision is imported and run).
 *
 * @example
 * ```ts
 * const opCache = await openOpCache(config, input.options.opCache, process.env);
 * ```
 */
export async function openOpCache(
  config: ResolvedConfig,
  flag: boolean | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Promise<OpCache | undefined> {
  if (!(flag ?? config.opCache === true)) return undefined;
  const path = opCachePath(config.versions, env);
  if (path === undefined) return undefined;
  // the root barrel: `--sql` loads it for lint anyway, and no online command pays for the cache
  const { FileOpCache } = await import("@athanor/core");
  return FileOpCache.open(path, config.versions, { dependencies: revisionDependencies });
}
