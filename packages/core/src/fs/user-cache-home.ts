import { homedir } from "node:os";
import { isAbsolute, join } from "node:path";

/**
 * The user's cache folder for athanor's caches: `$XDG_CACHE_HOME` when absolute, else
 * `~/.cache`; undefined (no cache) with `ATHANOR_NO_CACHE=1` or when neither is an absolute path.
 * A relative one is ignored, as the XDG spec says: it would depend on the working folder, and a
 * relative `HOME` (`HOME=relative`) put `relative/.cache/athanor/` inside the project.
 *
 * @example
 * ```ts
 * userCacheHome({ HOME: "/home/me" }); // "/home/me/.cache" (HOME as os.homedir() reads it)
 * ```
 */
export function userCacheHome(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (env.ATHANOR_NO_CACHE === "1") return undefined;
  const xdg = env.XDG_CACHE_HOME;
  if (xdg !== undefined && isAbsolute(xdg)) return xdg;
  const home = homedir();
  return isAbsolute(home) ? join(home, ".cache") : undefined;
}
