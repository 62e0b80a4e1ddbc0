import type { FileStamp } from "./file-stamp-cache.js";
import { type LintIgnore, PHASES, type Phase, type RevisionHeader } from "./revision.js";

/**
 * One header-cache entry as stored: file name, stamp, then the header's fields in a fixed order.
 * A flat array parses markedly faster than 10,000 objects repeating the same nine keys.
 */
export type HeaderCacheRow = readonly [
  name: string,
  ...stamp: FileStamp,
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

const ROW_LENGTH = 14;

/**
 * @example
 * ```ts
 * toHeaderCacheRow("a1_init.ts", stampOf(stats), header); // ["a1_init.ts", 812, …, "a1", [], …]
 * ```
 */
export function toHeaderCacheRow(name: string, stamp: FileStamp, header: RevisionHeader): HeaderCacheRow {
  return [
    name,
    ...stamp,
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
 * The header a row holds, or undefined when the row is not exactly what {@link toHeaderCacheRow}
 * writes: the cache file is hostile input, and a malformed row is a miss (the file is re-read).
 *
 * @example
 * ```ts
 * headerOfRow(row)?.id; // "a1"
 * ```
 */
export function headerOfRow(row: unknown): RevisionHeader | undefined {
  if (!Array.isArray(row) || row.length !== ROW_LENGTH) return undefined;
  const [, , , , , id, parents, message, createdAt, branchLabels, dependsOn, phase, transactional, lint] =
    row as unknown[];
  if (
    typeof id !== "string" ||
    !isStringArray(parents) ||
    typeof message !== "string" ||
    (createdAt !== null && typeof createdAt !== "string") ||
    !isStringArray(branchLabels) ||
    !isStringArray(dependsOn) ||
    (phase !== null && !(PHASES as readonly unknown[]).includes(phase)) ||
    typeof transactional !== "boolean" ||
    (lint !== null && !isLintSettings(lint))
  ) {
    return undefined;
  }
  return {
    id,
    parents,
    message,
    createdAt: createdAt ?? undefined,
    branchLabels,
    dependsOn,
    phase: (phase as Phase | null) ?? undefined,
    transactional,
    ...(lint === null ? {} : { lint }),
  };
}

/** The stamp a row was stored under, or undefined when its name and stamp are malformed. */
export function stampOfRow(row: unknown): FileStamp | undefined {
  if (!Array.isArray(row) || typeof row[0] !== "string") return undefined;
  const stamp = [row[1], row[2], row[3], row[4]] as const;
  return stamp.every((n) => typeof n === "number" && Number.isFinite(n)) ? (stamp as FileStamp) : undefined;
}

function isStringArray(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
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
