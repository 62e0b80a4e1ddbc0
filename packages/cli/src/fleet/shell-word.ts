import { inertText } from "@athanor/core/text";

// Words a POSIX shell (and PowerShell, cmd) reads as themselves: nothing to expand, split or glob.
const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * One word of a suggested command line, as a POSIX shell reads it back: left bare when it is
 * plain, else in single quotes (a `'` inside as `'\''`), so a tenant named `a; rm -rf ~` or
 * `$(touch x)` is one argument when the advice is pasted, never a command. A name never holds a
 * control character (refused when the fleet is read); `inertText` keeps the terminal safe anyway.
 *
 * @example
 * ```ts
 * shellWord("eu-1");          // eu-1
 * shellWord("it's $(x)");     // 'it'\''s $(x)'
 * ```
 */
export function shellWord(text: string): string {
  if (PLAIN.test(text) && !text.startsWith("-")) return text;
  return inertText(`'${text.replaceAll("'", `'\\''`)}'`);
}
