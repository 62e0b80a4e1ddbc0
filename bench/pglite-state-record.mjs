// Where the CLI keeps a PGlite data folder's state record (packages/cli's userCacheFile with the
// default cache folder), so a bench can remove it and time a no-op that starts PGlite.
import { createHash } from "node:crypto";
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * @example
 * ```js
 * rmSync(pgliteStateRecord("/repo/.athanor/pglite"), { force: true });
 * ```
 */
export function pgliteStateRecord(dataDir) {
  const key = createHash("sha256").update(dataDir).digest("hex").slice(0, 20);
  const xdg = process.env.XDG_CACHE_HOME;
  const base = xdg?.startsWith("/") ? xdg : join(homedir(), ".cache");
  return join(base, "athanor", `pglite-state-${key}.json`);
}
