import { skipQuoted } from "./split-sql.js";

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

const WORD = /[A-Za-z0-9_$\u0080-\uffff.]/;

/**
 * The tokens of `text` at its top level. Unlike a regular expression over the text, a keyword
 * inside a string literal (`DEFAULT 'collate me'`), a comment (`/* a, b *\/`) or a nested
 * expression (`CHECK (x COLLATE nocase = 'a')`) is never mistaken for a clause of the statement.
 *
 * @example
 * ```ts
 * sqlTokens("text DEFAULT 'a, b' /* note *\/ CHECK (x > 0)").map((t) => t.text);
 * // ["text", "DEFAULT", "'a, b'", "CHECK", "(x > 0)"]
 * ```
 */
export function sqlTokens(text: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) continue;
    if (ch === "-" && text[i + 1] === "-") {
      const end = text.indexOf("\n", i);
      i = end === -1 ? text.length : end;
      continue;
    }
    if (ch === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end === -1 ? text.length : end + 1;
      continue;
    }
    const start = i;
    let kind: SqlToken["kind"];
    if (ch === "'" || ch === '"' || ch === "`" || ch === "[") {
      kind = "quoted";
      i = skipQuoted(text, i);
    } else if (ch === "(") {
      kind = "group";
      i = groupEnd(text, i);
    } else if (WORD.test(ch)) {
      kind = "word";
      while (i + 1 < text.length && WORD.test(text[i + 1] as string)) i++;
    } else kind = "punct";
    tokens.push({ kind, text: text.slice(start, i + 1), start, end: i + 1 });
  }
  return tokens;
}

/** The index of the `)` closing the group opened at `open` (quotes and comments skipped). */
function groupEnd(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === "'" || ch === '"' || ch === "`" || ch === "[") i = skipQuoted(text, i);
    else if (ch === "-" && text[i + 1] === "-") {
      const end = text.indexOf("\n", i);
      i = end === -1 ? text.length : end;
    } else if (ch === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end === -1 ? text.length : end + 1;
    } else if (ch === "(") depth++;
    else if (ch === ")" && --depth === 0) return i;
  }
  return text.length - 1;
}

/** A group token's text without its parentheses. */
export function groupInner(token: SqlToken): string {
  return token.text.slice(1, token.text.endsWith(")") ? -1 : undefined).trim();
}

/** Whether `token` is the bare word `word` (any case). */
export function isWord(token: SqlToken | undefined, word: string): boolean {
  return token?.kind === "word" && token.text.toUpperCase() === word;
}

/** `tokens` split at the top-level `,` punctuation. */
export function splitAtCommas(tokens: readonly SqlToken[]): SqlToken[][] {
  const parts: SqlToken[][] = [[]];
  for (const token of tokens) {
    if (token.kind === "punct" && token.text === ",") parts.push([]);
    else (parts[parts.length - 1] as SqlToken[]).push(token);
  }
  return parts.filter((p) => p.length > 0);
}
