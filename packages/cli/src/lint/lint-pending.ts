import {
  type LintReport,
  lintRevisions,
  loadRevisionModule,
  type RevisionGraph,
  recordLintRevisions,
} from "@athanor/core";
import type { ResolvedConfig } from "../config/load-config.js";
import { cliRevisionImporter } from "../database/revision-importer.js";
import { lintSetup } from "./lint-project.js";

/**
 * Lints the revisions a run would apply (oldest first) with the configured dialect's rules, the
 * applied revisions below them serving as history: a rule sees what they did (a NOT NULL check
 * validated in an earlier revision) without reporting on them. `status` and `upgrade` both call
 * it with the same plan, so they agree on what is ready.
 *
 * @example
 * ```ts
 * const report = await lintPending(config, graph, ["con001"], ["exp002"]);
 * ```
 */
export async function lintPending(
  config: ResolvedConfig,
  graph: RevisionGraph,
  ids: readonly string[],
  applied: readonly string[] = [],
): Promise<LintReport> {
  const { dialect, rules, tableRows } = await lintSetup(config, undefined);
  const wanted = new Set(ids);
  const known = applied.filter((id) => graph.get(id) !== undefined);
  const below = graph.ancestors(known);
  const order = graph.revisions().map((r) => r.id);
  const load = async (source: Parameters<typeof loadRevisionModule>[0]) =>
    (await loadRevisionModule(source, cliRevisionImporter)).definition;
  const revisions = await recordLintRevisions(
    graph,
    order.filter((id) => wanted.has(id)),
    load,
    dialect.name,
  );
  const options = { rules, dialect, tableRows };
  const alone = lintRevisions(revisions, options);
  // History only ever clears a finding, so it is read (every applied module imported) only when
  // there is an error it might clear.
  if (alone.counts.error === 0 || below.size === 0) return alone;
  const history = await recordLintRevisions(
    graph,
    order.filter((id) => below.has(id) && !wanted.has(id)),
    load,
    dialect.name,
  );
  return lintRevisions(revisions, { ...options, history });
}
