import { BackfillStateTable } from "../backfill/backfill-state.js";
import { AthanorError, isAthanorError } from "../errors.js";
import type { RevisionGraph } from "../graph/revision-graph.js";
import { resolveTarget } from "../graph/target.js";
import { type BookkeepingDamage, repairStatements } from "./bookkeeping-repair.js";
import { ensureTables, type PreparedRun, prepareRun } from "./prepare-run.js";
import { currentIdentity, newRunId } from "./run-identity.js";
import { readRunState, unresolvedPartials } from "./run-state.js";
import type { RunnerOptions } from "./runner-options.js";
import type { RunResult, StepResult } from "./runner-result.js";
import { safeProgress, withSession } from "./session.js";
import { assertKnownHeads } from "./verify-state.js";

/** Options of {@link stamp}. */
export interface StampOptions {
  /** Empty the version table first (recovers from rows naming revisions that no longer exist). */
  readonly purge?: boolean | undefined;
  readonly onStatement?: ((sql: string) => void) | undefined;
}

/**
 * Records in the version table that the database is at `targets`, running no revision code
 * (Alembic's `stamp`). Each target replaces the heads of its own lineage; unrelated heads stay.
 * Also resolves a partial run (ATHANOR_PARTIAL_REVISION). One transaction; history rows record it.
 *
 * @example
 * ```ts
 * await stamp(options, ["heads"]);            // adopt an existing database
 * await stamp(options, ["ae10"], { purge: true }); // after a squash removed old files
 * ```
 */
export async function stamp(
  options: RunnerOptions | PreparedRun,
  targets: readonly string[],
  stampOptions: StampOptions = {},
): Promise<RunResult> {
  const run = await prepareRun(options);
  return withSession(run.options, { lock: true }, async ({ conn, waitedForLockMs }) => {
    const purge = stampOptions.purge === true;
    const state = await readRunState(conn, run.sql).catch(async (error: unknown) => {
      // `stamp --purge` is the way out of damaged bookkeeping tables: recreate what is missing.
      if (!purge || !isAthanorError(error) || error.code !== "ATHANOR_BOOKKEEPING_DAMAGED") throw error;
      const repair = repairStatements(run.sql, error.meta as unknown as BookkeepingDamage);
      for (const statement of repair) stampOptions.onStatement?.(statement);
      await conn.executeScript(repair);
      return readRunState(conn, run.sql);
    });
    if (!purge) assertKnownHeads(run.graph, state.heads, run.sql.versionTable);
    const start = purge ? [] : state.heads;
    const after = stampedHeads(run.graph, start, targets);
    const removed = state.heads.filter((h) => !after.includes(h));
    const added = after.filter((h) => !start.includes(h));
    const partials = unresolvedPartials(state.history).map((p) => p.revision);
    safeProgress(run.options, { type: "plan", direction: "stamp", revisions: added });
    if (
      removed.length === 0 &&
      added.length === 0 &&
      partials.length === 0 &&
      !(purge && state.heads.length > 0)
    ) {
      return { results: [], heads: { before: state.heads, after: state.heads }, waitedForLockMs };
    }
    await ensureTables(conn, run, state, stampOptions.onStatement);
    const runId = newRunId();
    const who = currentIdentity();
    const now = new Date();
    const history = (revision: string, checksum: string | undefined, note: string) =>
      run.sql.historyRow({
        runId,
        revision,
        direction: "stamp",
        status: "ok",
        startedAt: now,
        finishedAt: now,
        durationMs: 0,
        checksum,
        who,
        note,
      });
    const statements = [
      run.options.dialect.beginTransaction,
      ...(purge ? [run.sql.purge()] : removed.map((id) => run.sql.delete(id))),
      ...added.map((id) => run.sql.insert(id)),
      ...added.map((id) => history(id, run.revisions.checksum(id), "stamped")),
      ...removed
        .filter((id) => run.graph.get(id) !== undefined && !run.graph.ancestors(after).has(id))
        .map((id) => history(id, undefined, "unapplied by stamp")),
      ...partials.map((id) => history(id, undefined, "partial run resolved by stamp")),
      run.options.dialect.commitTransaction,
    ];
    // a stamped revision's next run starts its backfills afresh: no cursor of an earlier attempt may steer it
    const cursors = new BackfillStateTable(run.options.dialect, run.options.versionTable);
    const touched = [...new Set([...partials, ...added, ...removed])];
    if (touched.length > 0 && (await conn.query(cursors.exists())).rows.length > 0)
      statements.splice(statements.length - 1, 0, ...touched.map((id) => cursors.discard(id)));
    for (const s of statements) stampOptions.onStatement?.(s);
    try {
      await conn.executeScript(statements);
    } catch (error) {
      await conn.executeScript([run.options.dialect.rollbackTransaction]).catch(() => undefined);
      throw error;
    }
    const results: StepResult[] = added.map((revision) => ({
      revision,
      direction: "stamp",
      status: "applied",
      durationMs: 0,
      statements: 0,
    }));
    const resolved = partials.length > 0 ? { resolvedPartials: partials } : {};
    return { results, heads: { before: state.heads, after }, waitedForLockMs, ...resolved };
  });
}

/**
 * The version-table heads after stamping `targets` onto `current`: each target drops the heads
 * it is an ancestor or descendant of and takes their place; `base` (or `label@base`) drops the
 * heads of everything (or of that branch).
 *
 * @example
 * ```ts
 * stampedHeads(graph, ["b1"], ["c2"]); // ["c2"] when c2 descends from b1
 * ```
 */
export function stampedHeads(
  graph: RevisionGraph,
  current: readonly string[],
  targets: readonly string[],
): string[] {
  let heads = [...current];
  const named = new Map<string, string>();
  for (const target of targets) {
    // `label@base` means "nothing of this branch" here, as in Alembic's stamp, even though as an
    // upgrade target it names the branch's first revision
    const branchBase = /^(.+)@base$/.exec(target)?.[1];
    if (branchBase !== undefined) {
      heads = heads.filter((h) => !graph.labelsOf(h).includes(branchBase));
      continue;
    }
    const ids = resolveTarget(graph, target, { current: heads });
    if (ids.length === 0) {
      heads = [];
      continue;
    }
    for (const id of ids) {
      const earlier = named.get(id);
      if (earlier !== undefined) {
        throw new AthanorError(
          "ATHANOR_DUPLICATE_TARGET",
          `Revision ${id} is named twice among the stamp targets ('${earlier}' and '${target}'). Name each head once.`,
          { revision: id, targets: [earlier, target] },
        );
      }
      named.set(id, target);
      // Naming an ancestor beside its descendant keeps the descendant, whatever the order of
      // the targets (the documented rule, and what planStamp does): rows must all be heads.
      if (heads.some((h) => named.has(h) && graph.ancestors([h]).has(id))) continue;
      const lineage = graph.ancestors([id]);
      heads = heads.filter((h) => !lineage.has(h) && !graph.ancestors([h]).has(id));
      heads.push(id);
    }
  }
  return [...new Set(heads)].sort();
}
