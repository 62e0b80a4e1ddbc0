import { AthanorError } from "../errors.js";

/**
 * A tiny cursor over JavaScript/TypeScript source text that understands exactly enough of the
 * language to read a `defineRevision({...})` header without executing the module: whitespace,
 * comments, string and template literals (with `${}` nesting), regular-expression literals and
 * balanced brackets. It is not a parser; everything it does not need it skips as balanced text.
 *
 * @example
 * ```ts
 * const s = new SourceScanner(`{ a: "x" }`, "rev.ts");
 * s.expect("{"); s.skipTrivia(); s.readIdentifier(); // "a"
 * ```
 */
export class SourceScanner {
  pos = 0;

  constructor(
    readonly text: string,
    readonly file: string,
  ) {}

  /** The character at the cursor ("" at the end). */
  peek(offset = 0): string {
    return this.text.charAt(this.pos + offset);
  }

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  /** Skips whitespace and comments. */
  skipTrivia(): void {
    const { text } = this;
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos);
      // space, tab, CR, LF, vertical tab, form feed, BOM, non-breaking space
      if (c === 32 || (c >= 9 && c <= 13) || c === 0xfeff || c === 0xa0) {
        this.pos++;
      } else if (c === 47 /* / */ && text.charCodeAt(this.pos + 1) === 47) {
        const end = text.indexOf("\n", this.pos + 2);
        this.pos = end === -1 ? text.length : end + 1;
      } else if (c === 47 && text.charCodeAt(this.pos + 1) === 42 /* * */) {
        const end = text.indexOf("*/", this.pos + 2);
        if (end === -1) throw this.error("a /* comment is never closed");
        this.pos = end + 2;
      } else {
        return;
      }
    }
  }

  /** Reads an identifier (ASCII letters, digits, `_`, `$`) or returns "" when none starts here. */
  readIdentifier(): string {
    const start = this.pos;
    while (this.pos < this.text.length && isIdentChar(this.text.charCodeAt(this.pos))) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** Consumes `char` after optional trivia, or throws with `what` describing the expectation. */
  expect(char: string, what = `"${char}"`): void {
    this.skipTrivia();
    if (this.peek() !== char) throw this.error(`expected ${what} but found ${this.describeHere()}`);
    this.pos++;
  }

  /** Reads a '...' or "..." literal at the cursor and returns its decoded value. */
  readQuoted(): string {
    const { text } = this;
    const quote = text.charAt(this.pos);
    const start = this.pos;
    // Fast path: no escapes, which is nearly every header string.
    const close = text.indexOf(quote, start + 1);
    if (close !== -1) {
      const raw = text.slice(start + 1, close);
      if (!raw.includes("\\") && !raw.includes("\n")) {
        this.pos = close + 1;
        return raw;
      }
    }
    this.pos++;
    let out = "";
    while (true) {
      const c = text.charAt(this.pos);
      if (c === "" || c === "\n") {
        this.pos = start;
        throw this.error("a string literal is never closed");
      }
      this.pos++;
      if (c === quote) return out;
      out += c === "\\" ? this.readEscape() : c;
    }
  }

  /**
   * Skips a '...' or "..." literal at the cursor: {@link readQuoted} without building the value
   * (a skipped body's strings are most of a generated revision's text). A literal with an escape
   * or a line break is left to readQuoted, so its errors are the same.
   */
  skipQuoted(): void {
    const { text } = this;
    const quote = text.charCodeAt(this.pos);
    for (let i = this.pos + 1; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === quote) {
        this.pos = i + 1;
        return;
      }
      if (c === 92 /* \\ */ || c === 10 /* \n */) break;
    }
    this.readQuoted();
  }

  /**
   * Reads a template literal. Returns its value, or `undefined` when it interpolates (`${`),
   * in which case the cursor is left after the whole template.
   */
  readTemplate(): string | undefined {
    const { text } = this;
    const start = this.pos;
    this.pos++;
    let out = "";
    let literal = true;
    while (true) {
      TEMPLATE_SPECIAL.lastIndex = this.pos;
      const match = TEMPLATE_SPECIAL.exec(text);
      if (match === null) {
        this.pos = start;
        throw this.error("a template literal is never closed");
      }
      out += text.slice(this.pos, match.index);
      this.pos = match.index + 1;
      const c = match[0];
      if (c === "`") return literal ? out : undefined;
      if (c === "\\") out += this.readEscape();
      else if (text.charAt(this.pos) === "{") {
        literal = false;
        this.pos++;
        this.skipUntil("}");
        this.pos++;
      } else out += c;
    }
  }

  /**
   * Skips one property value: everything up to (not including) the next `,` or `}` that is not
   * nested inside brackets, strings, templates, comments or regular expressions.
   */
  skipValue(): void {
    this.skipUntil(",}");
  }

  /** Skips a balanced group starting at an opening bracket at the cursor. */
  skipGroup(): void {
    const open = this.peek();
    const close = open === "(" ? ")" : open === "[" ? "]" : "}";
    this.pos++;
    this.skipUntil(close);
    this.pos++;
  }

  /**
   * Skips a string/template/regex/comment-aware span until one of `stops` at depth 0.
   * Jumps between interesting characters with a native regex: bodies are most of a file's text.
   */
  skipUntil(stops: string): void {
    const { text } = this;
    const length = text.length;
    const start = this.pos;
    // at depth 0 a stop is not jumped over: a comma, or an opening bracket (skipMethod's "(" and "{")
    const topRun = PLAIN_RUNS[(stops.includes(",") ? 0 : 1) + (/[([{]/.test(stops) ? 0 : 2)] as RegExp;
    let depth = 0;
    while (true) {
      // plain code, simple strings and shallow groups of them in one native step (PLAIN_RUNS)
      const run = depth === 0 ? topRun : INNER_RUN;
      run.lastIndex = this.pos;
      let pos = this.pos;
      try {
        if (run.test(text)) pos = run.lastIndex;
      } catch {
        // the engine's own limits (a stack overflow): this stretch is walked below instead
      }
      // past a bounded run's end, plain characters one at a time (a lookup table, no allocation)
      while (pos < length) {
        const code = text.charCodeAt(pos);
        if (code < 128 && CODE_SPECIAL[code] === 1) break;
        pos++;
      }
      this.pos = pos;
      if (pos >= length) {
        this.pos = start;
        throw this.error(
          `a bracket or block opened here is never closed (expected ${[...stops].join(" or ")})`,
        );
      }
      const c = text.charAt(pos);
      if (depth === 0 && stops.includes(c)) return;
      if (c === '"' || c === "'") this.skipQuoted();
      else if (c === "`") this.readTemplate();
      else if (c === "/") {
        const next = text.charCodeAt(pos + 1);
        if (next === 47 || next === 42) this.skipTrivia();
        else if (this.regexMayStartHere()) this.skipRegex();
        else this.pos++;
      } else if (c === ",") {
        this.pos++;
      } else {
        if (c === "(" || c === "[" || c === "{") depth++;
        else if (depth === 0) throw this.error(`unexpected "${c}": brackets are not balanced`);
        else depth--;
        this.pos++;
      }
    }
  }

  /** 1-based line and column of an offset, for error messages. */
  location(offset = this.pos): { line: number; column: number } {
    let line = 1;
    let lineStart = 0;
    for (let i = this.text.indexOf("\n"); i !== -1 && i < offset; i = this.text.indexOf("\n", i + 1)) {
      line++;
      lineStart = i + 1;
    }
    return { line, column: offset - lineStart + 1 };
  }

  /** A short, human description of what is at the cursor. */
  describeHere(): string {
    if (this.atEnd()) return "the end of the file";
    const snippet = this.text.slice(this.pos, this.pos + 24).split("\n")[0] ?? "";
    return `"${snippet}"`;
  }

  /** An ATHANOR_REVISION_FILE_INVALID error pointing at `offset`. */
  error(reason: string, extra: Record<string, unknown> = {}, offset = this.pos): AthanorError {
    const { line, column } = this.location(offset);
    return new AthanorError("ATHANOR_REVISION_FILE_INVALID", `${this.file}:${line}:${column}: ${reason}.`, {
      file: this.file,
      line,
      column,
      ...extra,
    });
  }

  private readEscape(): string {
    const c = this.text.charAt(this.pos++);
    switch (c) {
      case "n":
        return "\n";
      case "t":
        return "\t";
      case "r":
        return "\r";
      case "b":
        return "\b";
      case "f":
        return "\f";
      case "v":
        return "\v";
      case "0":
        return "\0";
      case "\r":
        if (this.peek() === "\n") this.pos++;
        return "";
      case "\n":
        return "";
      case "x":
        return this.readCodePoint(this.text.slice(this.pos, this.pos + 2), 2);
      case "u":
        if (this.peek() === "{") {
          const end = this.text.indexOf("}", this.pos);
          const hex = end === -1 ? "" : this.text.slice(this.pos + 1, end);
          const value = this.readCodePoint(hex, hex.length);
          this.pos += 2; // the braces
          return value;
        }
        return this.readCodePoint(this.text.slice(this.pos, this.pos + 4), 4);
      case "":
        throw this.error("a string literal ends in a lone backslash");
      default:
        return c;
    }
  }

  private readCodePoint(hex: string, length: number): string {
    if (hex.length !== length || length === 0 || !/^[0-9a-fA-F]+$/.test(hex)) {
      throw this.error("invalid escape sequence in a string literal");
    }
    const code = Number.parseInt(hex, 16);
    if (code > 0x10ffff) throw this.error("invalid escape sequence in a string literal");
    this.pos += length;
    return String.fromCodePoint(code);
  }

  /**
   * A `/` starts a regex after an operator, an opening bracket, a comma or a keyword such as
   * `return`; after a value (identifier, number, closing bracket) it divides.
   */
  private regexMayStartHere(): boolean {
    let i = this.pos - 1;
    while (i >= 0 && /\s/.test(this.text.charAt(i))) i--;
    if (i < 0) return true;
    const c = this.text.charCodeAt(i);
    if (c === 41 || c === 93 || c === 125) return false; // ) ] }
    if (!isIdentChar(c)) return true;
    let wordStart = i;
    while (wordStart > 0 && isIdentChar(this.text.charCodeAt(wordStart - 1))) wordStart--;
    return REGEX_AFTER_KEYWORD.has(this.text.slice(wordStart, i + 1));
  }

  private skipRegex(): void {
    const start = this.pos;
    this.pos++;
    let inClass = false;
    while (true) {
      const c = this.text.charAt(this.pos++);
      if (c === "" || c === "\n") {
        this.pos = start;
        throw this.error("a regular expression literal is never closed");
      }
      if (c === "\\") this.pos++;
      else if (c === "[") inClass = true;
      else if (c === "]") inClass = false;
      else if (c === "/" && !inClass) break;
    }
    this.readIdentifier(); // flags
  }
}

function isIdentChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || // a-z
    (code >= 65 && code <= 90) || // A-Z
    (code >= 48 && code <= 57) || // 0-9
    code === 95 || // _
    code === 36 || // $
    code > 127 // unicode identifiers: treated as identifier characters
  );
}

const REGEX_AFTER_KEYWORD = new Set([
  "return",
  "typeof",
  "case",
  "do",
  "else",
  "in",
  "of",
  "new",
  "delete",
  "void",
  "throw",
  "yield",
  "await",
  "instanceof",
]);

/** Characters the body skipper must look at (1 = look); everything else is jumped over. */
const CODE_SPECIAL = new Uint8Array(128);
for (const c of "\"'`/()[]{},") CODE_SPECIAL[c.charCodeAt(0)] = 1;
const TEMPLATE_SPECIAL = /[`\\$]/g;

/**
 * What skipUntil jumps over in one native step, so that a generated body (a cold check's 3.7 MB
 * revision: 192,000 brackets, 110,000 strings) is not walked a token at a time by JavaScript that
 * V8 still interprets on its first run (230–280 M instructions before the runs):
 * - code without the characters of CODE_SPECIAL;
 * - '...' and "..." literals without an escape or a line break (skipQuoted's fast path; any other
 *   literal is left at its quote for skipQuoted, so its errors are the same);
 * - bracket groups nested at most GROUP_DEPTH deep made of only these, commas included: balanced,
 *   so skipping one whole leaves skipUntil's depth as it was (bracket kinds are not matched, as
 *   skipUntil does not match them either); not at depth 0 where an opening bracket is a stop.
 * A group that holds anything else (a comment, a template, a `/`, a deeper group) is not taken:
 * the run stops at its opening bracket and skipUntil walks into it. A plain stretch is taken in
 * one piece only (the lookahead), so a group that fails backtracks in linear time. The run is
 * bounded, so a huge one never fills the regex engine's backtracking stack: the loop calls again.
 */
function plainRun(commas: boolean, groups: boolean): RegExp {
  const special = `"'\`/()[\\]{}${commas ? "" : ","}`;
  const plain = `[^${special}]+(?![^${special}])`;
  const quoted = `"[^"\\\\\\n]*"|'[^'\\\\\\n]*'`;
  const inside = `[^"'\`/()[\\]{}]+(?![^"'\`/()[\\]{}])|${quoted}`;
  let group = `[({[](?:${inside})*[)}\\]]`;
  for (let depth = 1; depth < GROUP_DEPTH; depth++) group = `[({[](?:${inside}|${group})*[)}\\]]`;
  return new RegExp(`(?:${plain}|${quoted}${groups ? `|${group}` : ""}){0,1024}`, "y");
}
/** Deep enough for a generated column's object (`{ …, identity: { … } }`) inside its list. */
const GROUP_DEPTH = 3;
/** The runs at depth 0, by what stops there: [comma and opener, opener, comma, neither]. */
const PLAIN_RUNS = [
  plainRun(false, false),
  plainRun(true, false),
  plainRun(false, true),
  plainRun(true, true),
];
/** The run inside brackets, where nothing stops. */
const INNER_RUN = PLAIN_RUNS[3] as RegExp;
