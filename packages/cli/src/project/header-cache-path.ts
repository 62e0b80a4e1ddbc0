import { createHash } from "node:crypto";
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * Where the CLI keeps the revision-header cache of one versions folder: the user's cache folder
 * (`$XDG_CACHE_HOME` or `~/.cache`), never the project tree, so nothing needs gitignoring and no
 * other user can plant entries. `ATHANOR_NO_CACHE=1` turns it off.
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
  if (env.ATHANOR_NO_CACHE === "1") return undefined;
  const base = env.XDG_CACHE_HOME || join(homedir(), ".cache");
  const key = createHash("sha256").update(versionsDir).digest("hex").slice(0, 20);
  return join(base, "athanor", `headers-${key}.json`);
}
