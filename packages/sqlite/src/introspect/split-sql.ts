const DASH = 45; // -
const OPEN = 40; // (
const CLOSE = 41; // )
const SLASH = 47; // /
const STAR = 42; // *

/** `'`, `"`, `` ` `` or `[`: a string literal or a quoted identifier starts. */
function isQuote(ch: number): boolean {
  return ch === 39 || ch === 34 || ch === 96 || ch === 91;
}

/**
 * Splits `text` at the top-level occurrences of `separator` (outside parentheses, quotes and
 * `--` and `/* *\/` comments), trimming each part: the clauses of a CREATE TABLE body, the keys of an index.
 *
 * @example
 * ```ts
 * splitTopLevel(`a int, CHECK (a IN (1, 2)), "b,c" text`, ","); // ["a int", "CHECK (a IN (1, 2))", "\"b,c\" text"]
 * ```
 */
export function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  const single = separator.length === 1 ? separator.charCodeAt(0) : -1;
  let depth = 0;
  let start = 0;
  // char codes, not one-letter strings: this runs over every CREATE statement a check reads
  for (let i = 0; i < text.length; i++) {
    const skipped = skipQuotedOrComment(text, i);
    if (skipped !== -1) {
      i = skipped;
      continue;
    }
    const ch = text.charCodeAt(i);
    if (ch === OPEN) depth++;
    else if (ch === CLOSE) depth--;
    else if (depth === 0 && (single === -1 ? text.startsWith(separator, i) : ch === single)) {
      parts.push(text.slice(start, i).trim());
      start = i + separator.length;
      i = start - 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.filter((p) => p !== "");
}

/**
 * The index of the last character of the comment (`--` to the end of its line, `/* … *\/`)
 * starting at `i`, or -1 when none starts there.
 */
export function commentEnd(text: string, i: number): number {
  const ch = text.charCodeAt(i);
  if (ch === DASH && text.charCodeAt(i + 1) === DASH) {
    const end = text.indexOf("\n", i);
    return end === -1 ? text.length - 1 : end;
  }
  if (ch === SLASH && text.charCodeAt(i + 1) === STAR) {
    const end = text.indexOf("*/", i + 2);
    return end === -1 ? text.length - 1 : end + 1;
  }
  return -1;
}

/**
 * The index of the last character of the string literal, quoted identifier or comment starting
 * at `i`, or -1 when none starts there: what every scanner of stored SQL steps over.
 */
export function skipQuotedOrComment(text: string, i: number): number {
  return isQuote(text.charCodeAt(i)) ? skipQuoted(text, i) : commentEnd(text, i);
}

/**
 * The index of the quote closing the one at `open` (a doubled quote is an escaped one), or the
 * text's length when none does. Found by `indexOf`, not char by char: it runs over every quoted
 * name of every CREATE statement a check reads, mostly before V8 compiles this function.
 */
export function skipQuoted(text: string, open: number): number {
  const first = text.charCodeAt(open);
  const close = first === 91 ? "]" : (text[open] as string); // [ … ]
  for (let i = open + 1; ; ) {
    const at = text.indexOf(close, i);
    if (at === -1) return text.length;
    if (first === 91 || text.charCodeAt(at + 1) !== first) return at;
    i = at + 2;
  }
}

/**
 * The text between the first `(` at or after `from` and its matching `)`.
 *
 * @example
 * ```ts
 * parenthesized("CREATE TABLE t (a int, CHECK (a > 0)) STRICT", 0); // "a int, CHECK (a > 0)"
 * ```
 */
export function parenthesized(text: string, from = 0): string {
  const open = text.indexOf("(", from);
  if (open === -1) return "";
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (isQuote(ch)) {
      i = skipQuoted(text, i);
      continue;
    }
    if (ch === OPEN) depth++;
    else if (ch === CLOSE && --depth === 0) return text.slice(open + 1, i);
  }
  return text.slice(open + 1);
}

/**
 * An identifier as written (`"a""b"`, `` `a` ``, `[a]`, `a`) → its name.
 *
 * @example
 * ```ts
 * unquoteIdent('"we""ird"'); // 'we"ird'
 * ```
 */
export function unquoteIdent(text: string): string {
  const t = text.trim();
  const q = t[0];
  if (q === '"' || q === "`") return t.slice(1, -1).replaceAll(`${q}${q}`, q);
  if (q === "[") return t.slice(1, -1);
  return t;
}

/** A leading identifier of `text` (quoted or bare) and what follows it. */
export function leadingIdent(text: string): { name: string; rest: string } {
  const t = text.trimStart();
  const q = t[0];
  if (q === '"' || q === "`" || q === "[") {
    const end = skipQuoted(t, 0);
    return { name: unquoteIdent(t.slice(0, end + 1)), rest: t.slice(end + 1) };
  }
  const m = /^[^\s(]+/.exec(t);
  const word = m?.[0] ?? "";
  return { name: word, rest: t.slice(word.length) };
}
