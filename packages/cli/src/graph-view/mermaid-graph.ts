import type { GraphModel, GraphNode } from "./graph-model.js";
import { nodeCaption } from "./node-caption.js";

/**
 * The graph as a Mermaid `flowchart` (bases at the bottom, arrows in upgrade direction), for a
 * pull request or a README. Node keys are `rev_<id>` (characters Mermaid would misread are
 * written `_xHH_`); captions are quoted with `"`, `#`, `<`, `>`, `&` and backticks written as
 * Mermaid entities, so no message can break the chart. Depends-on edges are dotted (`-.->`),
 * merge points are hexagons and branch points stadiums; `classDef`s colour the phases and,
 * when the database was asked, tell applied from pending and mark the current heads.
 *
 * @example
 * ```ts
 * renderMermaid(model).join("\n");
 * // flowchart BT
 * //   rev_1975ea83b712["1975ea83b712<br/>create account table"]
 * //   ...
 * ```
 */
export function renderMermaid(model: GraphModel): string[] {
  const lines = ["flowchart BT"];
  // Oldest first, so Mermaid's own layout meets the bases before their children.
  const nodes = [...model.nodes].reverse();
  for (const node of nodes) lines.push(`  ${mermaidKey(node.id)}${shape(node)}`);
  for (const edge of model.edges) {
    const arrow = edge.kind === "parent" ? "-->" : "-. depends on .->";
    lines.push(`  ${mermaidKey(edge.from)} ${arrow} ${mermaidKey(edge.to)}`);
  }
  const classes = new Map<string, string[]>();
  for (const node of nodes) {
    for (const name of classesOf(node))
      classes.set(name, [...(classes.get(name) ?? []), mermaidKey(node.id)]);
  }
  for (const [name, style] of Object.entries(CLASS_STYLES)) {
    if (classes.has(name)) lines.push(`  classDef ${name} ${style}`);
  }
  for (const [name, keys] of classes) lines.push(`  class ${keys.join(",")} ${name}`);
  return lines;
}

/**
 * A revision id as a Mermaid node key: `rev_` plus the id, with anything but letters and digits
 * (`_` included) written `_xHH_` so keys stay unique and never collide with keywords like `end`.
 *
 * @example
 * ```ts
 * mermaidKey("ae10"); // "rev_ae10"
 * mermaidKey("v1.2"); // "rev_v1_x2e_2"
 * ```
 */
export function mermaidKey(id: string): string {
  return `rev_${id.replace(/[^A-Za-z0-9]/g, (c) => `_x${c.codePointAt(0)?.toString(16)}_`)}`;
}

/**
 * Text made safe inside a quoted Mermaid label.
 *
 * @example
 * ```ts
 * escapeMermaid('say "hi" <b>'); // "say #quot;hi#quot; #lt;b#gt;"
 * ```
 */
export function escapeMermaid(text: string): string {
  return text.replace(/[#"<>&`%]/g, (c) => MERMAID_ENTITIES[c] ?? c);
}

const MERMAID_ENTITIES: Readonly<Record<string, string>> = {
  "#": "#35;",
  '"': "#quot;",
  "<": "#lt;",
  ">": "#gt;",
  "&": "#amp;",
  "`": "#96;",
  // Mermaid reads `%%` anywhere as a comment (to the end of the line) or a `%%{…}%%` directive
  "%": "#37;",
};

function shape(node: GraphNode): string {
  const { title, message } = nodeCaption(node);
  const text = `"${escapeMermaid(title)}${message === "" ? "" : `<br/>${escapeMermaid(message)}`}"`;
  if (node.isMergePoint) return `{{${text}}}`;
  if (node.isBranchPoint) return `([${text}])`;
  return `[${text}]`;
}

function classesOf(node: GraphNode): string[] {
  const names: string[] = [];
  if (node.phase !== undefined) names.push(node.phase);
  if (node.state !== "unknown") names.push(node.state);
  if (node.current) names.push("current");
  return names;
}

const CLASS_STYLES: Readonly<Record<string, string>> = {
  expand: "fill:#e6f4ea,stroke:#1e8e3e",
  migrate: "fill:#e8f0fe,stroke:#1a73e8",
  contract: "fill:#fce8e6,stroke:#d93025",
  applied: "stroke-width:2px",
  pending: "stroke-dasharray:4 3",
  current: "stroke:#188038,stroke-width:4px",
};
