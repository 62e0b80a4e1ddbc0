import type { Operation, RenderContext } from "@athanor/core";
import { quoteIdent } from "../quote.js";
import { renderSqlite } from "../renderer.js";
import { needsPriorDefinition } from "./needs-prior-definition.js";
import { rebuildTable } from "./rebuild.js";
import type { RebuildStep, SqliteRenderContext } from "./render-context.js";

/**
 * SQLite's `Dialect.batchKey`: operations that may rebuild a table share the table's name, so a run
 * of them on one table is one move-and-copy (renderRebuildBatch). An ADD COLUMN SQLite does in
 * place joins the run too: between two rebuilds of the table it would end it, and the merged
 * rebuild gives the column the value ADD COLUMN would have (its constant default, else NULL).
 *
 * @example
 * ```ts
 * rebuildBatchKey(operations.alterColumn("users", "email", { nullable: false })); // '"users"'
 * ```
 */
export function rebuildBatchKey(op: Operation): string | undefined {
  if (
    !(needsPriorDefinition(op) || op.kind === "addColumn") ||
    !("table" in op) ||
    typeof op.table !== "object"
  )
    return undefined;
  return quoteIdent(op.table.name);
}

/**
 * SQLite's `Dialect.renderBatch`: several changes to one table as ONE rebuild (Alembic's
 * `batch_alter_table`). Each operation is rendered against the model as the ones before left it,
 * its rebuild recorded instead of written; the recorded steps are then composed — the first one's
 * table, the last one's definition, each column copied by the expression that carries its value
 * through every step — and written as one move-and-copy with every rebuild rule
 * (render/rebuild.ts). A step whose copy cannot be composed exactly (a `using` expression over a
 * row an earlier step changed, a generated column made stored) starts a rebuild of its own. When no
 * operation of the run needs a rebuild (unconstrained DROP COLUMNs), each is rendered directly.
 *
 * @example
 * ```ts
 * renderRebuildBatch([alterDefault, alterNullable, addCheck], ctx); // one CREATE … INSERT … DROP … RENAME
 * ```
 */
export function renderRebuildBatch(ops: readonly Operation[], context?: RenderContext): readonly string[] {
  const ctx = context as SqliteRenderContext | undefined;
  if (ctx?.model === undefined) return ops.flatMap((op) => renderSqlite(op, ctx)); // refused as alone
  const before = ctx.model;
  const steps: RebuildStep[] = [];
  let written = 0;
  ctx.collecting = steps;
  try {
    for (const op of ops) written += renderSqlite(op, ctx).length;
  } finally {
    ctx.collecting = undefined;
  }
  if (written > 0) {
    // an operation wrote SQL of its own instead of a step (a DROP COLUMN of a table the model
    // lacks): nothing is merged, each renders alone from the model as it was
    ctx.model = before;
    return ops.flatMap((op) => renderSqlite(op, ctx));
  }
  if (steps.every((s) => s.direct !== undefined)) return steps.flatMap((s) => s.direct ?? []);
  const statements: string[] = [];
  let acc: RebuildStep | undefined;
  for (const step of steps) {
    const merged = acc === undefined ? step : compose(acc, step);
    if (merged === undefined && acc !== undefined) {
      statements.push(...rebuildTable(ctx, acc.prior, acc.next, acc.copy, acc.dropped));
      acc = step;
    } else acc = merged;
  }
  if (acc !== undefined) statements.push(...rebuildTable(ctx, acc.prior, acc.next, acc.copy, acc.dropped));
  return statements;
}

/**
 * `step` after `acc` as one step from `acc.prior`, or undefined when it cannot be exact. A column
 * `step` copies by name takes the expression `acc` filled it with; one `acc` added takes the value
 * its addition gave (its default, else NULL), as two rebuilds would have copied it.
 */
function compose(acc: RebuildStep, step: RebuildStep): RebuildStep | undefined {
  const copy = new Map<string, string>();
  for (const [column, expression] of step.copy) {
    if (expression !== quoteIdent(column)) {
      // a `using` expression reads the row between the two steps: exact only if that is the old row
      if (!sameColumns(acc)) return undefined;
      copy.set(column, expression);
      continue;
    }
    const carried = acc.copy.get(column);
    if (carried !== undefined) {
      copy.set(column, carried);
      continue;
    }
    const added = acc.next.columns.find((c) => c.name === column);
    if (added === undefined || added.generated !== null) return undefined;
    copy.set(column, added.default === null ? "NULL" : `(${added.default})`);
  }
  return {
    prior: acc.prior,
    next: step.next,
    copy,
    dropped: new Set([...acc.dropped, ...step.dropped]),
  };
}

/** The steps so far changed no column (constraints only), each copied as it was. */
function sameColumns(acc: RebuildStep): boolean {
  return (
    JSON.stringify(acc.prior.columns) === JSON.stringify(acc.next.columns) &&
    [...acc.copy].every(([column, expression]) => expression === quoteIdent(column))
  );
}
