import type { GraphModel, GraphNode } from "./graph-model.js";
import { nodeCaption } from "./node-caption.js";

/**
 * The graph in Graphviz DOT (`dot -Tsvg graph.dot > graph.svg`): bases at the bottom
 * (`rankdir=BT`), arrows in upgrade direction, depends-on edges dashed and labelled, merge points
 * as hexagons, branch points as ellipses, phases as fill colours; when the database was asked,
 * pending revisions get a dashed outline and current heads a thick green one. Every id and
 * caption is a quoted, escaped DOT string.
 *
 * @example
 * ```ts
 * renderDot(model).join("\n");
 * // digraph athanor {
 * //   rankdir=BT;
 * //   ...
 * ```
 */
export function renderDot(model: GraphModel): string[] {
  const lines = [
    "digraph athanor {",
    "  rankdir=BT;",
    '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica", fontsize=11];',
    '  edge [color="#5f6368", arrowsize=0.7, fontname="Helvetica"];',
  ];
  for (const node of [...model.nodes].reverse()) lines.push(`  ${dotString(node.id)} [${attributes(node)}];`);
  for (const edge of model.edges) {
    const style =
      edge.kind === "parent" ? "" : ' [style=dashed, color="#9334e6", label="depends on", fontsize=9]';
    lines.push(`  ${dotString(edge.from)} -> ${dotString(edge.to)}${style};`);
  }
  lines.push("}");
  return lines;
}

/**
 * A DOT quoted string: backslashes and quotes escaped, line breaks as DOT's `\n`.
 *
 * @example
 * ```ts
 * dotString('say "hi"'); // "\"say \\\"hi\\\"\""
 * ```
 */
export function dotString(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\r?\n/g, "\\n")}"`;
}

function attributes(node: GraphNode): string {
  const { title, message } = nodeCaption(node);
  const attrs = [`label=${dotString(message === "" ? title : `${title}\n${message}`)}`];
  if (node.isMergePoint) attrs.push("shape=hexagon");
  else if (node.isBranchPoint) attrs.push("shape=ellipse");
  if (node.phase !== undefined) attrs.push(`fillcolor=${dotString(PHASE_FILL[node.phase])}`);
  if (node.state === "pending") attrs.push(`style=${dotString("rounded,filled,dashed")}`);
  if (node.current) attrs.push('color="#188038"', "penwidth=3");
  else if (node.state === "applied") attrs.push("penwidth=2");
  return attrs.join(", ");
}

const PHASE_FILL = { expand: "#e6f4ea", migrate: "#e8f0fe", contract: "#fce8e6" } as const;
