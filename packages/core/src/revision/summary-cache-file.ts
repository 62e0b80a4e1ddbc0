import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { endianness } from "node:os";
import { writePrivateFile } from "./file-stamp-cache.js";
import { isPrivateFile } from "./private-cache-dir.js";

/**
 * The file of a revision summary (see `loadRevisionSummary`): an 8-byte magic with the format,
 * the byte length of a JSON part and the number of files, the JSON part (what the summary was
 * computed for, and the summary), zero padding to 8 bytes, then every file's stamp as four
 * little-endian doubles (size, mtime, ctime, inode). Binary stamps, because comparing 40,000
 * numbers read in place costs nothing next to parsing them as JSON text.
 */
const MAGIC = Buffer.from("ATHSUM\u00001", "latin1"); // the last byte is the format: bump when the layout changes
const HEAD_BYTES = 16;
const LITTLE_ENDIAN = endianness() === "LE";
const STAMP_FIELDS = 4;
/** A JSON part larger than this is not a summary this code wrote: a miss, without reading it. */
const MAX_JSON_BYTES = 64 * 1024 * 1024;

/** What a summary file is checked against: equal `key`s, same number of stamps. */
export interface SummaryKey {
  /** Everything besides the stamps that the summary depends on, as one string. */
  readonly key: string;
  /** Four numbers per file, in the order the key lists the files. */
  readonly stamps: Float64Array;
}

/**
 * The stored summary when the file at `path` is private to this user, well formed, written for
 * exactly `expected.key` and holds exactly `expected.stamps`; otherwise undefined (any doubt is a
 * miss). Reads only as many bytes as a file of this key's stamp count can hold.
 *
 * @example
 * ```ts
 * const summary = readSummaryFile(path, { key, stamps }); // unknown: the caller checks its shape
 * ```
 */
export function readSummaryFile(path: string, expected: SummaryKey): unknown {
  if (!isPrivateFile(path)) return undefined;
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch {
    return undefined;
  }
  try {
    const stats = fstatSync(fd);
    const head = Buffer.alloc(HEAD_BYTES);
    if (!stats.isFile() || readSync(fd, head, 0, HEAD_BYTES, 0) !== HEAD_BYTES) return undefined;
    if (!head.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
    const jsonBytes = head.readUInt32LE(8);
    const count = head.readUInt32LE(12);
    const stampsAt = HEAD_BYTES + padded(jsonBytes);
    if (
      jsonBytes > MAX_JSON_BYTES ||
      count * STAMP_FIELDS !== expected.stamps.length ||
      stats.size !== stampsAt + count * STAMP_FIELDS * 8
    ) {
      return undefined;
    }
    const body = Buffer.allocUnsafe(stats.size - HEAD_BYTES);
    if (readSync(fd, body, 0, body.length, HEAD_BYTES) !== body.length) return undefined;
    if (!sameStamps(body, stampsAt - HEAD_BYTES, expected.stamps)) return undefined;
    const stored = JSON.parse(body.toString("utf8", 0, jsonBytes)) as { key?: unknown; summary?: unknown };
    return stored !== null && typeof stored === "object" && stored.key === expected.key
      ? stored.summary
      : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes `summary` (a JSON value) under `key` and `stamps`, write-then-rename into a private
 * folder, so a concurrent reader sees the old file or the new one, never a mix. Failures mean no
 * write: the summary is an optimisation.
 *
 * @example
 * ```ts
 * writeSummaryFile(path, { key, stamps }, { heads: [...] });
 * ```
 */
export function writeSummaryFile(path: string, { key, stamps }: SummaryKey, summary: unknown): void {
  const json = Buffer.from(JSON.stringify({ key, summary }), "utf8");
  const stampsAt = HEAD_BYTES + padded(json.length);
  const file = Buffer.alloc(stampsAt + stamps.length * 8);
  MAGIC.copy(file, 0);
  file.writeUInt32LE(json.length, 8);
  file.writeUInt32LE(stamps.length / STAMP_FIELDS, 12);
  json.copy(file, HEAD_BYTES);
  for (let i = 0; i < stamps.length; i++) file.writeDoubleLE(stamps[i] as number, stampsAt + i * 8);
  writePrivateFile(path, file);
}

/** Compares in place where the bytes are aligned little-endian doubles (nearly always). */
function sameStamps(body: Buffer, offset: number, stamps: Float64Array): boolean {
  if (LITTLE_ENDIAN && (body.byteOffset + offset) % 8 === 0) {
    const stored = new Float64Array(body.buffer, body.byteOffset + offset, stamps.length);
    for (let i = 0; i < stamps.length; i++) if (stored[i] !== stamps[i]) return false;
    return true;
  }
  for (let i = 0; i < stamps.length; i++) if (body.readDoubleLE(offset + i * 8) !== stamps[i]) return false;
  return true;
}

function padded(bytes: number): number {
  return Math.ceil(bytes / 8) * 8;
}
