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

/**
 * Revision ids as words of a suggested command line: each one shell word (shellWord), since an id
 * may hold `$`, `(` or a backquote and the version table's ids are the database's text; a
 * placeholder (`<heads>`, `<revisions the database is at>`) is left for the user to replace.
 */
export function revisionWords(revisions: string): string {
  return isPlaceholder(revisions) ? revisions : revisions.split(" ").map(revisionWord).join(" ");
}

/** One revision id or target (`-1`, `a1@head`) as a shell word; a placeholder as it is. */
export function revisionWord(id: string): string {
  return isPlaceholder(id) || /^[-+]\d+$/.test(id) ? id : shellWord(id);
}

function isPlaceholder(text: string): boolean {
  return /^<[^<>]*>$/.test(text);
}
