import { CONTROL_CHARACTERS, escapeControlCharacter, inertText } from "@athanor/core/text";

/** A value the printer can write: JSON data (undefined entries are skipped). */
export type Literal =
  | null
  | boolean
  | number
  | string
  | undefined
  | readonly Literal[]
  | { readonly [key: string]: Literal };

const INVISIBLE_ALL = new RegExp(`[${CONTROL_CHARACTERS}]`, "g");

/**
 * A `// TAG(athanor): text` line of generated code. Text from the database (a table's name) must
 * not end the comment: besides \n, JavaScript ends a line comment at \r, U+2028 and U+2029, and
 * what followed ran as code when the revision loaded. Line breaks become spaces; every other
 * control character (those too) its visible escape.
 *
 * @example
 * ```ts
 * athanorComment("WARNING", "drops table evil\rprocess.exit()"); // "// WARNING(athanor): drops table evil\\rprocess.exit()"
 * ```
 */
export function athanorComment(tag: string, text: string): string {
  return `// ${tag}(athanor): ${inertText(text.replaceAll("\n", " "))}`;
}

/** Biome's line width, the repository's and the generated files'. */
export const LINE_WIDTH = 110;
const INDENT = "  ";

/**
 * A string literal as Biome writes it: double quotes, unless single quotes need fewer escapes.
 *
 * @example
 * ```ts
 * jsString('say "hi"'); // 'say "hi"'
 * ```
 */
export function jsString(value: string): string {
  // JSON.stringify escapes C0 controls only; line separators, C1 controls and bidi overrides
  // would reach the file as they are (a "Trojan source" in a name read from a database)
  const json = JSON.stringify(value).replace(INVISIBLE_ALL, escapeControlCharacter);
  const doubles = value.split('"').length - 1;
  const singles = value.split("'").length - 1;
  if (doubles <= singles) return json;
  const inner = json.slice(1, -1).replace(/\\"|'/g, (m) => (m === '\\"' ? '"' : "\\'"));
  return `'${inner}'`;
}

function jsKey(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : jsString(key);
}

function entries(value: { readonly [key: string]: Literal }): [string, Literal][] {
  return Object.entries(value).filter(([, v]) => v !== undefined);
}

function isObject(value: Literal): value is { readonly [key: string]: Literal } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value on one line: `{ a: 1, b: ["x"] }`. */
export function inline(value: Literal): string {
  if (value === undefined) return "undefined";
  if (typeof value === "string") return jsString(value);
  if (value === null || typeof value !== "object") return String(value);
  if (Array.isArray(value)) return `[${value.map(inline).join(", ")}]`;
  const parts = entries(value as { readonly [key: string]: Literal }).map(
    ([k, v]) => `${jsKey(k)}: ${inline(v)}`,
  );
  return parts.length === 0 ? "{}" : `{ ${parts.join(", ")} }`;
}

/**
 * The value formatted to fit `LINE_WIDTH`, starting at `column` on a line indented `level`
 * steps, with `suffix` (`,` or `);`) following it: inline when it fits, otherwise one entry
 * per line with trailing commas (Biome style).
 *
 * @example
 * ```ts
 * format({ columns: [...] }, 0, 20, ");");
 * ```
 */
export function format(value: Literal, level: number, column: number, suffix: string): string {
  const flat = inline(value);
  if (column + flat.length + suffix.length <= LINE_WIDTH || value === null || typeof value !== "object")
    return flat;
  const pad = INDENT.repeat(level + 1);
  const close = INDENT.repeat(level);
  if (Array.isArray(value)) {
    const items = (value as readonly Literal[]).map((v) => `${pad}${format(v, level + 1, pad.length, ",")},`);
    return `[\n${items.join("\n")}\n${close}]`;
  }
  const lines = entries(value as { readonly [key: string]: Literal }).map(([k, v]) => {
    const head = `${pad}${jsKey(k)}: `;
    return `${head}${format(v, level + 1, head.length, ",")},`;
  });
  return `{\n${lines.join("\n")}\n${close}}`;
}

/**
 * One statement calling `callee` with `args`, laid out like Biome: on one line if it fits,
 * else with the last object or array argument broken open ("hugged"), else one argument per line.
 *
 * @example
 * ```ts
 * formatCall("op.addColumn", ["users", { name: "bio", type: "text" }]); // op.addColumn("users", { name: "bio", type: "text" });
 * ```
 */
export function formatCall(callee: string, args: readonly Literal[]): string {
  const flat = `${callee}(${args.map(inline).join(", ")});`;
  if (flat.length <= LINE_WIDTH) return flat;
  const last = args.at(-1);
  const head = `${callee}(${args
    .slice(0, -1)
    .map((a) => `${inline(a)}, `)
    .join("")}`;
  if (isObject(last) || Array.isArray(last)) {
    if (head.length + 1 <= LINE_WIDTH) return `${head}${format(last as Literal, 0, LINE_WIDTH, ");")});`;
  }
  const lines = args.map((a) => `${INDENT}${format(a, 1, INDENT.length, ",")},`);
  return `${callee}(\n${lines.join("\n")}\n);`;
}
