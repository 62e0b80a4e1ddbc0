import { createHash } from "node:crypto";
import { join } from "node:path";
import { userCacheHome } from "@athanor/core/dialect";

/**
 * Where the CLI keeps the revision-header cache of one versions folder: the user's cache folder
 * (`$XDG_CACHE_HOME` or `~/.cache`), never the project tree, so nothing needs gitignoring and no
 * other user can plant entries. `ATHANOR_NO_CACHE=1` turns it off. A relative `XDG_CACHE_HOME` is
 * ignored, as the XDG spec says (a cache whose place depends on the working folder would write
 * into the project), and `~/.cache` is used; with a relative `HOME` too, no cache is kept.
 *
 * @example
 * ```ts
 * headerCachePath("/repo/migrations/versions", process.env); // "~/.cache/athanor/headers-1a2b….json"
 * ```
 */
export function headerCachePath(
  versionsDir: string,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  return userCacheFile("headers", versionsDir, env);
}

/**
 * `<cache folder>/athanor/<kind>-<key>.json`, keyed by a hash of `subject` (a folder's absolute
 * path), or undefined with `ATHANOR_NO_CACHE=1`; the folder rules of {@link headerCachePath}.
 *
 * @example
 * ```ts
 * userCacheFile("pglite-state", "/repo/.athanor/pglite", process.env); // "~/.cache/athanor/pglite-state-9c0d….json"
 * ```
 */
export function userCacheFile(
  kind: string,
  subject: string,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const base = userCacheHome(env);
  if (base === undefined) return undefined;
  const key = createHash("sha256").update(subject).digest("hex").slice(0, 20);
  return join(base, "athanor", `${kind}-${key}.json`);
}
