import type { Phase } from "@athanor/core";
import { type Colors, createColors } from "../colors.js";
import type { Charset } from "./charset.js";
import type { GraphModel, GraphNode } from "./graph-model.js";
import { laneCells } from "./lane-cells.js";
import { type LaneLayout, layoutLanes } from "./lane-layout.js";

/** How to draw: the character set and whether ANSI colours may be used. */
export interface TerminalStyle {
  readonly charset: Charset;
  readonly color: boolean;
}

type Paint = (text: string) => string;

/**
 * Draws the graph for a terminal, one row per revision, newest first, like `git log --graph`:
 * lanes for concurrent branches, `|/` (or `├─╯`) where branches leave a branch point, `|\`
 * (or `├─╮`) below a merge point. Each row reads
 * `id (labels) [phase] (current) message ~> depends on id`. Applied revisions are `*`/`●`,
 * pending ones `o`/`○` (only when the database was asked). When `--limit` cut the list, a last
 * line says how many revisions were left out.
 *
 * @example
 * ```ts
 * renderTerminalGraph(model, { charset: CHARSETS.ascii, color: false });
 * // ["*   53ff6e4a9c01 merge cart into main", "|\\", "* | ae1027a6acf0 add a column", ...]
 * ```
 */
export function renderTerminalGraph(model: GraphModel, style: TerminalStyle, layout?: LaneLayout): string[] {
  const colors = createColors(style.color);
  const { charset } = style;
  const { rows, open } = layout ?? layoutLanes(model.nodes, model.selected);
  const paints = LANE_COLORS.map((pick) => pick(colors));
  const lanePaint = (lane: number): Paint => paints[lane % paints.length] as Paint;
  const lines: string[] = [];
  for (const row of rows) {
    const node = row.kind === "node" ? (model.nodes[row.node] as GraphNode) : undefined;
    const glyph = node === undefined ? "" : charset.node[node.state];
    const cells = laneCells(row, charset, glyph);
    let line = "";
    for (const cell of cells) {
      if (cell.char === " ") line += " ";
      else if (node !== undefined && cell.lane === row.lane && cell.char === glyph)
        line += paintNode(colors, node, lanePaint(cell.lane))(cell.char);
      else line += lanePaint(cell.lane)(cell.char);
    }
    lines.push(node === undefined ? line : line + rowText(node, charset, colors));
  }
  const hidden = model.total - model.nodes.length;
  if (hidden > 0) {
    const noun = hidden === 1 ? "revision" : "revisions";
    // The lanes that run on into the next page, so the cut reads as a cut, not as bases.
    const lanes = open.map((on, i) => (on ? lanePaint(i)(charset.vertical) : " ")).join(" ");
    const note = colors.dim(
      `${charset.more} ${hidden} older ${noun} not shown (--limit 0 shows all, -r START:END narrows)`,
    );
    lines.push(lanes === "" ? note : `${lanes} ${note}`);
  }
  return lines;
}

/**
 * The text after a row's lanes: `id (labels) [phase] (current) message ~> depends on x, y`.
 *
 * @example
 * ```ts
 * rowText(node, CHARSETS.unicode, createColors(false)); // "3b1f0c9d2e4a (cart) [expand] add cart items ⇢ depends on 55af2cb1c267"
 * ```
 */
export function rowText(node: GraphNode, charset: Charset, colors: Colors): string {
  const parts = [colors.yellow(node.id)];
  if (node.labels.length > 0) parts.push(colors.bold(colors.cyan(`(${node.labels.join(", ")})`)));
  if (node.phase !== undefined) parts.push(PHASE_COLORS[node.phase](colors)(`[${node.phase}]`));
  if (node.current) parts.push(colors.bold(colors.green("(current)")));
  if (node.message !== "") parts.push(node.message);
  if (node.dependsOn.length > 0)
    parts.push(colors.magenta(`${charset.dependsOn} depends on ${node.dependsOn.join(", ")}`));
  return parts.join(" ");
}

function paintNode(colors: Colors, node: GraphNode, lane: Paint): Paint {
  if (node.current) return (s) => colors.bold(colors.green(s));
  if (node.state === "applied") return colors.green;
  if (node.state === "pending") return colors.yellow;
  return lane;
}

const LANE_COLORS: readonly ((c: Colors) => Paint)[] = [
  (c) => c.red,
  (c) => c.green,
  (c) => c.yellow,
  (c) => c.blue,
  (c) => c.magenta,
  (c) => c.cyan,
];

const PHASE_COLORS: Readonly<Record<Phase, (c: Colors) => Paint>> = {
  expand: (c) => c.green,
  migrate: (c) => c.blue,
  contract: (c) => c.red,
};
