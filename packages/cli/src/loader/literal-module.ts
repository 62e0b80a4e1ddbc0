/**
 * A value written as a literal: its parts are rebuilt afresh each time it is evaluated, as the
 * literal would be (see {@link evaluateLiteral}).
 */
export type Literal =
  | string
  | number
  | boolean
  | null
  | { readonly array: readonly Literal[] }
  | { readonly object: readonly (readonly [key: string, value: Literal])[] };

/** `param.builder(literal, ...)`: one statement of a method body. */
export interface LiteralCall {
  readonly builder: string;
  readonly args: readonly Literal[];
}

/** One property of the exported object: a literal, or a method made only of calls on its parameter. */
export type LiteralProperty =
  | { readonly key: string; readonly value: Literal }
  | {
      readonly key: string;
      readonly method: {
        readonly async: boolean;
        readonly param: boolean;
        readonly calls: readonly LiteralCall[];
      };
    };

/**
 * A module of exactly this shape — `import { f } from "<specifier>"; export default f({ ... })`,
 * whose object holds literals and methods that only call builders on their parameter with literal
 * arguments — read from its text. Running it does nothing but call `f` with that object, so
 * athanor can do that itself without compiling the module.
 */
export interface LiteralModule {
  readonly specifier: string;
  readonly binding: string;
  readonly properties: readonly LiteralProperty[];
}

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
export function readLiteralModule(text: string, builders: ReadonlySet<string>): LiteralModule | undefined {
  // a placeholder must be found where the compiled function's text is searched for it
  if (text.includes("TODO")) return undefined;
  try {
    return new LiteralReader(text, builders).module();
  } catch (error) {
    if (error === MISS || error instanceof RangeError) return undefined; // RangeError: nesting too deep
    throw error;
  }
}

/**
 * A fresh value for `literal`, as evaluating the literal once more would give: new arrays and
 * objects each time, own properties assigned in source order (`__proto__` never reaches here).
 */
export function evaluateLiteral(literal: Literal): unknown {
  if (typeof literal !== "object" || literal === null) return literal;
  if ("array" in literal) return literal.array.map(evaluateLiteral);
  const out: Record<string, unknown> = {};
  const entries = literal.object;
  // indexed, not destructured: this runs for every argument of every call, mostly before V8 optimises it
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as readonly [string, Literal];
    out[entry[0]] = evaluateLiteral(entry[1]);
  }
  return out;
}

const MISS = Symbol("not a literal module");

// JavaScript's reserved words and strict mode's: never a parameter name here
const RESERVED = new Set(
  "await break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public arguments eval async of get set undefined".split(
    " ",
  ),
);

// Character codes the reader compares against: numbers, not one-character strings, so the
// reader's hot paths never create a string for a character.
const QUOTE = 34; // "
const APOSTROPHE = 39; // '
const BACKTICK = 96;
const BACKSLASH = 92;
const DOLLAR = 36;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;
const COLON = 58;
const SEMICOLON = 59;
const DOT = 46;
const MINUS = 45;

/**
 * The run of characters a string body holds as they are, from `lastIndex` up to the next one
 * that ends it, starts an escape or is refused: matched natively instead of one character at a
 * time (string bodies are most of a generated revision's text).
 */
const PLAIN_DOUBLE = /[^"\\\n\r]*/y;
const PLAIN_SINGLE = /[^'\\\n\r]*/y;
/** A template's plain run stops at `$` too: `${` is refused, any other `$` stands for itself. */
const PLAIN_TEMPLATE = /[^`\\\r$]*/y;

/**
 * A recursive-descent reader over the text. Every method either consumes what it expects (and
 * the trivia after it) or throws {@link MISS}; at the end of the text `code()` is NaN, which
 * equals no character, so every "expected X" check fails there as it should.
 */
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
    this.punct(OPEN_BRACE);
    const binding = this.identifier();
    this.punct(CLOSE_BRACE);
    this.word("from");
    const specifier = this.quoted();
    this.endStatement("export");
    this.word("export");
    this.word("default");
    if (this.identifier() !== binding) throw MISS;
    this.punct(OPEN_PAREN);
    const properties = this.properties();
    this.punct(CLOSE_PAREN);
    if (this.code() === SEMICOLON) this.next();
    if (this.pos !== this.text.length) throw MISS;
    return { specifier, binding, properties };
  }

  private properties(): LiteralProperty[] {
    this.punct(OPEN_BRACE);
    const out: LiteralProperty[] = [];
    while (this.code() !== CLOSE_BRACE) {
      out.push(this.property());
      if (this.code() === COMMA) this.next();
      else if (this.code() !== CLOSE_BRACE) throw MISS;
    }
    this.next();
    return out;
  }

  private property(): LiteralProperty {
    let key = this.key();
    let async = false;
    if (key === "async" && isIdentStart(this.code()) && !this.newline) {
      async = true;
      key = this.key();
    }
    if (this.code() === COLON && !async) {
      this.next();
      return { key, value: this.literal() };
    }
    this.punct(OPEN_PAREN);
    const param = this.code() === CLOSE_PAREN ? undefined : this.identifier();
    if (param !== undefined && RESERVED.has(param)) throw MISS;
    this.punct(CLOSE_PAREN);
    this.punct(OPEN_BRACE);
    const calls: LiteralCall[] = [];
    while (this.code() !== CLOSE_BRACE) {
      if (param === undefined || this.identifier() !== param) throw MISS;
      this.punct(DOT);
      const builder = this.identifier();
      if (!this.builders.has(builder)) throw MISS;
      this.punct(OPEN_PAREN);
      calls.push({ builder, args: this.items(CLOSE_PAREN) });
      this.endStatement();
    }
    this.next();
    return { key, method: { async, param: param !== undefined, calls } };
  }

  /** A statement ends at `;`, before `}`, or at a line break before the next statement's name. */
  private endStatement(nextWord?: string): void {
    const c = this.code();
    if (c === SEMICOLON) this.next();
    else if (c === CLOSE_BRACE && nextWord === undefined) return;
    else if (!this.newline || !isIdentStart(c)) throw MISS;
    else if (nextWord !== undefined && !this.text.startsWith(nextWord, this.pos)) throw MISS;
  }

  private key(): string {
    const c = this.code();
    const key = c === QUOTE || c === APOSTROPHE ? this.quoted() : this.identifier();
    if (key === "__proto__") throw MISS;
    return key;
  }

  private literal(): Literal {
    const c = this.code();
    if (c === QUOTE || c === APOSTROPHE) return this.quoted();
    if (c === BACKTICK) return this.template();
    if (c === OPEN_BRACKET) {
      this.next();
      return { array: this.items(CLOSE_BRACKET) };
    }
    if (c === OPEN_BRACE) return { object: this.entries() };
    if (c === MINUS || isDigit(c) || c === DOT) return this.number();
    const word = this.identifier();
    if (word === "true") return true;
    if (word === "false") return false;
    if (word === "null") return null;
    throw MISS;
  }

  /** Literals separated by commas up to `close` (a trailing comma allowed, no holes); consumes `close`. */
  private items(close: number): Literal[] {
    const out: Literal[] = [];
    while (this.code() !== close) {
      out.push(this.literal());
      if (this.code() === COMMA) this.next();
      else if (this.code() !== close) throw MISS;
    }
    this.next();
    return out;
  }

  private entries(): [string, Literal][] {
    this.next();
    const out: [string, Literal][] = [];
    while (this.code() !== CLOSE_BRACE) {
      const key = this.key();
      this.punct(COLON);
      out.push([key, this.literal()]);
      if (this.code() === COMMA) this.next();
      else if (this.code() !== CLOSE_BRACE) throw MISS;
    }
    this.next();
    return out;
  }

  private number(): number {
    const { text } = this;
    const negative = text.charCodeAt(this.pos) === MINUS;
    const start = negative ? this.pos + 1 : this.pos;
    NUMBER.lastIndex = start;
    const match = NUMBER.exec(text);
    if (match === null) throw MISS;
    const end = start + match[0].length;
    // `08`, `1_000`, `0x1`, `1n`, `1.toString`: forms left to the compiler
    const after = text.charCodeAt(end);
    if (isIdentPart(after) || after === DOT || after === BACKSLASH || after > 127) throw MISS;
    this.pos = end;
    const value = Number(match[0]);
    this.trivia();
    return negative ? -value : value;
  }

  /** A '…' or "…" literal's value. */
  private quoted(): string {
    const quote = this.code();
    if (quote === QUOTE) return this.stringBody(QUOTE, PLAIN_DOUBLE);
    if (quote === APOSTROPHE) return this.stringBody(APOSTROPHE, PLAIN_SINGLE);
    throw MISS;
  }

  /** A template literal without substitutions; a raw CR (normalised by the language) is left to the compiler. */
  private template(): string {
    return this.stringBody(BACKTICK, PLAIN_TEMPLATE);
  }

  /**
   * The characters up to `close` after the opening one at the cursor, escapes decoded. `plain`
   * matches a run of characters that stand for themselves; what stops it is the closing quote,
   * an escape, a template's `$` (standing for itself unless `${`), or a miss: the end of the
   * text, a line break in a quoted string, a CR in a template.
   */
  private stringBody(close: number, plain: RegExp): string {
    const { text } = this;
    let out = "";
    let i = this.pos + 1;
    while (true) {
      plain.lastIndex = i;
      plain.test(text); // always matches, perhaps nothing
      const end = plain.lastIndex;
      if (end > i) out += text.slice(i, end);
      const c = text.charCodeAt(end);
      if (c === close) {
        i = end;
        break;
      }
      if (c === BACKSLASH) {
        const [value, after] = this.escape(end + 1);
        out += value;
        i = after;
      } else if (c === DOLLAR && close === BACKTICK && text.charCodeAt(end + 1) !== OPEN_BRACE) {
        out += "$";
        i = end + 1;
      } else throw MISS;
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
      if (isDigit(text.charCodeAt(at + 1))) throw MISS; // legacy octal: a strict-mode error
      return ["\0", at + 1];
    }
    if (isDigit(text.charCodeAt(at)) || c === "") throw MISS;
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
    if (!isIdentStart(text.charCodeAt(start))) throw MISS;
    let end = start + 1;
    while (isIdentPart(text.charCodeAt(end))) end++;
    // a non-ASCII letter or an escape would continue the name: left to the compiler
    const after = text.charCodeAt(end);
    if (after > 127 || after === BACKSLASH) throw MISS;
    this.pos = end;
    const name = text.slice(start, end);
    this.trivia();
    return name;
  }

  private word(expected: string): void {
    if (this.identifier() !== expected) throw MISS;
  }

  private punct(expected: number): void {
    if (this.text.charCodeAt(this.pos) !== expected) throw MISS;
    this.next();
  }

  /** The character code at the cursor; NaN at the end of the text. */
  private code(): number {
    return this.text.charCodeAt(this.pos);
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

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isIdentStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code === 36;
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

/**
 * The object a {@link LiteralModule} passes to its function, as evaluating its literal would
 * build it: properties assigned in source order, each method calling its builders on its
 * parameter with fresh argument values, `async` ones returning a promise.
 *
 * @example
 * ```ts
 * const value = defineRevision(literalObject(module.properties));
 * ```
 */
export function literalObject(properties: readonly LiteralProperty[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < properties.length; i++) {
    const property = properties[i] as LiteralProperty;
    out[property.key] = "value" in property ? evaluateLiteral(property.value) : methodOf(property);
  }
  return out;
}

function methodOf({ key, method }: Extract<LiteralProperty, { method: unknown }>): unknown {
  const { calls } = method;
  const run = (target: Record<string, (...args: unknown[]) => unknown>) => {
    for (let i = 0; i < calls.length; i++) {
      const call = calls[i] as LiteralCall;
      // `target.builder(...)`: the member is read, then the arguments built, then it is called on target
      const builder = target[call.builder] as (...args: unknown[]) => unknown;
      Reflect.apply(builder, target, call.args.map(evaluateLiteral));
    }
  };
  if (!method.param) return method.async ? { async [key]() {} }[key] : { [key]() {} }[key];
  return method.async
    ? {
        async [key](target: Record<string, (...args: unknown[]) => unknown>) {
          run(target);
        },
      }[key]
    : {
        [key](target: Record<string, (...args: unknown[]) => unknown>) {
          run(target);
        },
      }[key];
}
