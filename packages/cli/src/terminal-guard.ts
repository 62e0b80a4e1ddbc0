import { CONTROL_CHARACTERS, escapeControlCharacter } from "@athanor/core/text";

// Everything athanor prints for people passes through here, so text from revision files, the
// database or the command line cannot drive the terminal: no cursor moves, line overwrites
// (`\r`), screen clears, title or hyperlink escapes, C1 controls or bidi overrides. Line breaks
// and tabs stay (athanor's own layout; single-line fields are made inert where they are
// formatted), and so do, when colours are on, the colour codes athanor writes itself (colors.ts):
// those exactly, so text that carries others (conceal, blink, 256 colours) is shown escaped.
const ESC = "\\x1b";
const OWN_COLOURS = `${ESC}\\[(?:1|2|22|3[1-6]|39)m`;
const UNSAFE = new RegExp(`${OWN_COLOURS}|(?![\\n\\t])[${CONTROL_CHARACTERS}]`, "g");

/** Something text can be written to: `process.stdout`, or a buffer in tests. */
export interface Writer {
  write(text: string): unknown;
}
/**
 * Escapes terminal control characters in `text`, keeping `\n`, `\t` and (with `color`) SGR
 * colour sequences. JSON output passes unchanged in meaning: the escapes are valid inside JSON
 * strings, and JSON.stringify never leaves a raw C0 character.
 *
 * @example
 * ```ts
 * terminalSafe("ok\r\x1b[2Kfaked", { color: false }); // "ok\\r\\x1b[2Kfaked"
 * ```
 */
export function terminalSafe(text: string, { color }: { color: boolean }): string {
  return text.replace(UNSAFE, (match) =>
    match.length > 1 ? (color ? match : escapeSgr(match)) : escapeControlCharacter(match),
  );
}

function escapeSgr(sequence: string): string {
  return `\\x1b${sequence.slice(1)}`;
}

/**
 * A writer that passes everything through {@link terminalSafe} before `target` sees it.
 *
 * @example
 * ```ts
 * const out = guardedWriter(process.stdout, { color: false });
 * ```
 */
export function guardedWriter(target: Writer, options: { color: boolean }): Writer {
  return { write: (text: string) => target.write(terminalSafe(text, options)) };
}

/**
 * A SQL script as shown on a terminal (`upgrade --sql` with stdout a terminal): every control
 * character escaped, colour codes too (athanor colours no SQL), and — only when something was
 * escaped — a first comment line saying so, since `\x1b` inside a quoted name or string is not
 * the byte the script holds. Written to a file or a pipe, the script is never passed here.
 *
 * @example
 * ```ts
 * terminalSql('CREATE TABLE "t\x1b[2J";\n');
 * // "-- athanor: control characters … shown escaped …\nCREATE TABLE \"t\\x1b[2J\";\n"
 * ```
 */
export function terminalSql(script: string): string {
  const shown = terminalSafe(script, { color: false });
  return shown === script ? script : `${ESCAPED_SQL_NOTICE}\n${shown}`;
}

/** The first line of a script {@link terminalSql} had to escape. */
export const ESCAPED_SQL_NOTICE =
  "-- athanor: control characters in this script are shown escaped (\\x1b, \\r, …) because stdout is a terminal; redirect it to a file or a pipe for the exact SQL";
