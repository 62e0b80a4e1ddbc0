import { hash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { readPrivateJson, writePrivateJson } from "../revision/file-stamp-cache.js";
import { fileChecksum } from "./checksum.js";
import { decodePlainData, encodePlainData, NotPlainData } from "./plain-data.js";
import type { RecordedCall, RevisionRecording } from "./revision-recording.js";
import { athanorVersion } from "./run-identity.js";

/** Which recording: one direction of one revision file's text, run for one dialect name (`op.dialect`). */
export interface OpCacheKey {
  readonly revision: string;
  readonly direction: "upgrade" | "downgrade";
  /** What the revision's code sees as `op.dialect`. */
  readonly dialect: string;
  /** `fileChecksum` of the revision file's text (the one the runner verifies and records). */
  readonly checksum: string;
}

/**
 * What a revision's module read when it was imported and run, as its importer saw it: the other
 * files it imported (helpers, JSON), each with its `fileChecksum`, and — when it reached for
 * something whose content no checksum covers (a package, a Node built-in, `process`, the clock,
 * `require`) — why its recording cannot be trusted to repeat.
 */
export interface RevisionDependencies {
  readonly files: readonly (readonly [path: string, checksum: string])[];
  readonly opaque?: string | undefined;
}

/**
 * Recordings of revisions' offline runs (`upgrade --sql`, and lint), so a later render replays
 * them instead of importing and running the revision modules. See {@link FileOpCache}.
 */
export interface OpCache {
  /** The stored recording for `key`, or undefined (never stored, or no longer valid). */
  get(key: OpCacheKey): RevisionRecording | undefined;
  /** Stores a recording of `key` made just now by importing `file` and running it. */
  put(key: OpCacheKey, file: string, recording: RevisionRecording): void;
  /** Writes what `put` stored (a no-op when nothing changed). */
  save(): void;
}

/** Bumped when the file's layout or the recording's meaning changes. */
const FORMAT = 2;

/**
 * One entry: revision checksum, the other files' `[path, checksum]`, the key of its recording in
 * `payloads`, and a hash of the three. Recordings are stored once by content (a revision rendered
 * as `pglite` and linted as `postgresql` usually did the same thing), keyed by their own SHA-256.
 */
type Entry = readonly [
  checksum: string,
  files: readonly (readonly [string, string])[],
  payload: string,
  hash: string,
];

interface OpCacheFile {
  readonly format: number;
  readonly dir: string;
  readonly athanor: string;
  readonly entries: Record<string, unknown>;
  /** Recording JSON texts by their SHA-256 (hex). */
  readonly payloads: Record<string, unknown>;
}

/** Knobs of {@link FileOpCache.open}. */
export interface FileOpCacheOptions {
  /**
   * The athanor version recordings are kept under: another version's are never served. Default:
   * this @athanor/core's (all athanor packages share one version); without one, nothing is cached.
   */
  readonly version?: string | undefined;
  /** What the importer saw `file` (with `checksum`) read; undefined = unknown, so nothing is stored. */
  readonly dependencies: (file: string, checksum: string) => RevisionDependencies | undefined;
}

/**
 * The op cache as one private JSON file per versions folder (in the user's cache folder, beside
 * the header cache). An entry is served only when all of these hold, else it is a miss and the
 * revision is imported and run as without a cache:
 *
 * - the file is this user's and no one else can write it (`readPrivateJson`), written by this
 *   format and athanor version for this folder;
 * - the entry's revision checksum is the file's checksum now, and every file the module imported
 *   (transitively, helpers and JSON) still has the checksum it had when recorded;
 * - the entry's hash matches its content and its recording's text hashes to the key it is stored
 *   under (a truncated or corrupted entry is detected), and the recording decodes as plain data
 *   of the expected shape (`decodePlainData`): it is data, replayed into the same sink, never code.
 *
 * Nothing is stored for a revision that asked the database, threw, reached anything no checksum
 * covers (`RevisionDependencies.opaque`), or built operations that are not plain data.
 * Writes are write-then-rename; two processes saving at once each write a whole file.
 *
 * @example
 * ```ts
 * const cache = FileOpCache.open("~/.cache/athanor/ops-1a2b.json", "/repo/migrations/versions", { version, dependencies });
 * ```
 */
export class FileOpCache implements OpCache {
  private readonly served = new Map<string, RevisionRecording | null>();
  /** Recordings decoded so far by payload key (null: invalid). */
  private readonly decoded = new Map<string, RevisionRecording | null>();
  private readonly currentChecksums = new Map<string, string | undefined>();
  private dirty = false;

  private constructor(
    private readonly path: string,
    private readonly dir: string,
    private readonly version: string | undefined,
    private readonly options: FileOpCacheOptions,
    private readonly file: Pick<OpCacheFile, "entries" | "payloads">,
  ) {}

  /** Reads the cache file at `path` for versions folder `dir`; any doubt about the file is an empty cache. */
  static open(path: string, dir: string, options: FileOpCacheOptions): FileOpCache {
    const version = options.version ?? athanorVersion();
    return new FileOpCache(path, dir, version, options, readCacheFile(path, dir, version));
  }

  get(key: OpCacheKey): RevisionRecording | undefined {
    const name = entryName(key);
    const known = this.served.get(name);
    if (known !== undefined) return known ?? undefined;
    const recording = this.validEntry(name, key.checksum);
    this.served.set(name, recording ?? null);
    return recording;
  }

  put(key: OpCacheKey, file: string, recording: RevisionRecording): void {
    const name = entryName(key);
    this.served.set(name, recording);
    const dependencies = this.options.dependencies(file, key.checksum);
    let payload: string | undefined;
    if (this.version !== undefined && dependencies !== undefined && dependencies.opaque === undefined) {
      try {
        payload = JSON.stringify(encodePlainData(recording));
      } catch (error) {
        if (!(error instanceof NotPlainData)) throw error;
      }
    }
    const { entries, payloads } = this.file;
    if (payload === undefined || dependencies === undefined) {
      if (Object.hasOwn(entries, name)) {
        delete entries[name];
        this.dirty = true;
      }
      return;
    }
    const files = dependencies.files.map(([path, checksum]) => [path, checksum] as const);
    const payloadKey = sha256(payload);
    payloads[payloadKey] = payload;
    entries[name] = [key.checksum, files, payloadKey, entryHash(key.checksum, files, payloadKey)];
    this.dirty = true;
  }

  save(): void {
    if (!this.dirty || this.version === undefined) return;
    this.dirty = false;
    // another process may have saved since this one read: keep its entries, ours win
    const theirs = readCacheFile(this.path, this.dir, this.version);
    const entries = { ...theirs.entries, ...this.file.entries };
    const all = { ...theirs.payloads, ...this.file.payloads };
    const payloads: Record<string, unknown> = {};
    for (const entry of Object.values(entries)) {
      const key = isEntry(entry) ? entry[2] : undefined;
      if (key !== undefined && SHA256_HEX.test(key) && Object.hasOwn(all, key)) payloads[key] = all[key];
    }
    const content: OpCacheFile = { format: FORMAT, dir: this.dir, athanor: this.version, entries, payloads };
    writePrivateJson(this.path, content);
  }

  /** The entry's recording when every rule of the class comment holds; else undefined. */
  private validEntry(name: string, checksum: string): RevisionRecording | undefined {
    const { entries } = this.file;
    const entry = Object.hasOwn(entries, name) ? entries[name] : undefined;
    if (!isEntry(entry) || entry[0] !== checksum) return undefined;
    const [, files, payloadKey, hash] = entry;
    if (entryHash(checksum, files, payloadKey) !== hash) return undefined;
    for (const [path, recorded] of files) if (this.checksumNow(path) !== recorded) return undefined;
    return this.recording(payloadKey) ?? undefined;
  }

  /** The recording stored under `key`, decoded once; null when missing, altered or malformed. */
  private recording(key: string): RevisionRecording | null {
    let recording = this.decoded.get(key);
    if (recording === undefined) {
      const { payloads } = this.file;
      const payload = Object.hasOwn(payloads, key) ? payloads[key] : undefined;
      recording = null;
      if (typeof payload === "string" && sha256(payload) === key) {
        try {
          recording = asRecording(decodePlainData(JSON.parse(payload)));
        } catch {}
      }
      this.decoded.set(key, recording);
    }
    return recording;
  }

  private checksumNow(path: string): string | undefined {
    if (!this.currentChecksums.has(path)) {
      let checksum: string | undefined;
      try {
        // only a regular file of source size: a path from the cache never blocks (a FIFO) or floods (/dev/zero)
        const stats = statSync(path);
        if (stats.isFile() && stats.size <= MAX_DEPENDENCY_BYTES)
          checksum = fileChecksum(readFileSync(path, "utf8"));
      } catch {}
      this.currentChecksums.set(path, checksum);
    }
    return this.currentChecksums.get(path);
  }
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
/** Larger imported files are not checked but count as changed: a miss. */
const MAX_DEPENDENCY_BYTES = 16 * 1024 * 1024;

function entryName(key: OpCacheKey): string {
  return `${key.revision}\u0000${key.direction}\u0000${key.dialect}`;
}

// one-shot hashing: no Hash object per entry (10,000 entries are read on a warm run)
function sha256(text: string): string {
  return hash("sha256", text, "hex");
}

function entryHash(checksum: string, files: Entry[1], payloadKey: string): string {
  const listed = files.length === 0 ? "" : JSON.stringify(files);
  return sha256(`${checksum}\n${listed}\n${payloadKey}`);
}

/** The entries and payloads of the cache file; empty when anything about it is off. Keys are read with `Object.hasOwn` only. */
function readCacheFile(
  path: string,
  dir: string,
  version: string | undefined,
): Pick<OpCacheFile, "entries" | "payloads"> {
  if (version === undefined) return { entries: {}, payloads: {} };
  const parsed = readPrivateJson(path) as Partial<OpCacheFile> | undefined;
  if (
    parsed?.format !== FORMAT ||
    parsed.dir !== dir ||
    parsed.athanor !== version ||
    !isRecord(parsed.entries) ||
    !isRecord(parsed.payloads)
  )
    return { entries: {}, payloads: {} };
  return { entries: parsed.entries, payloads: parsed.payloads };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isEntry(value: unknown): value is Entry {
  return (
    Array.isArray(value) &&
    value.length === 4 &&
    typeof value[0] === "string" &&
    typeof value[2] === "string" &&
    typeof value[3] === "string" &&
    Array.isArray(value[1]) &&
    value[1].every(
      (file: unknown) =>
        Array.isArray(file) &&
        file.length === 2 &&
        typeof file[0] === "string" &&
        typeof file[1] === "string",
    )
  );
}

const CALLS = new Set(["emit", "backfill", "lockRetry"]);

/** A decoded payload as a recording, checking the shape replaying relies on. */
function asRecording(value: unknown): RevisionRecording {
  const recording = value as { calls?: unknown; placeholder?: unknown } | undefined;
  if (
    typeof recording !== "object" ||
    recording === null ||
    typeof recording.placeholder !== "boolean" ||
    !Array.isArray(recording.calls)
  )
    throw new Error("not a recording");
  for (const call of recording.calls as unknown[]) {
    const c = call as Record<string, unknown> | null;
    if (typeof c !== "object" || c === null || !CALLS.has(c.call as string)) throw new Error("not a call");
    const argument = c.call === "emit" ? c.op : c.call === "backfill" ? c.spec : c.options;
    // op.lockRetry(false) turns the lock timeout off; every other argument is an object
    const off = c.call === "lockRetry" && argument === false;
    if (!off && (typeof argument !== "object" || argument === null)) throw new Error("no argument");
    if (c.call === "emit" && typeof (argument as { kind?: unknown }).kind !== "string")
      throw new Error("no kind");
  }
  return recording as unknown as RevisionRecording & { calls: RecordedCall[] };
}
