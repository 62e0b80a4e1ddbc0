import { AthanorError } from "../errors.js";
import { inertText } from "./inert-text.js";

// A name (table, column, index, constraint …) may hold any character its server stores, but
// athanor prints the SQL it writes: `upgrade --sql` goes out byte for byte, to a file or a pipe
// and then to whoever reads it. These are the characters a terminal acts on instead of showing:
// C0 controls other than tab and line feed (ESC starts a sequence, BEL ends a window title, CR
// overwrites the line), DEL and the C1 controls (U+009B is a CSI on its own). Tab and line feed
// only lay text out, as they do everywhere athanor prints. PostgreSQL writes such a name in its
// escaped form (U&"…"); MySQL and SQLite have none and refuse the name.

/** The class (for a RegExp `[...]`) of characters a name cannot carry raw into SQL. */
export const NAME_CONTROL_CHARACTERS = "\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f";
const NAME_CONTROL = new RegExp(`[${NAME_CONTROL_CHARACTERS}]`);

/**
 * True when `name` holds a character a terminal acts on (see {@link NAME_CONTROL_CHARACTERS}).
 *
 * @example
 * ```ts
 * hasNameControlCharacters("t\x1b]0;title\x07"); // true
 * hasNameControlCharacters("line\nbreak"); // false
 * ```
 */
export function hasNameControlCharacters(name: string): boolean {
  return NAME_CONTROL.test(name);
}

/**
 * Throws ATHANOR_INVALID_IDENTIFIER when `name` holds a character of
 * {@link NAME_CONTROL_CHARACTERS}, for a dialect that has no escaped form of a quoted name: the
 * message shows the name escaped, and nothing is rendered from it.
 *
 * @example
 * ```ts
 * refuseNameControlCharacters("t\x1b[2J", { dialect: "mysql", label: "MySQL" });
 * // throws: Cannot use "t\x1b[2J" as a MySQL name: it holds a control character …
 * ```
 */
export function refuseNameControlCharacters(
  name: string,
  { dialect, label }: { readonly dialect: string; readonly label: string },
): void {
  if (!NAME_CONTROL.test(name)) return;
  const shown = inertText(name);
  throw new AthanorError(
    "ATHANOR_INVALID_IDENTIFIER",
    `Cannot use "${shown}" as a ${label} name: it holds a control character (shown escaped), which ${label} cannot write escaped in a quoted name, and printed raw it would drive the terminal that shows the SQL. Rename it without control characters (a revision's own SQL, op.execute, can still name it).`,
    { name: shown, dialect },
  );
}
