import type { Charset } from "./charset.js";
import type { LayoutRow } from "./lane-layout.js";

/** One character of the lane drawing and the lane it belongs to (for colouring). */
export interface LaneCell {
  readonly char: string;
  readonly lane: number;
}

/**
 * Draws one layout row's lane area as cells, two per lane (the lane, then the gap to its
 * right). A node row leaves its node cell as `node` for the caller to fill in. Trailing blanks
 * are dropped from connector rows.
 *
 * @example
 * ```ts
 * laneCells({ kind: "fork", lane: 0, to: [1], active: [true, true] }, CHARSETS.ascii)
 *   .map((c) => c.char).join(""); // "|\\"
 * ```
 */
export function laneCells(row: LayoutRow, charset: Charset, node = "*"): LaneCell[] {
  const cells: LaneCell[] = [];
  if (row.kind === "node") {
    for (let i = 0; i < row.width; i++) {
      const char = i === row.lane ? node : row.active[i] ? charset.vertical : " ";
      cells.push({ char, lane: i }, { char: " ", lane: i });
    }
    return cells;
  }
  const targets = new Set(row.kind === "join" ? row.from : row.to);
  const last = Math.max(...targets);
  const draw = charset.name === "unicode" ? unicodeConnector : asciiConnector;
  for (let i = 0; i <= Math.max(last, row.active.length - 1); i++) {
    // A horizontal run belongs to the lane that travels along it: the next target rightwards.
    const owner = i < row.lane || i > last ? i : nextTarget(targets, i);
    const [cell, gap] = draw({
      kind: row.kind,
      i,
      lane: row.lane,
      last,
      targets,
      active: row.active[i] === true,
    });
    cells.push({ char: cell, lane: owner }, { char: gap, lane: nextTarget(targets, i + 1) });
  }
  while (cells.length > 0 && cells[cells.length - 1]?.char === " ") cells.pop();
  return cells;
}

/** Where lane `i` stands relative to a connector running from `lane` to `last`. */
interface Span {
  readonly kind: "join" | "fork";
  readonly i: number;
  readonly lane: number;
  readonly last: number;
  readonly targets: ReadonlySet<number>;
  readonly active: boolean;
}

// Box drawing: the corner sits on the target lane itself, e.g. `├─┼─╯`.
function unicodeConnector({ kind, i, lane, last, targets, active }: Span): [string, string] {
  if (i < lane || i > last) return [active ? "│" : " ", " "];
  if (i === lane) return ["├", "─"];
  if (i === last) return [kind === "join" ? "╯" : "╮", " "];
  if (targets.has(i)) return [kind === "join" ? "┴" : "┬", "─"];
  return [active ? "┼" : "─", "─"];
}

// git's style: the slant sits in the gap left of the target lane, e.g. `|/`, `|\`, `|_|/`.
function asciiConnector({ kind, i, lane, last, targets, active }: Span): [string, string] {
  const run = kind === "join" ? "_" : "-";
  const slant = kind === "join" ? "/" : "\\";
  if (i < lane || i > last) return [active ? "|" : " ", " "];
  const gap = i === last ? " " : targets.has(i + 1) ? slant : run;
  if (i === lane) return ["|", gap];
  if (targets.has(i)) return [i === last ? " " : run, gap];
  return [active ? "|" : run, gap];
}

function nextTarget(targets: ReadonlySet<number>, from: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (const t of targets) if (t >= from && t < best) best = t;
  return Number.isFinite(best) ? best : from;
}
