import { closeSync, fstatSync, openSync, readFileSync, statSync } from "node:fs";
import {
  type FileStamp,
  readStampCache,
  type StampedEntry,
  sameStamp,
  stampOf,
  writeStampCache,
} from "../revision/file-stamp-cache.js";

/** Bump when the cached shape or the checksum algorithm changes; an old cache is then ignored. */
const CACHE_FORMAT = 1;

/**
 * A write within this long of the cache write could share the file's recorded timestamps on a
 * filesystem with coarse ones (FAT: 2 s), so such fresh files are hashed every time (git's "racy
 * clean" rule).
 */
const RACY_WINDOW_MS = 3_000;

/**
 * What proves a file unchanged: size, mtime, ctime and inode. ctime cannot be set back from user
 * space (`touch -d`, `cp -p` and `rsync -t` restore mtime but move ctime), so an edit always
 * changes the stamp.
 */
type Entries = Record<string, StampedEntry<string>>;

/**
 * Checksums of revision files persisted beside the header cache, so a no-op `upgrade` verifies
 * 1,000 applied revisions with one `stat` each instead of reading and hashing every file. A
 * cached value is served only when the file's current stamp equals the one it was computed
 * under; a checksum is stored with the stamp of the very descriptor it was read through, and
 * only once the file is older than the racy window. Any doubt means a fresh hash.
 *
 * @example
 * ```ts
 * const cache = ChecksumCache.open("/tmp/athanor/checksums-abc.json", "/repo/migrations/versions", ["a1_init.ts"]);
 * cache.checksum("/repo/migrations/versions/a1_init.ts", "a1_init.ts", fileChecksum);
 * cache.save();
 * ```
 */
export class ChecksumCache {
  private readonly next: Entries = {};
  private dirty = false;

  private constructor(
    private readonly path: string | undefined,
    private readonly dir: string,
    private readonly previous: Entries,
    private readonly names: ReadonlySet<string>,
    private readonly racyWindowMs: number,
  ) {}

  /**
   * Opens the cache at `path` for the folder `dir`; `names` are the folder's revision files, and
   * entries of other (deleted) files are dropped on the next write. `undefined` hashes every time
   * and saves nothing.
   * `racyWindowMs` (default 3 s) exists for tests.
   */
  static open(
    path: string | undefined,
    dir: string,
    names: Iterable<string>,
    options: { readonly racyWindowMs?: number } = {},
  ): ChecksumCache {
    const racyWindowMs = options.racyWindowMs ?? RACY_WINDOW_MS;
    const keep = new Set(names);
    if (path === undefined) return new ChecksumCache(undefined, dir, {}, keep, racyWindowMs);
    return new ChecksumCache(path, dir, readStampCache<string>(path, dir, CACHE_FORMAT), keep, racyWindowMs);
  }

  /**
   * The checksum of `file` (named `name` in the folder) as it is now, computed by `compute` on a
   * miss. `current` is the file's stamp when the caller stat'ed it earlier in this run (its header
   * was served under that stamp), so the cached value is compared with it instead of a second
   * `stat`: the value served then belongs to the same file state as the header. Whatever later
   * runs the file still hashes the text it compiles against this checksum.
   */
  checksum(file: string, name: string, compute: (text: string) => string, current?: FileStamp): string {
    if (this.path !== undefined) {
      const cached = this.next[name] ?? this.previous[name];
      if (cached !== undefined && sameStamp(cached, current ?? stampOf(statSync(file)))) {
        if (this.next[name] === undefined) this.next[name] = cached;
        return cached[4];
      }
    }
    const fd = openSync(file, "r");
    try {
      // stat the descriptor before reading: an edit racing this read moves the stamp past the
      // one stored, so the next run misses instead of trusting a torn read
      const stats = fstatSync(fd);
      const value = compute(readFileSync(fd, "utf8"));
      if (
        this.path !== undefined &&
        Date.now() - Math.max(stats.mtimeMs, stats.ctimeMs) > this.racyWindowMs
      ) {
        this.next[name] = stampedEntry(stampOf(stats), value);
        this.dirty = true;
      }
      return value;
    } finally {
      closeSync(fd);
    }
  }

  /**
   * The checksum of `text`, the content of `name` read just now under `stamp` (stat'ed before the
   * read, as the header loader does): computed from the text in hand, never taken from the cache,
   * and stored under that stamp for the next run once the file is older than the racy window. An
   * edit after the stat moves the stamp past the stored one, so the next run misses.
   */
  checksumOfText(name: string, text: string, compute: (text: string) => string, stamp?: FileStamp): string {
    const value = compute(text);
    if (
      this.path !== undefined &&
      stamp !== undefined &&
      Date.now() - Math.max(stamp[1], stamp[2]) > this.racyWindowMs
    ) {
      this.next[name] = stampedEntry(stamp, value);
      this.dirty = true;
    }
    return value;
  }

  /** Writes the cache when a checksum was added; failures are ignored. */
  save(): void {
    if (this.path === undefined || !this.dirty) return;
    writeStampCache(this.path, this.dir, CACHE_FORMAT, this.entriesToKeep());
    this.dirty = false;
  }

  /**
   * The stored entries still wanted: the previous run's in their order, with this run's values
   * over them, then this run's new ones — what `{ ...previous, ...next }` gives, kept to files of
   * the folder. Indexed loops: this runs once a run on 1,000+ keys while V8 still interprets it,
   * where that spread and destructured `Object.entries` cost ~15 ms at 1,000 files.
   */
  private entriesToKeep(): Entries {
    const { previous, next, names } = this;
    const out: Entries = {};
    const old = Object.keys(previous);
    for (let i = 0; i < old.length; i++) {
      const name = old[i] as string;
      if (names.has(name)) out[name] = (Object.hasOwn(next, name) ? next[name] : previous[name]) as Entry;
    }
    const added = Object.keys(next);
    for (let i = 0; i < added.length; i++) {
      const name = added[i] as string;
      if (names.has(name) && !Object.hasOwn(out, name)) out[name] = next[name] as Entry;
    }
    return out;
  }
}

type Entry = StampedEntry<string>;

/** `[...stamp, value]` without the spread's iterator (slow in code V8 has not optimised yet). */
function stampedEntry(stamp: FileStamp, value: string): Entry {
  return [stamp[0], stamp[1], stamp[2], stamp[3], value];
}
