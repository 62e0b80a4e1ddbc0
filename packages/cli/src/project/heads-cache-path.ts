import { basename, dirname, join } from "node:path";
import { headerCachePath } from "./header-cache-path.js";

/**
 * Where the heads summary of one versions folder lives: beside its header cache, under the same
 * rules (`$XDG_CACHE_HOME` when absolute, else `~/.cache`, then `athanor/`; `ATHANOR_NO_CACHE=1`
 * turns every cache off), as `heads-<key>.bin`.
 *
 * @example
 * ```ts
 * headsCachePath("/repo/migrations/versions", process.env); // "~/.cache/athanor/heads-1a2b….bin"
 * ```
 */
export function headsCachePath(
  versionsDir: string,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  return summaryCachePath("heads", versionsDir, env);
}

/**
 * Where the no-op `upgrade` summary of one versions folder lives (`noop-<key>.bin`), under the
 * rules of {@link headsCachePath}.
 *
 * @example
 * ```ts
 * noopCachePath("/repo/migrations/versions", process.env); // "~/.cache/athanor/noop-1a2b….bin"
 * ```
 */
export function noopCachePath(
  versionsDir: string,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  return summaryCachePath("noop", versionsDir, env);
}

function summaryCachePath(
  kind: string,
  versionsDir: string,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const headers = headerCachePath(versionsDir, env);
  if (headers === undefined) return undefined;
  return join(dirname(headers), basename(headers).replace(/^headers-(.*)\.json$/, `${kind}-$1.bin`));
}
