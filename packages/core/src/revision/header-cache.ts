import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { RevisionHeader } from "./revision.js";

/** Bump when the cached shape changes; an old cache is then ignored, never misread. */
const CACHE_FORMAT = 3;

/** What identifies one file's content cheaply: a file rewritten in place changes size or mtime. */
type Stamp = readonly [size: number, mtimeMs: number, ino: number];

interface CacheFile {
  readonly format: number;
  readonly dir: string;
  readonly entries: Record<string, readonly [...Stamp, RevisionHeader]>;
}

/**
 * A persisted map from revision file to its parsed header, valid while the file's size, mtime
 * and inode are unchanged. Listing commands on 10,000 revisions then stat the files instead of
 * reading and parsing them. Any doubt (unreadable cache, other folder, other format) means a miss.
 *
 * @example
 * ```ts
 * const cache = HeaderCache.open("/tmp/athanor/abc.json", "/repo/migrations/versions");
 * const header = cache.lookup("/repo/migrations/versions/a1_init.ts", "a1_init.ts");
 * ```
 */
export class HeaderCache {
  // Names served unchanged: on the common all-hit run they are only counted, never copied into a
  // second 10,000-key object (that would only be needed to write the cache, which then is skipped).
  private readonly hits: string[] = [];
  private readonly fresh: Record<string, readonly [...Stamp, RevisionHeader]> = {};
  private dirty = false;

  private constructor(
    private readonly path: string,
    private readonly dir: string,
    private readonly previous: CacheFile["entries"],
  ) {}

  static open(path: string, dir: string): HeaderCache {
    try {
      const parsed = JSON.parse(readFileSync(path, "utf8")) as CacheFile;
      if (parsed.format === CACHE_FORMAT && parsed.dir === dir && typeof parsed.entries === "object") {
        return new HeaderCache(path, dir, parsed.entries);
      }
    } catch {}
    return new HeaderCache(path, dir, {});
  }

  /**
   * Returns the cached header of `name` when its stamp still matches, else undefined. Either way
   * the current stamp is remembered so {@link remember} can store a freshly parsed header.
   */
  lookup(file: string, name: string): { header: RevisionHeader | undefined; stamp: Stamp } {
    const stats = statSync(file);
    const stamp: Stamp = [stats.size, stats.mtimeMs, stats.ino];
    const cached = this.previous[name];
    if (cached !== undefined && cached[0] === stamp[0] && cached[1] === stamp[1] && cached[2] === stamp[2]) {
      this.hits.push(name);
      return { header: cached[3], stamp };
    }
    this.dirty = true;
    return { header: undefined, stamp };
  }

  remember(name: string, stamp: Stamp, header: RevisionHeader): void {
    this.fresh[name] = [...stamp, header];
  }

  /** Writes the cache when anything changed (new, edited or removed files); failures are ignored. */
  save(): void {
    // every lookup is a hit or marks the cache dirty, so fewer hits than entries means removals
    if (!this.dirty && this.hits.length === Object.keys(this.previous).length) return;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      // Write-then-rename so a concurrent reader never sees half a file.
      const temp = `${this.path}.${process.pid}.tmp`;
      const entries: Record<string, readonly [...Stamp, RevisionHeader]> = { ...this.fresh };
      for (const name of this.hits)
        entries[name] = this.previous[name] as readonly [...Stamp, RevisionHeader];
      const content: CacheFile = { format: CACHE_FORMAT, dir: this.dir, entries };
      writeFileSync(temp, JSON.stringify(content));
      renameSync(temp, this.path);
    } catch {}
  }
}
