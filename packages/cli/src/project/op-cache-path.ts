import { basename, dirname, join } from "node:path";
import { headerCachePath } from "./header-cache-path.js";

/**
 * Where the op cache of one versions folder lives: beside its header cache, under the same rules
 * (`$XDG_CACHE_HOME` when absolute, else `~/.cache`, then `athanor/`; `ATHANOR_NO_CACHE=1` turns
 * every cache off), as `ops-<key>.json`.
 *
 * @example
 * ```ts
 * opCachePath("/repo/migrations/versions", process.env); // "~/.cache/athanor/ops-1a2b….json"
 * ```
 */
export function opCachePath(
  versionsDir: string,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const headers = headerCachePath(versionsDir, env);
  if (headers === undefined) return undefined;
  return join(dirname(headers), basename(headers).replace(/^headers-/, "ops-"));
}
