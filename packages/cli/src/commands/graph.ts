import type { RevisionGraph } from "@athanor/core";
import { readsCurrent } from "@athanor/core/graph";
import { current } from "@athanor/core/runner";
import { defineCommand } from "../command.js";
import type { Context } from "../context.js";
import { renderDot } from "../graph-view/dot-graph.js";
import { buildGraphModel, type DatabaseMarks, selectRevisions } from "../graph-view/graph-model.js";
import { marksOf } from "../graph-view/history-graph.js";
import { renderMermaid } from "../graph-view/mermaid-graph.js";
import { printJson, printLines } from "../output.js";
import { loadProject } from "../project/load-project.js";

const FORMATS = ["mermaid", "dot"] as const;

interface GraphOptions {
  format?: (typeof FORMATS)[number];
  revRange?: string;
  indicateCurrent?: boolean;
  json?: boolean;
}

/**
 * `athanor graph [--format mermaid|dot] [-r RANGE] [-i] [--json]`: the revision graph as a
 * Mermaid flowchart (paste into a pull request or README) or Graphviz DOT
 * (`athanor graph --format dot | dot -Tsvg > history.svg`). `-i` asks the database and styles
 * applied, pending and current revisions. `--json` wraps the text as `{ format, text }`.
 */
export default defineCommand<GraphOptions>({
  name: "graph",
  summary: "Export the revision graph as Mermaid or Graphviz DOT",
  json: true,
  options: [
    { flags: "-f, --format <format>", description: "mermaid (default) or dot", choices: FORMATS },
    {
      flags: "-r, --rev-range <range>",
      description: "only revisions in START:END (either side optional), e.g. cart@base:cart@head",
    },
    {
      flags: "-i, --indicate-current",
      description: "style applied, pending and current revisions (connects to the database)",
    },
  ],
  async run(ctx, { options, configPath }) {
    const rangeReadsCurrent = options.revRange !== undefined && readsCurrent(options.revRange);
    if (options.indicateCurrent !== true && !rangeReadsCurrent) {
      const { graph } = await loadProject(ctx, configPath);
      printGraph(ctx, graph, options, undefined, []);
      return;
    }
    // imported here so a plain export never loads the database layer
    const { withDatabaseRun } = await import("../database/open-database-run.js");
    await withDatabaseRun(ctx, configPath, { mustExist: true }, async ({ graph, migration }) => {
      const state = await current(migration);
      printGraph(
        ctx,
        graph,
        options,
        options.indicateCurrent === true ? marksOf(state) : undefined,
        state.heads,
      );
    });
  },
});

function printGraph(
  ctx: Context,
  graph: RevisionGraph,
  options: GraphOptions,
  marks: DatabaseMarks | undefined,
  currentHeads: readonly string[],
): void {
  const format = options.format ?? "mermaid";
  const model = buildGraphModel(graph, selectRevisions(graph, options.revRange, currentHeads), { marks });
  const lines = format === "dot" ? renderDot(model) : renderMermaid(model);
  if (options.json) printJson(ctx, { format, text: `${lines.join("\n")}\n` });
  else printLines(ctx, lines);
}
