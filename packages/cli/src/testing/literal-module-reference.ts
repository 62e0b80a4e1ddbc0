import type { Literal, LiteralCall, LiteralModule, LiteralProperty } from "../loader/literal-module.js";

// The literal-module reader as it was before its scanner was rewritten for speed (9c4d1ab), kept
// verbatim as the oracle of literal-module.test.ts: the new reader must accept exactly what this
// one accepts, with the same result, and refuse exactly what it refuses. Do not edit it to match
// the new one; a deliberate change of the accepted language replaces this file in the same commit.

/**
 * Reads `text` as a {@link LiteralModule}, or undefined when it is anything else (then the module
 * is compiled and run as usual). Strict by design: only forms whose value JavaScript defines
 * without running anything — string, template (no `${}`), decimal number, `true`/`false`/`null`,
 * array and object literals — and `param.name(...)` calls where `name` is one of `builders`. Any
 * doubt (an escape strict mode forbids, `__proto__`, a comment or string mentioning `TODO`, a
 * character outside the plain set) is a miss, never a different reading.
 *
 * @example
 * ```ts
 * readLiteralModule(`import { defineRevision } from "@athanor/core";
 * export default defineRevision({ id: "a1", parents: [], upgrade(op) { op.execute("SELECT 1"); }, downgrade(op) {} });`, new Set(["execute"]));
 * // { specifier: "@athanor/core", binding: "defineRevision", properties: [...] }
 * ```
 */
export function readLiteralModuleReference(
  text: string,
  builders: ReadonlySet<string>,
): LiteralModule | undefined {
  // a placeholder must be found where the compiled function's text is searched for it
  if (text.includes("TODO")) return undefined;
  try {
    return new LiteralReader(text, builders).module();
  } catch (error) {
    if (error === MISS || error instanceof RangeError) return undefined; // RangeError: nesting too deep
    throw error;
  }
}

const MISS = Symbol("not a literal module");

// JavaScript's reserved words and strict mode's: never a parameter name here
const RESERVED = new Set(
  "await break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public arguments eval async of get set undefined".split(
    " ",
  ),
);

class LiteralReader {
  private pos = 0;
  /** Whether the last {@link trivia} crossed a line terminator (where a semicolon may be omitted). */
  private newline = false;

  constructor(
    private readonly text: string,
    private readonly builders: ReadonlySet<string>,
  ) {}

  module(): LiteralModule {
    this.trivia();
    this.word("import");
    this.punct("{");
    const binding = this.identifier();
    this.punct("}");
    this.word("from");
    const specifier = this.quoted();
    this.endStatement("export");
    this.word("export");
    this.word("default");
    if (this.identifier() !== binding) throw MISS;
    this.punct("(");
    const properties = this.properties();
    this.punct(")");
    if (this.peek() === ";") this.next();
    if (this.pos !== this.text.length) throw MISS;
    return { specifier, binding, properties };
  }

  private properties(): LiteralProperty[] {
    this.punct("{");
    const out: LiteralProperty[] = [];
    while (this.peek() !== "}") {
      out.push(this.property());
      if (this.peek() === ",") this.next();
      else if (this.peek() !== "}") throw MISS;
    }
    this.next();
    return out;
  }

  private property(): LiteralProperty {
    let key = this.key();
    let async = false;
    if (key === "async" && isIdentStart(this.peek()) && !this.newline) {
      async = true;
      key = this.key();
    }
    if (this.peek() === ":" && !async) {
      this.next();
      return { key, value: this.literal() };
    }
    this.punct("(");
    const param = this.peek() === ")" ? undefined : this.identifier();
    if (param !== undefined && RESERVED.has(param)) throw MISS;
    this.punct(")");
    this.punct("{");
    const calls: LiteralCall[] = [];
    while (this.peek() !== "}") {
      if (param === undefined || this.identifier() !== param) throw MISS;
      this.punct(".");
      const builder = this.identifier();
      if (!this.builders.has(builder)) throw MISS;
      this.punct("(");
      calls.push({ builder, args: this.items(")") });
      this.endStatement();
    }
    this.next();
    return { key, method: { async, param: param !== undefined, calls } };
  }

  /** A statement ends at `;`, before `}`, or at a line break before the next statement's name. */
  private endStatement(nextWord?: string): void {
    const c = this.peek();
    if (c === ";") this.next();
    else if (c === "}" && nextWord === undefined) return;
    else if (!this.newline || !isIdentStart(c)) throw MISS;
    else if (nextWord !== undefined && !this.text.startsWith(nextWord, this.pos)) throw MISS;
  }

  private key(): string {
    const c = this.peek();
    const key = c === '"' || c === "'" ? this.quoted() : this.identifier();
    if (key === "__proto__") throw MISS;
    return key;
  }

  private literal(): Literal {
    const c = this.peek();
    if (c === '"' || c === "'") return this.quoted();
    if (c === "`") return this.template();
    if (c === "[") {
      this.next();
      return { array: this.items("]") };
    }
    if (c === "{") return { object: this.entries() };
    if (c === "-" || isDigit(c) || c === ".") return this.number();
    const word = this.identifier();
    if (word === "true") return true;
    if (word === "false") return false;
    if (word === "null") return null;
    throw MISS;
  }

  /** Literals separated by commas up to `close` (a trailing comma allowed, no holes); consumes `close`. */
  private items(close: string): Literal[] {
    const out: Literal[] = [];
    while (this.peek() !== close) {
      out.push(this.literal());
      if (this.peek() === ",") this.next();
      else if (this.peek() !== close) throw MISS;
    }
    this.next();
    return out;
  }

  private entries(): [string, Literal][] {
    this.next();
    const out: [string, Literal][] = [];
    while (this.peek() !== "}") {
      const key = this.key();
      this.punct(":");
      out.push([key, this.literal()]);
      if (this.peek() === ",") this.next();
      else if (this.peek() !== "}") throw MISS;
    }
    this.next();
    return out;
  }

  private number(): number {
    const negative = this.text.charAt(this.pos) === "-";
    const start = negative ? this.pos + 1 : this.pos;
    NUMBER.lastIndex = start;
    const match = NUMBER.exec(this.text);
    if (match === null) throw MISS;
    const end = start + match[0].length;
    // `08`, `1_000`, `0x1`, `1n`, `1.toString`: forms left to the compiler
    if (/[\w$.\\]/.test(this.text.charAt(end)) || this.text.charCodeAt(end) > 127) throw MISS;
    this.pos = end;
    const value = Number(match[0]);
    this.trivia();
    return negative ? -value : value;
  }

  /** A '…' or "…" literal's value. */
  private quoted(): string {
    const quote = this.text.charAt(this.pos);
    if (quote !== '"' && quote !== "'") throw MISS;
    return this.stringBody(quote, (c) => c === "\n" || c === "\r");
  }

  /** A template literal without substitutions; a raw CR (normalised by the language) is left to the compiler. */
  private template(): string {
    return this.stringBody("`", (c, next) => c === "\r" || (c === "$" && next === "{"));
  }

  /** The characters up to `close` after the opening one at the cursor, escapes decoded; `refused` ones are a miss. */
  private stringBody(close: string, refused: (c: string, next: string) => boolean): string {
    const { text } = this;
    let out = "";
    let i = this.pos + 1;
    while (true) {
      const c = text.charAt(i);
      if (c === close) break;
      if (c === "" || refused(c, text.charAt(i + 1))) throw MISS;
      if (c === "\\") {
        const [value, after] = this.escape(i + 1);
        out += value;
        i = after;
      } else {
        out += c;
        i++;
      }
    }
    this.pos = i + 1;
    this.trivia();
    return checked(out);
  }

  /** The escape after a backslash at `at - 1`: its value and where the text continues. */
  private escape(at: number): [string, number] {
    const { text } = this;
    const c = text.charAt(at);
    const simple = SIMPLE_ESCAPES[c];
    if (simple !== undefined) return [simple, at + 1];
    if (c === "\n" || c === "\u2028" || c === "\u2029") return ["", at + 1];
    if (c === "\r") return ["", text.charAt(at + 1) === "\n" ? at + 2 : at + 1];
    if (c === "0") {
      if (isDigit(text.charAt(at + 1))) throw MISS; // legacy octal: a strict-mode error
      return ["\0", at + 1];
    }
    if (isDigit(c) || c === "") throw MISS;
    if (c === "x") {
      const hex = text.slice(at + 1, at + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw MISS;
      return [String.fromCharCode(Number.parseInt(hex, 16)), at + 3];
    }
    if (c === "u") {
      if (text.charAt(at + 1) === "{") {
        const close = text.indexOf("}", at + 2);
        const hex = close === -1 ? "" : text.slice(at + 2, close);
        if (!/^[0-9a-fA-F]{1,16}$/.test(hex)) throw MISS;
        const code = Number.parseInt(hex, 16);
        if (code > 0x10ffff) throw MISS;
        return [String.fromCodePoint(code), close + 1];
      }
      const hex = text.slice(at + 1, at + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw MISS;
      return [String.fromCharCode(Number.parseInt(hex, 16)), at + 5];
    }
    return [c, at + 1]; // any other character stands for itself
  }

  private identifier(): string {
    const { text } = this;
    const start = this.pos;
    if (!isIdentStart(text.charAt(start))) throw MISS;
    let end = start + 1;
    while (end < text.length && isIdentPart(text.charCodeAt(end))) end++;
    // a non-ASCII letter or an escape would continue the name: left to the compiler
    if (text.charCodeAt(end) > 127 || text.charAt(end) === "\\") throw MISS;
    this.pos = end;
    const name = text.slice(start, end);
    this.trivia();
    return name;
  }

  private word(expected: string): void {
    if (this.identifier() !== expected) throw MISS;
  }

  private punct(expected: string): void {
    if (this.text.charAt(this.pos) !== expected) throw MISS;
    this.next();
  }

  private peek(): string {
    return this.text.charAt(this.pos);
  }

  private next(): void {
    this.pos++;
    this.trivia();
  }

  /** Skips whitespace and comments; anything else unusual is a miss. */
  private trivia(): void {
    const { text } = this;
    this.newline = false;
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff) this.pos++;
      else if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) {
        this.newline = true;
        this.pos++;
      } else if (c === 47 && text.charCodeAt(this.pos + 1) === 47) {
        while (this.pos < text.length && !isLineTerminator(text.charCodeAt(this.pos))) this.pos++;
      } else if (c === 47 && text.charCodeAt(this.pos + 1) === 42) {
        const end = text.indexOf("*/", this.pos + 2);
        if (end === -1) throw MISS;
        for (let i = this.pos; i < end; i++) if (isLineTerminator(text.charCodeAt(i))) this.newline = true;
        this.pos = end + 2;
      } else if (c > 127)
        throw MISS; // other Unicode spaces: left to the compiler
      else return;
    }
  }
}

const NUMBER = /(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/y;

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: "\n",
  t: "\t",
  r: "\r",
  b: "\b",
  f: "\f",
  v: "\v",
};

/** A string that mentions `TODO` could be a placeholder: left to the compiled path, which finds it. */
function checked(value: string): string {
  if (value.includes("TODO")) throw MISS;
  return value;
}

function isDigit(c: string): boolean {
  return c >= "0" && c <= "9";
}

function isIdentStart(c: string): boolean {
  return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_" || c === "$";
}

function isIdentPart(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 95 ||
    code === 36
  );
}

function isLineTerminator(code: number): boolean {
  return code === 10 || code === 13 || code === 0x2028 || code === 0x2029;
}
