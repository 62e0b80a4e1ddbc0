import { NAME_CONTROL_CHARACTERS } from "./name-controls.js";

// Bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) reorder how the text after
// them is shown, so a file of SQL can read differently from what it runs ("Trojan Source",
// CVE-2021-42574). A terminal is not driven by them, so unlike the controls of
// NAME_CONTROL_CHARACTERS nothing is refused for them: quoted text is written escaped wherever the
// dialect has a spelling for it (PostgreSQL names and strings, MySQL and SQLite strings), and a
// MySQL or SQLite name, which has none, keeps them raw (a live table so named must stay droppable).

/** The class (for a RegExp `[...]`) of the bidirectional override and isolate characters. */
export const BIDI_CONTROL_CHARACTERS = "\\u202a-\\u202e\\u2066-\\u2069";

/**
 * The class of characters quoted text is written escaped for where the dialect can: the controls
 * a terminal acts on (refused where it cannot) and the bidirectional ones (then left raw).
 */
export const ESCAPED_CHARACTERS = `${NAME_CONTROL_CHARACTERS}${BIDI_CONTROL_CHARACTERS}`;
const ESCAPED = new RegExp(`[${ESCAPED_CHARACTERS}]`);

/**
 * True when `text` holds a character of {@link ESCAPED_CHARACTERS}.
 *
 * @example
 * ```ts
 * hasEscapedCharacters("admin\u202e"); // true
 * hasEscapedCharacters("a\x1b"); // true
 * hasEscapedCharacters("plain"); // false
 * ```
 */
export function hasEscapedCharacters(text: string): boolean {
  return ESCAPED.test(text);
}
