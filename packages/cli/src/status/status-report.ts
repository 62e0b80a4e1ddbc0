import type {
  ChecksumMismatch,
  ClusterStatus,
  CurrentState,
  InvalidIndex,
  LintFinding,
  LintReport,
  LockReading,
  RevisionGraph,
} from "@athanor/core";
import { type HeadWork, type PhaseGroup, pendingWork, uniquePending } from "./pending-work.js";
import { type StatusProblem, statusVerdict, type Verdict } from "./status-verdict.js";

/** How many lint findings status shows (worst first); `athanor lint` shows them all. */
export const TOP_FINDINGS = 5;

/**
 * Everything `athanor status` knows, JSON-safe: the `--json` output is this object.
 *
 * @example
 * ```ts
 * const report = buildStatusReport({ graph, database: "PGlite in .athanor/pglite", state, checksums: [], lint, lock });
 * report.verdict.line; // "ready to run `athanor upgrade --phase expand`: 2 expand, 1 migrate pending; 1 contract waits"
 * ```
 */
export interface StatusReport {
  readonly database: string;
  /** Where autogenerate and the migration checks build (devUrl, or scratch databases on the target). */
  readonly devDatabase: string;
  readonly verdict: Verdict;
  readonly problems: readonly StatusProblem[];
  /** The version table as read: rows, rows no file declares, unresolved partial runs. */
  readonly versionTable: {
    readonly exists: boolean;
    readonly heads: readonly string[];
    readonly unknownHeads: readonly string[];
    readonly partial: readonly string[];
    /** The partial runs in detail, with the command that finishes each. */
    readonly partialRuns: CurrentState["partialRuns"];
  };
  readonly heads: readonly HeadWork[];
  /** Unique pending revisions per phase group, and how many of them wait for the contract stage. */
  readonly pending: {
    readonly total: number;
    readonly runnable: Readonly<Record<PhaseGroup, number>>;
    readonly waiting: Readonly<Record<PhaseGroup, number>>;
  };
  /** `unchecked` when the version table names revisions no file declares. */
  readonly checksums:
    | { readonly state: "ok"; readonly mismatched: readonly [] }
    | { readonly state: "mismatch"; readonly mismatched: readonly ChecksumMismatch[] }
    | { readonly state: "unchecked"; readonly mismatched: readonly [] };
  readonly lint: {
    readonly dialect: string;
    readonly revisions: number;
    readonly counts: LintReport["counts"];
    readonly silenced: number;
    readonly top: readonly LintFinding[];
  };
  readonly lock: LockReading;
  /** Galera's size and state, or a primary's streaming replicas; absent for a server not in a cluster. */
  readonly cluster?: ClusterStatus | undefined;
  /** Indexes an interrupted CREATE INDEX CONCURRENTLY left invalid (PostgreSQL), each with the statement that drops it. */
  readonly invalidIndexes: readonly InvalidIndex[];
}

/** What {@link buildStatusReport} is built from: the graph plus what the database said. */
export interface StatusInput {
  readonly graph: RevisionGraph;
  readonly database: string;
  readonly devDatabase: string;
  readonly state: CurrentState;
  /** Null when checksums could not be compared (unknown heads in the version table). */
  readonly checksums: readonly ChecksumMismatch[] | null;
  /** The lint report of the pending revisions. */
  readonly lint: LintReport;
  readonly lock: LockReading;
  readonly cluster?: ClusterStatus | null | undefined;
  readonly invalidIndexes?: readonly InvalidIndex[] | undefined;
}

/**
 * Puts status together. Pure, so the verdict and groupings are tested without a database.
 *
 * @example
 * ```ts
 * const report = buildStatusReport(input);
 * process.exitCode = report.problems.length > 0 ? 1 : 0;
 * ```
 */
export function buildStatusReport(input: StatusInput): StatusReport {
  const { graph, state, lint } = input;
  const heads = pendingWork(graph, state.heads);
  const all = uniquePending(heads);
  const zero = (): Record<PhaseGroup, number> => ({ expand: 0, migrate: 0, ordinary: 0, contract: 0 });
  const runnable = zero();
  const waiting = zero();
  for (const p of all) (p.waitsFor === null ? runnable : waiting)[p.phase]++;
  const mismatched = input.checksums ?? [];
  const problems: StatusProblem[] = [];
  if (state.unknownHeads.length > 0) problems.push({ kind: "unknown-heads", revisions: state.unknownHeads });
  if (state.partial.length > 0)
    problems.push({
      kind: "partial-run",
      revisions: state.partial,
      resume: state.partialRuns[0]?.resume ?? null,
      fileMissing: state.partialRuns[0]?.fileMissing ?? false,
      renderingChanged: state.partialRuns[0]?.renderingChanged ?? false,
      recordedVersion: state.partialRuns[0]?.recordedVersion ?? null,
    });
  if (mismatched.length > 0)
    problems.push({ kind: "checksum-mismatch", revisions: mismatched.map((m) => m.revision) });
  if (lint.counts.error > 0) problems.push({ kind: "lint-errors", count: lint.counts.error });
  const invalidIndexes = input.invalidIndexes ?? [];
  if (invalidIndexes.length > 0) problems.push({ kind: "invalid-indexes", indexes: invalidIndexes });
  const pending = { total: all.length, runnable, waiting };
  return {
    database: input.database,
    devDatabase: input.devDatabase,
    verdict: statusVerdict({ problems, pending, lock: input.lock, headCount: heads.length }),
    problems,
    versionTable: {
      exists: state.tablesExist,
      heads: state.heads,
      unknownHeads: state.unknownHeads,
      partial: state.partial,
      partialRuns: state.partialRuns,
    },
    heads,
    pending,
    checksums:
      input.checksums === null
        ? { state: "unchecked", mismatched: [] }
        : mismatched.length === 0
          ? { state: "ok", mismatched: [] }
          : { state: "mismatch", mismatched },
    lint: {
      dialect: lint.dialect,
      revisions: lint.revisions.length,
      counts: lint.counts,
      silenced: lint.silenced.length,
      top: topFindings(lint.findings),
    },
    lock: input.lock,
    ...(input.cluster === null || input.cluster === undefined ? {} : { cluster: input.cluster }),
    invalidIndexes,
  };
}

/** Worst first, then in the order lint found them (revision order, operation order). */
function topFindings(findings: readonly LintFinding[]): LintFinding[] {
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank[a.f.severity] - rank[b.f.severity] || a.i - b.i)
    .slice(0, TOP_FINDINGS)
    .map(({ f }) => f);
}
