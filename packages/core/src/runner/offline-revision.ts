import type { Direction } from "../plan/plan.js";
import type { OpCacheKey } from "./op-cache.js";
import type { PreparedRun } from "./prepare-run.js";
import {
  type OfflineSink,
  type RevisionRecording,
  recordRevision,
  replayRecording,
} from "./revision-recording.js";
import type { RevisionSet } from "./revision-set.js";

/**
 * What each revision function did when an offline consumer of this run (the `--sql` render, the
 * replay, lint) ran it, by revision set (shared by a run and its retargeted copies): the next
 * consumer of the same function replays it instead of running it again, so `--sql` and the lint
 * it prints judge the very operations that were rendered. Held for the run only, never written.
 */
const RUN_RECORDINGS = new WeakMap<RevisionSet, Map<string, RevisionRecording>>();

/**
 * Runs one direction of a revision into an offline sink (`--sql` rendering, its replay, lint):
 * from a recording when the run's op cache holds a valid one (the module is then never
 * imported) or an earlier consumer of this run recorded it, else by importing and running the
 * module — recording it for the rest of the run, and into the op cache when there is one.
 *
 * @example
 * ```ts
 * await runOfflineRevision(run, "ae10", "upgrade", { emit: (op) => ops.push(op), query, backfill });
 * ```
 */
export async function runOfflineRevision(
  run: PreparedRun,
  revision: string,
  direction: Direction,
  sink: OfflineSink,
  dialect: string = run.options.dialect.name,
): Promise<void> {
  const cache = run.options.opCache;
  const key = opCacheKey(run, revision, direction, dialect);
  const hit = knownRecording(run, key);
  if (hit !== undefined) return replayRecording(hit, sink);
  const definition = await run.revisions.definition(revision);
  const recording = await recordRevision(definition, direction, sink, dialect);
  if (recording === undefined) return;
  runRecordings(run).set(memoKey(key), recording);
  const file = run.graph.get(revision)?.file;
  if (cache !== undefined && file !== undefined) cache.put(key, file, recording);
}

/**
 * Whether one direction of a revision holds an unfilled `TODO(athanor)` placeholder, when a
 * recording of it says (the op cache's, or this run's); undefined when nothing recorded it.
 *
 * @example
 * ```ts
 * if (recordedPlaceholder(run, "ae10", "upgrade", "postgresql") === false) return [];
 * ```
 */
export function recordedPlaceholder(
  run: PreparedRun,
  revision: string,
  direction: Direction,
  dialect: string,
): boolean | undefined {
  return knownRecording(run, opCacheKey(run, revision, direction, dialect))?.placeholder;
}

function knownRecording(run: PreparedRun, key: OpCacheKey): RevisionRecording | undefined {
  return RUN_RECORDINGS.get(run.revisions)?.get(memoKey(key)) ?? run.options.opCache?.get(key);
}

function runRecordings(run: PreparedRun): Map<string, RevisionRecording> {
  let recordings = RUN_RECORDINGS.get(run.revisions);
  if (recordings === undefined) {
    recordings = new Map();
    RUN_RECORDINGS.set(run.revisions, recordings);
  }
  return recordings;
}

function memoKey(key: OpCacheKey): string {
  return `${key.revision}\0${key.direction}\0${key.dialect}`;
}

function opCacheKey(run: PreparedRun, revision: string, direction: Direction, dialect: string): OpCacheKey {
  return { revision, direction, dialect, checksum: run.revisions.checksum(revision) };
}
