import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isAthanorError } from "../errors.js";
import { SourceScanner } from "./source-scanner.js";

// skipUntil jumps over plain code, simple strings and shallow bracket groups with native regex
// runs. These tests hold it to the walk it replaced — one special character at a time, the
// reference below (the loop as it was before the runs) — on generated text full of what the
// runs must stop at: escapes, line breaks in strings, templates, comments, regex literals,
// divisions, deep and unbalanced brackets.

/** The walk skipUntil made before the native runs, verbatim but for the run. */
function referenceSkipUntil(s: SourceScanner, stops: string): void {
  const { text } = s;
  const length = text.length;
  const start = s.pos;
  let depth = 0;
  const scanner = s as unknown as { regexMayStartHere(): boolean; skipRegex(): void };
  while (true) {
    let pos = s.pos;
    while (pos < length) {
      const code = text.charCodeAt(pos);
      if (code < 128 && "\"'`/()[]{},".includes(text.charAt(pos))) break;
      pos++;
    }
    s.pos = pos;
    if (pos >= length) {
      s.pos = start;
      throw s.error(`a bracket or block opened here is never closed (expected ${[...stops].join(" or ")})`);
    }
    const c = text.charAt(pos);
    if (depth === 0 && stops.includes(c)) return;
    if (c === '"' || c === "'") s.skipQuoted();
    else if (c === "`") s.readTemplate();
    else if (c === "/") {
      const next = text.charCodeAt(pos + 1);
      if (next === 47 || next === 42) s.skipTrivia();
      else if (scanner.regexMayStartHere()) scanner.skipRegex();
      else s.pos++;
    } else if (c === ",") {
      s.pos++;
    } else {
      if (c === "(" || c === "[" || c === "{") depth++;
      else if (depth === 0) throw s.error(`unexpected "${c}": brackets are not balanced`);
      else depth--;
      s.pos++;
    }
  }
}

/** Where a skip from `from` to one of `stops` ends: the cursor, or the error it raised. */
function outcome(skip: (s: SourceScanner) => void, text: string, from: number): string {
  const s = new SourceScanner(text, "x.ts");
  s.pos = from;
  try {
    skip(s);
    return `at ${s.pos}`;
  } catch (error) {
    if (!isAthanorError(error)) throw error;
    return `${error.message} (cursor ${s.pos})`;
  }
}

const PIECES = [
  "{",
  "}",
  "(",
  ")",
  "[",
  "]",
  ",",
  ",",
  " ",
  "\n",
  "a",
  "x1: ",
  "op.createTable",
  '"s"',
  "'t'",
  '"(){},"',
  "'\"]'",
  '"a\\"b"',
  "'it\\'s'",
  '"\\u0041"',
  '"bad\n',
  "'",
  '"',
  "`t`",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template's text, scanned
  "`a${b}c`",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template's text, scanned
  "`x${ {a: [1]} }`",
  "`",
  "// c }\n",
  "/* ) */",
  "/*",
  "/re[/]x/g",
  " / 2",
  "return /x]/",
  ") / 3",
  "é",
  "\u2028",
  "\r\n",
];

/** Text mostly balanced (so skips go far, through groups of every depth), sometimes not. */
const source = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...PIECES) },
      {
        weight: 3,
        arbitrary: fc
          .tuple(
            fc.constantFrom("{", "(", "["),
            fc.array(fc.constantFrom(' name: "id"', ", ", "'x'", "{ always: false }", "[1, 2]", "(a)"), {
              maxLength: 6,
            }),
            fc.constantFrom("}", ")", "]"),
          )
          .map(([open, inner, close]) => open + inner.join("") + close),
      },
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(""));

describe("SourceScanner.skipUntil", () => {
  it("ends where the character-at-a-time walk ends, or fails with its error, on generated text", () => {
    fc.assert(
      fc.property(
        source,
        fc.constantFrom("}", ",}", ")", "]", "{", "(", ","),
        fc.nat(),
        (text, stops, at) => {
          const from = text.length === 0 ? 0 : at % text.length;
          expect(outcome((s) => s.skipUntil(stops), text, from)).toBe(
            outcome((s) => referenceSkipUntil(s, stops), text, from),
          );
        },
      ),
      { numRuns: 20_000, seed: 2126 },
    );
  });

  it("skips a generated revision body in one piece: groups nested deeper than the runs take, strings with escapes", () => {
    const column = (i: number) =>
      `        { name: "c${i}", type: "character varying(20)", identity: { always: false }, default: "'it''s'::text" },\n`;
    const table = (t: number) =>
      `    op.createTable("t${t}", {\n      columns: [\n${Array.from({ length: 15 }, (_, i) => column(i)).join("")}      ],\n      checks: [{ name: "c", expression: "(a >= 0) AND \\"b\\" <> '}'" }],\n    });\n    // NOTE: a comment with a } and a "\n    op.execute(sql\`select \${x} / 2\`);\n`;
    const body = `{\n${Array.from({ length: 50 }, (_, t) => table(t)).join("")}  }`;
    const text = `upgrade(op) ${body}, downgrade(op) {}`;
    const from = text.indexOf("{");
    const expected = `at ${from + body.length - 1}`;
    expect(outcome((s) => referenceSkipUntil(s, "}"), text, from + 1)).toBe(expected);
    expect(outcome((s) => s.skipUntil("}"), text, from + 1)).toBe(expected);
  });

  it("takes a stretch longer than one run, and a group too long for the regex engine, as the walk does", () => {
    const long = `[${'"x", '.repeat(200_000)}'y'], {${"a, ".repeat(300_000)}}`;
    for (const stops of ["}", ",", ",}"])
      expect(outcome((s) => s.skipUntil(stops), long, 0)).toBe(
        outcome((s) => referenceSkipUntil(s, stops), long, 0),
      );
  });
});
