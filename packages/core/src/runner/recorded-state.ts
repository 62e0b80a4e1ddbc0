import { plan } from "../plan/plan.js";
import type { HistoryDirection, HistoryStatus } from "./bookkeeping-sql.js";
import type { PreparedRun } from "./prepare-run.js";
import type { HistoryEntry, RunState } from "./run-state.js";
import { assertKnownHeads, assertNoPartialRevision, findChecksumMismatches } from "./verify-state.js";

export type { HistoryEntry, RunState } from "./run-state.js";

/**
 * A {@link RunState} read back from a record of unknown origin (JSON), or undefined when any part
 * has the wrong shape: a record is trusted only as what an earlier run wrote, never guessed at.
 *
 * @example
 * ```ts
 * parseRunState({ tablesExist: true, heads: ["a1"], history: [] }); // the same state
 * parseRunState({ heads: "a1" }); // undefined
 * ```
 */
export function parseRunState(value: unknown): RunState | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { tablesExist, heads, history } = value as Record<string, unknown>;
  if (typeof tablesExist !== "boolean" || !isStrings(heads) || !Array.isArray(history)) return undefined;
  const entries: HistoryEntry[] = [];
  for (const row of history) {
    const entry = historyEntryOf(row);
    if (entry === undefined) return undefined;
    entries.push(entry);
  }
  return { tablesExist, heads: [...heads], history: entries };
}

/**
 * The database's heads when `upgrade` to `target` from `state` would plan nothing and pass
 * every check the runner makes before planning (known heads, checksums of the applied revision
 * files as they are now, no partial run) — else undefined, and the caller runs the real
 * upgrade, which reports whatever differs. Pure: reads the revision files, never the database.
 *
 * @example
 * ```ts
 * const heads = noopUpgradeHeads(run, recordedState, "heads"); // ["c3"] or undefined
 * ```
 */
export function noopUpgradeHeads(
  run: PreparedRun,
  state: RunState,
  target: string,
): readonly string[] | undefined {
  try {
    assertKnownHeads(run.graph, state.heads, run.sql.versionTable);
    if (findChecksumMismatches(run.graph, state, run.revisions).length > 0) return undefined;
    assertNoPartialRevision(state, run.graph, run.revisions);
    const planned = plan(run.graph, { current: state.heads, target, direction: "upgrade" });
    return planned.steps.length === 0 && planned.heldBack.length === 0 ? state.heads : undefined;
  } catch {
    return undefined;
  }
}

const DIRECTIONS: readonly HistoryDirection[] = ["upgrade", "downgrade", "stamp", "accept"];
const STATUSES: readonly HistoryStatus[] = ["ok", "failed", "partial"];

function historyEntryOf(row: unknown): HistoryEntry | undefined {
  if (typeof row !== "object" || row === null) return undefined;
  const r = row as Record<string, unknown>;
  const ok =
    Number.isSafeInteger(r.id) &&
    typeof r.revision === "string" &&
    DIRECTIONS.includes(r.direction as HistoryDirection) &&
    STATUSES.includes(r.status as HistoryStatus) &&
    (r.checksum === null || typeof r.checksum === "string") &&
    (r.statementIndex === null || Number.isSafeInteger(r.statementIndex)) &&
    (r.note === null || typeof r.note === "string");
  if (!ok) return undefined;
  return {
    id: r.id as number,
    revision: r.revision as string,
    direction: r.direction as HistoryDirection,
    status: r.status as HistoryStatus,
    checksum: r.checksum as string | null,
    statementIndex: r.statementIndex as number | null,
    note: r.note as string | null,
  };
}

function isStrings(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}
