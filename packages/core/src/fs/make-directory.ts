import { mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";

/**
 * `mkdir -p`, one level at a time: each missing folder from the top down is made once, and the
 * first refusal is thrown (an errno error, as mkdirSync's). Node 20's
 * `mkdirSync(dir, { recursive: true })` never returns when a folder that exists refuses a child
 * with ENOENT (procfs, sysfs: `XDG_CACHE_HOME=/proc/self` spun a core for as long as athanor ran):
 * it climbs to the parent, finds it there, and tries the child again, forever.
 *
 * @example
 * ```ts
 * makeDirectory("/home/me/.cache/athanor", 0o700);
 * ```
 */
export function makeDirectory(dir: string, mode?: number): void {
  const missing: string[] = [];
  for (let at = dir; statSync(at, { throwIfNoEntry: false }) === undefined; at = dirname(at)) {
    missing.push(at);
    if (dirname(at) === at) break;
  }
  for (const level of missing.reverse()) {
    try {
      mkdirSync(level, mode === undefined ? undefined : { mode });
    } catch (error) {
      // another process made it in between
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
}
