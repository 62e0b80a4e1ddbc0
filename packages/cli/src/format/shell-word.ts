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
 * Revision ids (space-separated) as words of a suggested command line: each one shell word
 * (shellWord), since an id may hold `$`, `(`, `<` or a backquote and the version table's ids are
 * the database's text. Never a placeholder: an id may be spelled `<$(touch x)>`, so a placeholder
 * comes apart from ids (core's `placeholder`) and is printed as it is.
 */
export function revisionWords(revisions: string): string {
  return revisions.split(" ").map(revisionWord).join(" ");
}

/** One revision id or target (`a1@head`) as a shell word; a relative target (`-1`) as it is. */
export function revisionWord(id: string): string {
  return /^[-+]\d+$/.test(id) ? id : shellWord(id);
}

/** The ids of a stamp as shell words, or its placeholder (`<heads>`) as it is. */
export function stampWords(step: {
  readonly revisions?: string | undefined;
  readonly placeholder?: string | undefined;
}): string {
  if (step.revisions !== undefined) return ` ${revisionWords(step.revisions)}`;
  return step.placeholder === undefined ? "" : ` ${step.placeholder}`;
}
