import { commentEnd, skipQuoted, skipQuotedOrComment } from "./split-sql.js";

/**
 * One token of a stored statement at one nesting level: a bare word (keyword, name or number),
 * a quoted string or identifier, a parenthesised group (one token, nested text included), or a
 * single other character. Comments and whitespace are not tokens.
 */
export interface SqlToken {
  readonly kind: "word" | "quoted" | "group" | "punct";
  /** The token as written (a group with its parentheses). */
  readonly text: string;
  /** Where it starts and ends in the text tokenised. */
  readonly start: number;
  readonly end: number;
}

/** A bare word from where it starts: letters, digits, `_`, `$`, `.` and any code unit past ASCII. */
const WORD = /[A-Za-z0-9_$.\u0080-\uffff]+/y;

/** What a group's depth or extent can change at: a quote, a parenthesis, a comment's start. */
const GROUP_STOP = /['"`[()]|--|\/\*/g;

/** Char codes that start a bare word (see {@link WORD}). */
function isWordCode(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 95 ||
    c === 36 ||
    c === 46 ||
    c >= 128
  );
}

/**
 * The tokens of `text` at its top level. Unlike a regular expression over the text, a keyword
 * inside a string literal (`DEFAULT 'collate me'`), a comment (`/* a, b *\/`) or a nested
 * expression (`CHECK (x COLLATE nocase = 'a')`) is never mistaken for a clause of the statement.
 * With `close`, tokenising starts at `from` inside a parenthesis and stops at the `)` closing it
 * (its index is `end`); the text is read once, char codes only (it runs over every CREATE TABLE
 * a check reads).
 *
 * @example
 * ```ts
 * sqlTokens("text DEFAULT 'a, b' /* note *\/ CHECK (x > 0)").tokens.map((t) => t.text);
 * // ["text", "DEFAULT", "'a, b'", "CHECK", "(x > 0)"]
 * ```
 */
export function sqlTokens(text: string, from = 0, close = false): { tokens: SqlToken[]; end: number } {
  const tokens: SqlToken[] = [];
  let i = from;
  const length = text.length;
  for (; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 32) continue;
    // a comment starts with `-` or `/` only: no call per token for the rest (baseline code pays per call)
    if (c === 45 || c === 47) {
      const comment = commentEnd(text, i);
      if (comment !== -1) {
        i = comment;
        continue;
      }
    }
    if (close && c === 41) break;
    const start = i;
    let kind: SqlToken["kind"];
    if (c === 39 || c === 34 || c === 96 || c === 91) {
      kind = "quoted";
      i = skipQuoted(text, i);
    } else if (c === 40) {
      kind = "group";
      i = groupEnd(text, i);
    } else if (isWordCode(c)) {
      kind = "word";
      // the rest of the word by a sticky regex (native), not a call per char
      WORD.lastIndex = i;
      WORD.test(text);
      i = WORD.lastIndex - 1;
    } else kind = "punct";
    tokens.push({ kind, text: text.slice(start, i + 1), start, end: i + 1 });
  }
  return { tokens, end: i };
}

/** Where the first top-level `(` of `text` is (quotes and comments skipped), or -1. */
export function firstGroupStart(text: string): number {
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40) return i;
    // only a quote, `-` or `/` can start what is skipped: no call for every other character
    if (c === 39 || c === 34 || c === 96 || c === 91 || c === 45 || c === 47) {
      const skipped = skipQuotedOrComment(text, i);
      if (skipped !== -1) i = skipped;
    }
  }
  return -1;
}

/**
 * The index of the `)` closing the group opened at `open` (quotes and comments skipped), or the
 * last index when none does. Jumps from one quote, parenthesis or comment start to the next.
 */
function groupEnd(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    GROUP_STOP.lastIndex = i;
    const stop = GROUP_STOP.exec(text);
    if (stop === null) break;
    i = stop.index;
    const skipped = skipQuotedOrComment(text, i);
    if (skipped !== -1) {
      i = skipped;
      continue;
    }
    const c = text.charCodeAt(i);
    if (c === 40) depth++;
    else if (c === 41 && --depth === 0) return i;
  }
  return text.length - 1;
}

/** A group token's text without its parentheses. */
export function groupInner(token: SqlToken): string {
  return token.text.slice(1, token.text.endsWith(")") ? -1 : undefined).trim();
}

/** Whether `token` is the bare word `word` (given in upper case; the token in any case). */
export function isWord(token: SqlToken | undefined, word: string): boolean {
  return (
    token?.kind === "word" &&
    token.text.length === word.length &&
    (token.text === word || token.text.toUpperCase() === word)
  );
}

/** `tokens` split at the top-level `,` punctuation. */
export function splitAtCommas(tokens: readonly SqlToken[]): SqlToken[][] {
  // indexed, no iterator or filter callback: this runs over every CREATE TABLE a check reads
  const parts: SqlToken[][] = [];
  let part: SqlToken[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as SqlToken;
    if (token.kind === "punct" && token.text === ",") {
      if (part.length > 0) parts.push(part);
      part = [];
    } else part.push(token);
  }
  if (part.length > 0) parts.push(part);
  return parts;
}
