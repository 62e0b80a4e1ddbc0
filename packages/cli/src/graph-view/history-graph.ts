import type { RevisionGraph } from "@athanor/core";
import { AthanorError } from "@athanor/core/errors";
import type { OptionDefinition } from "../command.js";
import { chooseCharset } from "./charset.js";
import { type GraphJson, graphJson } from "./graph-json.js";
import { buildGraphModel, type DatabaseMarks, selectRevisions } from "./graph-model.js";
import { layoutLanes } from "./lane-layout.js";
import { renderTerminalGraph } from "./terminal-graph.js";

/** Rows `history --graph` prints on a terminal unless `--limit` says otherwise. */
export const TTY_ROW_LIMIT = 200;

/** The options `history` gains for `--graph`. */
export interface HistoryGraphOptions {
  readonly revRange?: string | undefined;
  readonly limit?: string | undefined;
  readonly ascii?: boolean | undefined;
  readonly unicode?: boolean | undefined;
}

/** The command-line flags behind {@link HistoryGraphOptions}, plus `--graph` itself. */
export const HISTORY_GRAPH_FLAGS: readonly OptionDefinition[] = [
  { flags: "-g, --graph", description: "draw the graph with lanes, like git log --graph" },
  {
    flags: "-n, --limit <rows>",
    description: `with --graph: draw at most this many revisions (default ${TTY_ROW_LIMIT} on a terminal, all when piped; 0 = all)`,
  },
  { flags: "--ascii", description: "with --graph: plain ASCII lines (the default when piped)" },
  { flags: "--unicode", description: "with --graph: box-drawing lines even when piped" },
];

/** Where the drawing goes: enough of the Context to pick characters, colours and page size. */
export interface Terminal {
  readonly isTTY: boolean;
  readonly color: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * What `history --graph` prints: the lane drawing as lines, or the nodes-and-edges document for
 * `--json`. Pure; the command prints it.
 *
 * @example
 * ```ts
 * historyGraph(graph, { limit: "20" }, terminal, undefined, false); // { lines: ["*   53ff…", …] }
 * ```
 */
export function historyGraph(
  graph: RevisionGraph,
  options: HistoryGraphOptions,
  terminal: Terminal,
  marks: DatabaseMarks | undefined,
  json: boolean,
  current: readonly string[] = [],
): { readonly lines: readonly string[] } | { readonly json: GraphJson } {
  const limit = parseLimit(options.limit, terminal.isTTY && !json);
  const model = buildGraphModel(graph, selectRevisions(graph, options.revRange, current), {
    limit,
    marks,
  });
  const layout = layoutLanes(model.nodes, model.selected);
  if (json) return { json: graphJson(model, layout, options.revRange ?? null) };
  const charset = chooseCharset(options, terminal);
  return { lines: renderTerminalGraph(model, { charset, color: terminal.color }, layout) };
}

/**
 * `--limit` as a row count: 0 means all; absent means {@link TTY_ROW_LIMIT} for a person at a
 * terminal and all for a pipe (a script or `less` wants the whole history). Throws ATHANOR_USAGE
 * for anything but a whole number.
 *
 * @example
 * ```ts
 * parseLimit(undefined, true); // 200
 * parseLimit("0", true);       // 0 (all)
 * ```
 */
export function parseLimit(text: string | undefined, paged: boolean): number {
  if (text === undefined) return paged ? TTY_ROW_LIMIT : 0;
  if (!/^\d+$/.test(text.trim())) {
    throw new AthanorError(
      "ATHANOR_USAGE",
      `--limit takes a whole number of revisions, not '${text}'. Use e.g. --limit 50, or --limit 0 for the whole history.`,
      { option: "--limit", value: text },
    );
  }
  return Number.parseInt(text, 10);
}

/**
 * The marks of a `current()` reading (`@athanor/core`): applied revisions and version-table rows.
 *
 * @example
 * ```ts
 * marksOf(await current(migration)).currentHeads.has("53ff6e4a9c01"); // true at head
 * ```
 */
export function marksOf(state: {
  readonly heads: readonly string[];
  readonly applied: readonly string[];
}): DatabaseMarks {
  return { applied: new Set(state.applied), currentHeads: new Set(state.heads) };
}
