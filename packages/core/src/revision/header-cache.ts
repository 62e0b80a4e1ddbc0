import { statSync } from "node:fs";
import {
  type FileStamp,
  RACY_WINDOW_MS,
  readPrivateJson,
  stampOf,
  writePrivateJson,
} from "./file-stamp-cache.js";
import { type HeaderCacheRow, rowMatchesStats, sourceOfRow, toHeaderCacheRow } from "./header-cache-row.js";
import type { RevisionHeader, RevisionSource } from "./revision.js";

/** Bump when the cached shape changes; an old cache is then ignored, never misread. */
const CACHE_FORMAT = 5;

export interface HeaderCacheOptions {
  /** The racy window (default 3 s); 0 or less trusts any stamp (tests only). */
  readonly racyWindowMs?: number | undefined;
  /** Receives the stamp of every file looked up, as it was stat'ed (see `loadRevisionHeaders`). */
  readonly stamps?: Map<string, FileStamp> | undefined;
}

/**
 * A persisted map from revision file to its parsed header, valid while the file's stamp (size,
 * mtime, ctime, inode) is unchanged; only stamps older than the racy window are stored. Listing commands on 10,000
 * revisions then stat the files instead of reading and parsing them. Any doubt (unreadable cache,
 * other folder, other format, a malformed row) means a miss.
 *
 * @example
 * ```ts
 * const cache = HeaderCache.open("/tmp/athanor/abc.json", "/repo/migrations/versions");
 * const header = cache.lookup("/repo/migrations/versions/a1_init.ts", "a1_init.ts");
 * ```
 */
export class HeaderCache {
  // Rows served unchanged: on the common all-hit run they are only counted, never copied.
  private readonly hits: HeaderCacheRow[] = [];
  private readonly fresh: HeaderCacheRow[] = [];
  // The stamp each missed file had when it was stat'ed, before it was read.
  private readonly missed = new Map<string, FileStamp>();
  private dirty = false;

  private constructor(
    private readonly path: string,
    private readonly dir: string,
    private readonly previous: ReadonlyMap<string, unknown>,
    /** Stamps at or after this instant are racy; taken before any file is stat'ed or read. */
    private readonly racyFrom: number,
    private readonly stamps: Map<string, FileStamp> | undefined,
  ) {}

  static open(path: string, dir: string, options: HeaderCacheOptions = {}): HeaderCache {
    const racyWindowMs = options.racyWindowMs ?? RACY_WINDOW_MS;
    const racyFrom = racyWindowMs > 0 ? Date.now() - racyWindowMs : Number.POSITIVE_INFINITY;
    const previous = new Map<string, unknown>();
    const stored = readPrivateJson(path) as
      | { format?: unknown; dir?: unknown; entries?: unknown }
      | undefined;
    if (stored?.format === CACHE_FORMAT && stored.dir === dir && Array.isArray(stored.entries)) {
      for (const row of stored.entries) if (Array.isArray(row)) previous.set(row[0], row);
    }
    return new HeaderCache(path, dir, previous, racyFrom, options.stamps);
  }

  /**
   * Returns the cached revision of `name` (with `file` set) when its stamp still matches, else
   * undefined; on a miss the current stamp is kept so {@link remember} can store a freshly parsed
   * header. One `stat` per file: an in-place edit changes the file's stamp, not its folder's.
   */
  lookup(file: string, name: string): RevisionSource | undefined {
    const stats = statSync(file);
    const row = this.previous.get(name);
    if (row !== undefined && rowMatchesStats(row, stats)) {
      const source = sourceOfRow(row, file);
      if (source !== undefined) {
        this.hits.push(row as HeaderCacheRow);
        this.stamps?.set(name, stampOf(stats));
        return source;
      }
    }
    this.dirty = true;
    const stamp = stampOf(stats);
    this.missed.set(name, stamp);
    this.stamps?.set(name, stamp);
    return undefined;
  }

  /** Stores a header read after a miss; a racy one is not stored, so the next run reads it again. */
  remember(name: string, header: RevisionHeader): void {
    const stamp = this.missed.get(name);
    if (stamp !== undefined && !this.isRacy(stamp)) this.fresh.push(toHeaderCacheRow(name, stamp, header));
  }

  /** Writes the cache when anything changed (new, edited or removed files); failures are ignored. */
  save(): void {
    // every lookup is a hit or marks the cache dirty, so fewer hits than entries means removals
    if (!this.dirty && this.hits.length === this.previous.size) return;
    writePrivateJson(this.path, {
      format: CACHE_FORMAT,
      dir: this.dir,
      entries: [...this.hits, ...this.fresh],
    });
  }

  private isRacy(stamp: FileStamp): boolean {
    return Math.max(stamp[1], stamp[2]) >= this.racyFrom;
  }
}
