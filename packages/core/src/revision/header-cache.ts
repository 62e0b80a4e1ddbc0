import { statSync } from "node:fs";
import {
  type FileStamp,
  readStampCache,
  type StampedEntry,
  sameStamp,
  stampOf,
  writeStampCache,
} from "./file-stamp-cache.js";
import type { RevisionHeader } from "./revision.js";

/** Bump when the cached shape changes; an old cache is then ignored, never misread. */
const CACHE_FORMAT = 4;

type Entries = Record<string, StampedEntry<RevisionHeader>>;

/**
 * A persisted map from revision file to its parsed header, valid while the file's stamp (size,
 * mtime, ctime, inode) is unchanged. Listing commands on 10,000 revisions then stat the files instead of
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
  private readonly fresh: Entries = {};
  private dirty = false;

  private constructor(
    private readonly path: string,
    private readonly dir: string,
    private readonly previous: Entries,
  ) {}

  static open(path: string, dir: string): HeaderCache {
    return new HeaderCache(path, dir, readStampCache<RevisionHeader>(path, dir, CACHE_FORMAT));
  }

  /**
   * Returns the cached header of `name` when its stamp still matches, else undefined. Either way
   * the current stamp is remembered so {@link remember} can store a freshly parsed header.
   */
  lookup(file: string, name: string): { header: RevisionHeader | undefined; stamp: FileStamp } {
    const stamp = stampOf(statSync(file));
    const cached = this.previous[name];
    if (cached !== undefined && sameStamp(cached, stamp)) {
      this.hits.push(name);
      return { header: cached[4], stamp };
    }
    this.dirty = true;
    return { header: undefined, stamp };
  }

  remember(name: string, stamp: FileStamp, header: RevisionHeader): void {
    this.fresh[name] = [...stamp, header];
  }

  /** Writes the cache when anything changed (new, edited or removed files); failures are ignored. */
  save(): void {
    // every lookup is a hit or marks the cache dirty, so fewer hits than entries means removals
    if (!this.dirty && this.hits.length === Object.keys(this.previous).length) return;
    const entries: Entries = { ...this.fresh };
    for (const name of this.hits) entries[name] = this.previous[name] as StampedEntry<RevisionHeader>;
    writeStampCache(this.path, this.dir, CACHE_FORMAT, entries);
  }
}
