import type { NormalizedBackfill } from "../backfill/backfill-spec.js";
import type { LockRetryInput } from "../ops/lock-retry-settings.js";
import type { OpSink } from "../ops/op.js";
import type { Operation } from "../ops/operation.js";
import type { RevisionDefinition } from "../revision/revision.js";
import { hasTodoPlaceholder } from "../revision/todo-placeholders.js";
import { runRevisionFunction } from "./step-script.js";

/** One call a revision's function made on `op`, in call order. */
export type RecordedCall =
  | { readonly call: "emit"; readonly op: Operation }
  | { readonly call: "backfill"; readonly spec: NormalizedBackfill }
  | { readonly call: "lockRetry"; readonly options: LockRetryInput };

/**
 * What one direction of a revision did when run offline: every call it made on `op`, and
 * whether the function's text holds an unfilled `TODO(athanor)` placeholder. Replaying the calls
 * into an offline sink (whose `emit`/`lockRetry` return nothing and whose `backfill` resolves
 * `undefined`) is the same as running the function again — when the function's result depended
 * only on what the op cache keys it by (see op-cache.ts).
 */
export interface RevisionRecording {
  readonly calls: readonly RecordedCall[];
  readonly placeholder: boolean;
}

/** The sink of an offline run: what the recorder forwards to and a replay feeds. */
export type OfflineSink = Omit<OpSink, "dialect">;

/**
 * Runs one direction of a revision against `sink`, recording its calls on the way. The recording
 * is undefined — not to be reused — when the function asked the database (`op.query`: its answer
 * is data) or threw; the function's own effects on `sink` happen either way, as without a recorder.
 *
 * @example
 * ```ts
 * const recording = await recordRevision(definition, "upgrade", sink, "postgresql");
 * ```
 */
export async function recordRevision(
  definition: RevisionDefinition,
  direction: "upgrade" | "downgrade",
  sink: OfflineSink,
  dialect: string,
): Promise<RevisionRecording | undefined> {
  const calls: RecordedCall[] = [];
  let asked = false;
  await runRevisionFunction(
    definition,
    direction,
    {
      emit(op) {
        calls.push({ call: "emit", op });
        sink.emit(op);
      },
      query(sql, params) {
        asked = true;
        return sink.query(sql, params);
      },
      ...(sink.backfill
        ? {
            backfill: (spec: NormalizedBackfill) => {
              calls.push({ call: "backfill", spec });
              return (sink.backfill as NonNullable<OfflineSink["backfill"]>)(spec);
            },
          }
        : {}),
      lockRetry(options) {
        calls.push({ call: "lockRetry", options });
        sink.lockRetry?.(options);
      },
    },
    dialect,
  );
  if (asked) return undefined;
  return { calls, placeholder: hasTodoPlaceholder(definition, direction) };
}

/**
 * Feeds a recording into `sink` in its order, as the revision's function did when it was
 * recorded; a backfill is awaited, as the function awaited it.
 *
 * @example
 * ```ts
 * await replayRecording(recording, { emit: (op) => ops.push(op), query, backfill });
 * ```
 */
export async function replayRecording(recording: RevisionRecording, sink: OfflineSink): Promise<void> {
  for (const entry of recording.calls) {
    if (entry.call === "emit") sink.emit(entry.op);
    else if (entry.call === "lockRetry") sink.lockRetry?.(entry.options);
    else await sink.backfill?.(entry.spec);
  }
}
