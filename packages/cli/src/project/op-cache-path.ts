import { basename, dirname, isAbsolute, join } from "node:path";
import { headerCachePath } from "./header-cache-path.js";

/**
 * Where the op cache of one versions folder lives: beside its header cache, under the same rules
 * (`$XDG_CACHE_HOME` or `~/.cache`, then `athanor/`; `ATHANOR_NO_CACHE=1` turns every cache off),
 * as `ops-<key>.json`. A relative `XDG_CACHE_HOME` is ignored, as the XDG spec says, and the op
 * cache is then off: a cache whose place depends on the working folder is not one to trust.
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
  const xdg = env.XDG_CACHE_HOME;
  if (xdg !== undefined && xdg !== "" && !isAbsolute(xdg)) return undefined;
  const headers = headerCachePath(versionsDir, env);
  if (headers === undefined || !isAbsolute(headers)) return undefined;
  return join(dirname(headers), basename(headers).replace(/^headers-/, "ops-"));
}
