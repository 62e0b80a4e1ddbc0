import type { RevisionGraph } from "../graph/revision-graph.js";
import { parseRange, revisionsInRange } from "../graph/target-range.js";
import type { RevisionDefinition, RevisionSource } from "../revision/revision.js";
import { findTodoPlaceholders, locationOf } from "../revision/todo-placeholders.js";
import { recordedPlaceholder, runOfflineRevision } from "../runner/offline-revision.js";
import { type PreparedRun, prepareRun } from "../runner/prepare-run.js";
import type { RunnerOptions } from "../runner/runner-options.js";
import type { LintReport } from "./lint-finding.js";
import { type LintOptions, lintRevisions } from "./lint-revisions.js";
import type { LintDialectInfo, LintRevision } from "./lint-rule.js";
import { type RecordedOperations, recordOperations, recordOperationsOf } from "./record-operations.js";

/**
 * The revisions a lint run covers, oldest first: the whole history, or a `start:end` range in
 * the grammar of `athanor history -r` (`base:heads`, `ae10:`, `:cart@head`).
 *
 * @example
 * ```ts
 * revisionsToLint(graph, "ae10:"); // ["ae10", "3b1f", "53ff"]
 * ```
 */
export function revisionsToLint(graph: RevisionGraph, range?: string | undefined): readonly string[] {
  if (range === undefined) return graph.revisions().map((r) => r.id);
  return [...revisionsInRange(graph, parseRange(range))].reverse();
}

/**
 * Imports each revision (through `load`) and records what its `upgrade(op)` builds, without a
 * database. Headers come from the graph: the statically read ones, including `lint.ignore`.
 * With `cached`, the prepared run (`--sql`'s, `lintMigrations`'), revisions run through it
 * (`runOfflineRevision`): one its op cache holds, or that the run already ran offline, is
 * replayed, not imported; `load` is then not used.
 *
 * @example
 * ```ts
 * const revisions = await recordLintRevisions(graph, ids, (s) => loadRevisionModule(s).then((m) => m.definition), "postgresql");
 * ```
 */
export async function recordLintRevisions(
  graph: RevisionGraph,
  ids: readonly string[],
  load: (source: RevisionSource) => Promise<RevisionDefinition>,
  dialect: string,
  cached?: PreparedRun,
): Promise<LintRevision[]> {
  const out: LintRevision[] = [];
  for (const id of ids) {
    const header = graph.require(id);
    if (cached !== undefined) {
      // through the run: a revision its op cache holds, or that the run's `--sql` render just
      // ran, is replayed — lint judges the operations that were rendered, without importing again
      const recorded = await recordOperationsOf((sink) =>
        runOfflineRevision(cached, id, "upgrade", sink, dialect),
      );
      const placeholders =
        recordedPlaceholder(cached, id, "upgrade", dialect) === false
          ? []
          : findTodoPlaceholders(header, await cached.revisions.definition(id), "upgrade").map(locationOf);
      out.push(lintRevision(header, recorded, placeholders));
      continue;
    }
    const definition = await load(header);
    const recorded = await recordOperations(definition, dialect);
    const placeholders = findTodoPlaceholders(header, definition, "upgrade").map(locationOf);
    out.push(lintRevision(header, recorded, placeholders));
  }
  return out;
}

function lintRevision(
  header: RevisionSource,
  recorded: RecordedOperations,
  placeholders: LintRevision["placeholders"],
): LintRevision {
  return {
    placeholders,
    header,
    file: header.file,
    operations: recorded.operations,
    queries: recorded.queries,
    backfills: recorded.backfills,
    recordingFailure: recorded.failure,
  };
}

/** {@link LintOptions} plus the range; the dialect defaults to the runner's. */
export interface LintMigrationsOptions extends Omit<LintOptions, "dialect"> {
  readonly range?: string | undefined;
  readonly dialect?: LintDialectInfo | undefined;
}

/**
 * Lints the revisions of a project (runner options or a prepared migration context) with the
 * given rules: loads the graph, imports each revision in range, records its operations and runs
 * {@link lintRevisions}. No database is touched.
 *
 * @example
 * ```ts
 * import { postgresLintRules } from "@athanor/postgres";
 * const report = await lintMigrations({ dialect, revisions: "migrations/versions" }, { rules: postgresLintRules });
 * if (report.counts.error > 0) process.exitCode = 1;
 * ```
 */
export async function lintMigrations(
  options: RunnerOptions | PreparedRun,
  lint: LintMigrationsOptions,
): Promise<LintReport> {
  const run = await prepareRun(options);
  const dialect = lint.dialect ?? { name: run.options.dialect.name };
  const ids = revisionsToLint(run.graph, lint.range);
  const revisions = await recordLintRevisions(
    run.graph,
    ids,
    (source) => run.revisions.definition(source.id),
    dialect.name,
    run,
  );
  return lintRevisions(revisions, { ...lint, dialect });
}
