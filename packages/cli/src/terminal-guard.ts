import { CONTROL_CHARACTERS, escapeControlCharacter } from "@athanor/core/text";

// Everything athanor prints for people passes through here, so text from revision files, the
// database or the command line cannot drive the terminal: no cursor moves, line overwrites
// (`\r`), screen clears, title or hyperlink escapes, C1 controls or bidi overrides. Line breaks
// and tabs stay (athanor's own layout; single-line fields are made inert where they are
// formatted), and so do colour codes when colours are on — athanor writes those itself.
const ESC = "\\x1b";
const UNSAFE = new RegExp(`${ESC}\\[[0-9;]*m|(?![\\n\\t])[${CONTROL_CHARACTERS}]`, "g");

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
