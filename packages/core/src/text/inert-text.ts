// Text that athanor did not write itself — revision messages, ids, labels, file names, host and
// user names — reaches SQL comments and terminals. There it must stay inert: it cannot end a SQL
// line comment (and so become a statement), move the cursor, recolour or overwrite a line, or
// reorder what is displayed. One escaping rule serves both places.

/**
 * The class (for a RegExp `[...]`) of characters that change how text is parsed or displayed rather than being shown: C0 controls
 * (tab and newline included), DEL, C1 controls, the Unicode line and paragraph separators and
 * the bidirectional overrides/isolates ("Trojan source").
 */
export const CONTROL_CHARACTERS =
  "\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069";
const CONTROL = new RegExp(`[${CONTROL_CHARACTERS}]`);
const CONTROL_ALL = new RegExp(`[${CONTROL_CHARACTERS}]`, "g");

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * The visible escape of one control character: `\n`, `\r`, `\t`, `\x1b`, `\u007f`, `\u202e`.
 * Only C0 controls take the `\x` form: JSON.stringify escapes those itself, so the terminal guard
 * meets them only in text, while DEL and above can stand raw inside a JSON string, where `\u`
 * is a valid escape (and `\x` is not).
 */
export function escapeControlCharacter(c: string): string {
  const named = NAMED[c];
  if (named !== undefined) return named;
  const code = c.charCodeAt(0);
  return code < 0x20
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * Makes any text one inert line: every control character (see above) becomes its visible
 * escape, everything else is kept. Use it wherever text from files, the command line or the
 * database is shown to a person or written into a SQL comment.
 *
 * @example
 * ```ts
 * inertText("add index\nDROP TABLE victim; --"); // "add index\\nDROP TABLE victim; --"
 * inertText("\x1b[2Jfake"); // "\\x1b[2Jfake"
 * ```
 */
export function inertText(text: string): string {
  return CONTROL.test(text) ? text.replace(CONTROL_ALL, escapeControlCharacter) : text;
}

/** True when `text` holds a character {@link inertText} would escape. */
export function hasControlCharacters(text: string): boolean {
  return CONTROL.test(text);
}

/**
 * A SQL line comment carrying `text` inertly, the same in every dialect: `-- ` (the space MySQL
 * requires) followed by the text on one line, so neither psql, the mariadb client nor a server
 * sees anything after it as SQL. (`--` comments end only at a line break, which
 * {@link inertText} escapes; backslash commands are not read inside them by either client.)
 *
 * @example
 * ```ts
 * sqlComment("Running upgrade a1: add index\nDROP TABLE victim; --");
 * // "-- Running upgrade a1: add index\\nDROP TABLE victim; --"
 * ```
 */
export function sqlComment(text: string): string {
  return `-- ${inertText(text)}`;
}
