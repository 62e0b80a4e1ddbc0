import type { FileStamp } from "./file-stamp-cache.js";
import { type LintIgnore, PHASES, type Phase, type RevisionHeader, type RevisionSource } from "./revision.js";

/**
 * One header-cache entry as stored: file name, stamp, then the header's fields in a fixed order.
 * A flat array parses markedly faster than 10,000 objects repeating the same nine keys.
 */
export type HeaderCacheRow = readonly [name: string, ...stamp: FileStamp, ...fields: HeaderFields];

/** A header's fields in the fixed order rows store them (absent values as `null`). */
export type HeaderFields = readonly [
  id: string,
  parents: readonly string[],
  message: string,
  createdAt: string | null,
  branchLabels: readonly string[],
  dependsOn: readonly string[],
  phase: Phase | null,
  transactional: boolean,
  lint: RevisionHeader["lint"] | null,
];

const FIELD_COUNT = 9;
const ROW_LENGTH = 5 + FIELD_COUNT;

/**
 * @example
 * ```ts
 * toHeaderCacheRow("a1_init.ts", stampOf(stats), header); // ["a1_init.ts", 812, …, "a1", [], …]
 * ```
 */
export function toHeaderCacheRow(name: string, stamp: FileStamp, header: RevisionHeader): HeaderCacheRow {
  // spelled out: spreads go through the iterator protocol, slow in code V8 has not optimised yet
  const f = headerFields(header);
  return [name, stamp[0], stamp[1], stamp[2], stamp[3], f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8]];
}

/**
 * @example
 * ```ts
 * headerFields(header); // ["a1", [], "init", null, [], [], null, true, null]
 * ```
 */
export function headerFields(header: RevisionHeader): HeaderFields {
  return [
    header.id,
    header.parents,
    header.message,
    header.createdAt ?? null,
    header.branchLabels,
    header.dependsOn,
    header.phase ?? null,
    header.transactional,
    header.lint ?? null,
  ];
}

/**
 * The revision a row holds, with `file` set, or undefined when the row is not exactly what
 * {@link toHeaderCacheRow} writes: the cache file is hostile input, and a malformed row is a miss
 * (the file is re-read). Plain loops and one object literal: this runs 10,000 times per `heads`.
 *
 * @example
 * ```ts
 * sourceOfRow(row, "/repo/migrations/versions/a1_init.ts")?.id; // "a1"
 * ```
 */
export function sourceOfRow(row: unknown, file: string): RevisionSource | undefined {
  if (!Array.isArray(row) || row.length !== ROW_LENGTH) return undefined;
  return sourceOfFields(row, 5, file);
}

/**
 * The revision whose {@link headerFields} start at `row[start]`, with `file` set, or undefined
 * when any field is not what `headerFields` writes (the row comes from a cache file: hostile).
 *
 * @example
 * ```ts
 * sourceOfFields(["x", ...headerFields(header)], 1, "/repo/versions/a1_init.ts")?.id; // "a1"
 * ```
 */
export function sourceOfFields(
  row: readonly unknown[],
  start: number,
  file: string,
): RevisionSource | undefined {
  if (row.length < start + FIELD_COUNT) return undefined;
  const id: unknown = row[start];
  const parents: unknown = row[start + 1];
  const message: unknown = row[start + 2];
  const createdAt: unknown = row[start + 3];
  const branchLabels: unknown = row[start + 4];
  const dependsOn: unknown = row[start + 5];
  const phase: unknown = row[start + 6];
  const transactional: unknown = row[start + 7];
  const lint: unknown = row[start + 8];
  if (
    typeof id !== "string" ||
    !isStringArray(parents) ||
    typeof message !== "string" ||
    (createdAt !== null && typeof createdAt !== "string") ||
    !isStringArray(branchLabels) ||
    !isStringArray(dependsOn) ||
    (phase !== null && !PHASES.includes(phase as Phase)) ||
    typeof transactional !== "boolean" ||
    (lint !== null && !isLintSettings(lint))
  ) {
    return undefined;
  }
  const source: RevisionSource = {
    id,
    parents,
    message,
    createdAt: createdAt ?? undefined,
    branchLabels,
    dependsOn,
    phase: (phase as Phase | null) ?? undefined,
    transactional,
    file,
  };
  return lint === null ? source : { ...source, lint };
}

/** True when the row was stored for a file with exactly these stats (and its name is a string). */
export function rowMatchesStats(
  row: unknown,
  stats: { readonly size: number; readonly mtimeMs: number; readonly ctimeMs: number; readonly ino: number },
): boolean {
  return (
    Array.isArray(row) &&
    typeof row[0] === "string" &&
    row[1] === stats.size &&
    row[2] === stats.mtimeMs &&
    row[3] === stats.ctimeMs &&
    row[4] === stats.ino
  );
}

function isStringArray(value: unknown): value is readonly string[] {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== "string") return false;
  return true;
}

function isLintSettings(value: unknown): value is { ignore: readonly LintIgnore[] } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const { ignore } = value as { ignore?: unknown };
  return (
    Array.isArray(ignore) &&
    ignore.every(
      (item: unknown) =>
        typeof item === "object" &&
        item !== null &&
        typeof (item as LintIgnore).rule === "string" &&
        ((item as LintIgnore).reason === undefined || typeof (item as LintIgnore).reason === "string"),
    )
  );
}
