import type { GraphNode } from "./graph-model.js";

/** Longest message shown inside a Mermaid or DOT box; longer ones end in `…`. */
export const CAPTION_MESSAGE_MAX = 48;

/**
 * The two lines of a box in an exported picture: `id (labels) [phase] (current)` and the
 * message, cut to {@link CAPTION_MESSAGE_MAX} characters. Unescaped: each format escapes it.
 *
 * @example
 * ```ts
 * nodeCaption(node); // { title: "3b1f0c9d2e4a (cart) [expand]", message: "add cart items" }
 * ```
 */
export function nodeCaption(node: GraphNode): { readonly title: string; readonly message: string } {
  const parts = [node.id.length > 12 ? `${node.id.slice(0, 12)}…` : node.id];
  if (node.labels.length > 0) parts.push(`(${node.labels.join(", ")})`);
  if (node.phase !== undefined) parts.push(`[${node.phase}]`);
  if (node.current) parts.push("(current)");
  const chars = [...node.message];
  const message =
    chars.length > CAPTION_MESSAGE_MAX
      ? `${chars.slice(0, CAPTION_MESSAGE_MAX - 1).join("")}…`
      : node.message;
  return { title: parts.join(" "), message };
}
