import type { CurrentState, RevisionGraph } from "@athanor/core";
import { readsCurrent } from "@athanor/core/graph";
import { current } from "@athanor/core/runner";
import { defineCommand } from "../command.js";
import type { Context } from "../context.js";
import { RevisionView } from "../format/revision-view.js";
import { selectRevisions } from "../graph-view/graph-model.js";
import {
  HISTORY_GRAPH_FLAGS,
  type HistoryGraphOptions,
  historyGraph,
  marksOf,
} from "../graph-view/history-graph.js";
import { printJson, printLines } from "../output.js";
import { loadProject } from "../project/load-project.js";

interface HistoryOptions extends HistoryGraphOptions {
  revRange?: string;
  graph?: boolean;
  verbose?: boolean;
  indicateCurrent?: boolean;
  json?: boolean;
}

/**
 * `athanor history [-r START:END] [--verbose] [-i] [--json]`: revisions newest first, each as
 * `parent -> id (markers), message`, with branch points and merge points marked. `-i` asks the
 * database which revisions are applied and marks them `(current)` (in the version table) or
 * `(applied)`. A range that reads the database's heads (`current:`, `-2:`, `current-1:`) connects
 * too, without marking; any other `history` stays database-free.
 * `--graph` draws the same revisions in lanes (`graph-view/`), with `-i` telling applied from pending.
 */
export default defineCommand<HistoryOptions>({
  name: "history",
  summary: "List revisions newest first, marking heads, branch points and merge points",
  json: true,
  options: [
    {
      flags: "-r, --rev-range <range>",
      description: "only revisions in START:END (either side optional), e.g. base:head, ae10:",
    },
    { flags: "-v, --verbose", description: "show full entries" },
    {
      flags: "-i, --indicate-current",
      description: "mark revisions applied to the database (connects to it)",
    },
    ...HISTORY_GRAPH_FLAGS,
  ],
  async run(ctx, { options, configPath }) {
    const rangeReadsCurrent = options.revRange !== undefined && readsCurrent(options.revRange);
    if (options.indicateCurrent !== true && !rangeReadsCurrent) {
      const { graph } = await loadProject(ctx, configPath);
      printHistory(ctx, graph, options, undefined, []);
      return;
    }
    // imported here so plain `history` never loads the database layer
    const { withDatabaseRun } = await import("../database/open-database-run.js");
    await withDatabaseRun(ctx, configPath, { mustExist: true }, async ({ graph, migration }) => {
      const state = await current(migration);
      printHistory(ctx, graph, options, options.indicateCurrent === true ? state : undefined, state.heads);
    });
  },
});

function printHistory(
  ctx: Context,
  graph: RevisionGraph,
  options: HistoryOptions,
  state: CurrentState | undefined,
  currentHeads: readonly string[],
): void {
  if (options.graph === true) {
    const drawn = historyGraph(
      graph,
      options,
      ctx,
      state === undefined ? undefined : marksOf(state),
      ctx.json,
      currentHeads,
    );
    if ("json" in drawn) printJson(ctx, drawn.json);
    else printLines(ctx, drawn.lines);
    return;
  }
  const rows = new Set(state?.heads);
  const applied = new Set(state?.applied);
  const markers = (id: string) => (rows.has(id) ? ["current"] : applied.has(id) ? ["applied"] : []);
  const view = new RevisionView(graph, ctx, markers);
  const ids = selectRevisions(graph, options.revRange, currentHeads);
  if (options.json) {
    const revisions = ids.map((id) =>
      state === undefined
        ? view.json(id)
        : { ...view.json(id), isApplied: applied.has(id), isCurrent: rows.has(id) },
    );
    printJson(ctx, {
      range: options.revRange ?? null,
      ...(state === undefined ? {} : { current: state.heads }),
      revisions,
    });
  } else printLines(ctx, options.verbose ? view.logEntries(ids) : ids.map((id) => view.historyLine(id)));
}
