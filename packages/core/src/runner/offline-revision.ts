import type { Direction } from "../plan/plan.js";
import type { OpCacheKey } from "./op-cache.js";
import type { PreparedRun } from "./prepare-run.js";
import { type OfflineSink, recordRevision, replayRecording } from "./revision-recording.js";
import { runRevisionFunction } from "./step-script.js";

/**
 * Runs one direction of a revision into an offline sink (`--sql` rendering, its replay, lint):
 * from the run's op cache when it holds a valid recording (the module is then never imported),
 * else by importing and running the module — recording it into the cache when there is one.
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
  if (cache === undefined) {
    await runRevisionFunction(await run.revisions.definition(revision), direction, sink, dialect);
    return;
  }
  const key = opCacheKey(run, revision, direction, dialect);
  const hit = cache.get(key);
  if (hit !== undefined) return replayRecording(hit, sink);
  const definition = await run.revisions.definition(revision);
  const recording = await recordRevision(definition, direction, sink, dialect);
  const file = run.graph.get(revision)?.file;
  if (recording !== undefined && file !== undefined) cache.put(key, file, recording);
}

function opCacheKey(run: PreparedRun, revision: string, direction: Direction, dialect: string): OpCacheKey {
  return { revision, direction, dialect, checksum: run.revisions.checksum(revision) };
}
