import fc from "fast-check";
import { expect, test } from "vitest";
import { skipQuoted } from "./split-sql.js";
import { firstGroupStart, splitAtCommas, sqlTokens } from "./sql-tokens.js";
import { readTableSql } from "./table-sql.js";

// The char-by-char scanners sqlTokens and skipQuoted replaced (before they jumped with indexOf
// and sticky regexes), kept as the reference: same tokens, same offsets, same `end`, on any text.
function refSkipQuoted(text: string, open: number): number {
  const first = text.charCodeAt(open);
  const close = first === 91 ? 93 : first;
  for (let i = open + 1; i < text.length; i++) {
    if (text.charCodeAt(i) !== close) continue;
    if (close !== 93 && text.charCodeAt(i + 1) === close) {
      i++;
      continue;
    }
    return i;
  }
  return text.length;
}
function refCommentEnd(text: string, i: number): number {
  const ch = text.charCodeAt(i);
  if (ch === 45 && text.charCodeAt(i + 1) === 45) {
    const end = text.indexOf("\n", i);
    return end === -1 ? text.length - 1 : end;
  }
  if (ch === 47 && text.charCodeAt(i + 1) === 42) {
    const end = text.indexOf("*/", i + 2);
    return end === -1 ? text.length - 1 : end + 1;
  }
  return -1;
}
const refIsQuote = (c: number) => c === 39 || c === 34 || c === 96 || c === 91;
const refSkip = (text: string, i: number) =>
  refIsQuote(text.charCodeAt(i)) ? refSkipQuoted(text, i) : refCommentEnd(text, i);
const refWord = (c: number) =>
  (c >= 97 && c <= 122) ||
  (c >= 65 && c <= 90) ||
  (c >= 48 && c <= 57) ||
  c === 95 ||
  c === 36 ||
  c === 46 ||
  c >= 128;
function refGroupEnd(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const skipped = refSkip(text, i);
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
function refTokens(text: string, from = 0, close = false) {
  const tokens: { kind: string; text: string; start: number; end: number }[] = [];
  let i = from;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 32) continue;
    const comment = refCommentEnd(text, i);
    if (comment !== -1) {
      i = comment;
      continue;
    }
    if (close && c === 41) break;
    const start = i;
    let kind: string;
    if (refIsQuote(c)) {
      kind = "quoted";
      i = refSkipQuoted(text, i);
    } else if (c === 40) {
      kind = "group";
      i = refGroupEnd(text, i);
    } else if (refWord(c)) {
      kind = "word";
      while (i + 1 < text.length && refWord(text.charCodeAt(i + 1))) i++;
    } else kind = "punct";
    tokens.push({ kind, text: text.slice(start, i + 1), start, end: i + 1 });
  }
  return { tokens, end: i };
}

// SQL-ish text: every character the scanners treat specially, often, and some that they do not
const piece = fc.constantFrom(
  "'",
  '"',
  "`",
  "[",
  "]",
  "(",
  ")",
  "-",
  "--",
  "/",
  "*",
  "/*",
  "*/",
  "''",
  '""',
  "``",
  "\n",
  " ",
  "\t",
  ",",
  ";",
  "a",
  "Z",
  "_",
  "$",
  ".",
  "9",
  "é",
  "\u00a0",
  "\ud83d",
  "CHECK",
  "x'",
  "DEFAULT",
);
const sqlish = fc
  .array(fc.oneof(piece, fc.string({ maxLength: 3 })), { maxLength: 40 })
  .map((p) => p.join(""));

test("sqlTokens gives the char-by-char scanner's tokens and end on any text, from any start", () => {
  fc.assert(
    fc.property(sqlish, fc.nat(), fc.boolean(), (text, at, close) => {
      const from = text.length === 0 ? 0 : at % (text.length + 1);
      expect(sqlTokens(text, from, close)).toEqual(refTokens(text, from, close));
    }),
    { numRuns: 20_000 },
  );
});

// firstGroupStart and splitAtCommas as they were before they skipped the calls a character or a
// token cannot need (baseline code pays per call): the reference for the faster forms.
function refFirstGroupStart(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const skipped = refSkip(text, i);
    if (skipped !== -1) i = skipped;
    else if (text.charCodeAt(i) === 40) return i;
  }
  return -1;
}
function refSplitAtCommas<T extends { kind: string; text: string }>(tokens: readonly T[]): T[][] {
  const parts: T[][] = [[]];
  for (const token of tokens) {
    if (token.kind === "punct" && token.text === ",") parts.push([]);
    else (parts[parts.length - 1] as T[]).push(token);
  }
  return parts.filter((p) => p.length > 0);
}

test("firstGroupStart and splitAtCommas give the reference's answers on any text", () => {
  const withCommas = fc
    .array(fc.oneof(piece, fc.constantFrom(",", ", ,", ",,", "(a, b)", "'a,b'")), { maxLength: 40 })
    .map((p) => p.join(""));
  fc.assert(
    fc.property(fc.oneof(sqlish, withCommas), fc.nat(), (text, at) => {
      expect(firstGroupStart(text)).toBe(refFirstGroupStart(text));
      const from = text.length === 0 ? 0 : at % (text.length + 1);
      const { tokens } = sqlTokens(text, from);
      expect(splitAtCommas(tokens)).toEqual(refSplitAtCommas(tokens));
    }),
    { numRuns: 20_000 },
  );
});

test("skipQuoted gives the char-by-char scan's closing index on any text", () => {
  fc.assert(
    fc.property(fc.constantFrom("'", '"', "`", "["), sqlish, (quote, rest) => {
      const text = quote + rest;
      expect(skipQuoted(text, 0)).toBe(refSkipQuoted(text, 0));
    }),
    { numRuns: 20_000 },
  );
});

test("a table constraint's tokens are its body's own tokens (read once, not again per key)", () => {
  const columns = fc.array(fc.oneof(sqlish, fc.constantFrom("a int", "b text DEFAULT 'x, y'")), {
    maxLength: 4,
  });
  const constraint = fc.constantFrom(
    "UNIQUE (a, b)",
    'CONSTRAINT "k,1" UNIQUE ("a")',
    "FOREIGN KEY (a) REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED",
    "CONSTRAINT f FOREIGN KEY ([a]) REFERENCES `p`(`id`) ON DELETE cascade /* ) */",
    "CHECK (a > 0 -- )\n)",
    "PRIMARY KEY (a DESC)",
    "CONSTRAINT",
  );
  fc.assert(
    fc.property(columns, fc.array(fc.oneof(constraint, sqlish), { maxLength: 3 }), (cols, cons) => {
      let facts: ReturnType<typeof readTableSql>;
      try {
        facts = readTableSql(`CREATE TABLE t (${[...cols, ...cons].join(", ")})`);
      } catch {
        return; // text SQLite would refuse to store (`CHECK` without its expression)
      }
      for (const c of facts.constraints) {
        const own = sqlTokens(c.body).tokens.map(({ kind, text }) => ({ kind, text }));
        expect(c.tokens.map(({ kind, text }) => ({ kind, text }))).toEqual(own);
      }
    }),
    { numRuns: 5_000 },
  );
});
