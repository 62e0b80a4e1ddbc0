import type { OpSink } from "../ops/op.js";
import type { Operation } from "../ops/operation.js";
import type { RevisionDefinition } from "../revision/revision.js";
import { runRevisionFunction } from "../runner/step-script.js";
import type { RecordedBackfill, RecordedQuery } from "./lint-rule.js";

/** What a revision's `upgrade(op)` built when run against a recording sink. */
export interface RecordedOperations {
  readonly operations: readonly Operation[];
  readonly queries: readonly RecordedQuery[];
  readonly backfills: readonly RecordedBackfill[];
  /** Set when the upgrade function threw; the operations built before it are kept. */
  readonly failure?: string | undefined;
}

/**
 * Runs a revision's `upgrade(op)` without a database and records the operations it builds.
 * `op.query()` is recorded and answers with no rows, so a data migration that branches on its
 * result is linted along the empty-table path (lint reports that as `core/query-not-linted`).
 * `op.backfill()` is recorded and resolves `undefined`, as it does offline.
 *
 * @example
 * ```ts
 * const { operations } = await recordOperations(definition, "postgresql");
 * operations[0]?.kind; // "createIndex"
 * ```
 */
export function recordOperations(
  definition: RevisionDefinition,
  dialect: string,
): Promise<RecordedOperations> {
  return recordOperationsOf((sink) => runRevisionFunction(definition, "upgrade", sink, dialect));
}

/**
 * {@link recordOperations} of whatever `run` feeds the sink it is given: a revision's function,
 * or a recording of it from the op cache (`runOfflineRevision`).
 */
export async function recordOperationsOf(
  run: (sink: Omit<OpSink, "dialect">) => Promise<void>,
): Promise<RecordedOperations> {
  const operations: Operation[] = [];
  const queries: RecordedQuery[] = [];
  const backfills: RecordedBackfill[] = [];
  try {
    await run({
      emit: (op) => operations.push(op),
      query: async <Row>(sql: string) => {
        queries.push({ sql, afterOperation: operations.length });
        return [] as readonly Row[];
      },
      backfill: async (spec) => {
        backfills.push({ table: spec.table, afterOperation: operations.length });
        return undefined;
      },
    });
  } catch (error) {
    return {
      operations,
      queries,
      backfills,
      failure: error instanceof Error ? error.message : String(error),
    };
  }
  return { operations, queries, backfills };
}
