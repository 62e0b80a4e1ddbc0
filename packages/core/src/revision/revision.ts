import type { Op } from "../ops/op.js";

/** Where a revision sits in an expand → migrate → contract rollout. Absent means ordinary. */
export type Phase = "expand" | "migrate" | "contract";

export const PHASES: readonly Phase[] = ["expand", "migrate", "contract"];

/**
 * One lint rule a revision silences, with the reason a reviewer reads. A missing or empty
 * `reason` does not silence anything: `athanor lint` reports it as its own error.
 *
 * @example
 * ```ts
 * const ignore: LintIgnore = { rule: "pg/index-not-concurrent", reason: "the table has 40 rows" };
 * ```
 */
export interface LintIgnore {
  /** A rule id such as `pg/index-not-concurrent`. */
  readonly rule: string;
  readonly reason?: string | undefined;
}

/**
 * A revision's lint settings, declared as the literal header field `lint`.
 *
 * @example
 * ```ts
 * const lint: RevisionLintSettings = { ignore: [{ rule: "pg/rename-column", reason: "no reader yet" }] };
 * ```
 */
export interface RevisionLintSettings {
  readonly ignore: readonly LintIgnore[];
}

/**
 * The static part of a revision: what listing commands need. It is read from the file's
 * text without executing it (see `parseRevisionHeader`).
 */
export interface RevisionHeader {
  readonly id: string;
  /** Empty for a base; two or more for a merge point. */
  readonly parents: readonly string[];
  readonly message: string;
  /** ISO-8601 timestamp written by `athanor revision`. */
  readonly createdAt?: string | undefined;
  readonly branchLabels: readonly string[];
  /** Cross-branch dependencies: ordered before this revision but do not merge branches. */
  readonly dependsOn: readonly string[];
  readonly phase?: Phase | undefined;
  /** False for revisions that must run outside a transaction (CREATE INDEX CONCURRENTLY). */
  readonly transactional: boolean;
  /** Lint rules this revision silences (absent when it declares none). */
  readonly lint?: RevisionLintSettings | undefined;
}

/** A header plus where it came from, as the graph keeps it. */
/** The header fields a revision's identity consists of (what a compiled copy must repeat). */
export const REVISION_HEADER_FIELDS = [
  "id",
  "parents",
  "message",
  "createdAt",
  "branchLabels",
  "dependsOn",
  "phase",
  "transactional",
] as const satisfies readonly (keyof RevisionHeader)[];

export interface RevisionSource extends RevisionHeader {
  /** Absolute path of the module, when loaded from a folder. */
  readonly file?: string | undefined;
}

/** What a revision module's default export looks like. */
export interface RevisionDefinition {
  readonly id: string;
  readonly parents?: readonly string[];
  readonly message?: string;
  readonly createdAt?: string;
  readonly branchLabels?: readonly string[];
  readonly dependsOn?: readonly string[];
  readonly phase?: Phase;
  readonly transactional?: boolean;
  /** Lint rules to silence, each with a reason: `{ ignore: [{ rule: "pg/…", reason: "…" }] }`. */
  readonly lint?: { readonly ignore?: readonly LintIgnore[] };
  upgrade(op: Op): void | Promise<void>;
  downgrade(op: Op): void | Promise<void>;
}

/**
 * Declares a revision. The header fields must be literals (strings, arrays of strings,
 * booleans) so listing commands can read them without running the file.
 *
 * @example
 * ```ts
 * import { defineRevision } from "@athanor/core";
 * export default defineRevision({
 *   id: "3f2a9c1b7d4e",
 *   parents: ["a1b2c3d4e5f6"],
 *   message: "add users.timezone",
 *   createdAt: "2026-11-25T10:00:00.000Z",
 *   upgrade(op) { op.execute("ALTER TABLE users ADD COLUMN timezone text") },
 *   downgrade(op) { op.execute("ALTER TABLE users DROP COLUMN timezone") },
 * });
 * ```
 */
export function defineRevision<const T extends RevisionDefinition>(definition: T): T {
  return Object.freeze(definition);
}

/** The header implied by a definition, with defaults filled in. */
export function headerOf(definition: RevisionDefinition): RevisionHeader {
  return {
    id: definition.id,
    parents: definition.parents ?? [],
    message: definition.message ?? "",
    createdAt: definition.createdAt,
    branchLabels: definition.branchLabels ?? [],
    dependsOn: definition.dependsOn ?? [],
    phase: definition.phase,
    transactional: definition.transactional ?? true,
    // only when declared, so headers without lint settings stay deep-equal to older ones
    ...(definition.lint === undefined ? {} : { lint: { ignore: definition.lint.ignore ?? [] } }),
  };
}
