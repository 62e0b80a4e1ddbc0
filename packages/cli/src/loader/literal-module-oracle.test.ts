import { operations } from "@athanor/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readLiteralModuleReference } from "../testing/literal-module-reference.js";
import {
  generatedRevision,
  literalText,
  mutation,
  repositoryRevisions,
  stringLiteral,
} from "../testing/literal-revision-samples.js";
import { readLiteralModule } from "./literal-module.js";

// The literal reader's scanner was rewritten for speed. The reader before it (kept verbatim in
// testing/literal-module-reference.ts) is the oracle: for every text, the new one must give the
// same module — or, where the old one refused, refuse too. Both are pure, so thousands of inputs
// are compared: generated revisions, strings built from every character the scanner treats
// specially, and mutations of both and of the repository's revisions.

const BUILDERS = new Set(Object.keys(operations));

function sameAsReference(text: string): void {
  expect(readLiteralModule(text, BUILDERS), JSON.stringify(text)).toStrictEqual(
    readLiteralModuleReference(text, BUILDERS),
  );
}

/** Characters and pairs where a scanner's decisions lie: quotes, escapes, line breaks, `${`, non-ASCII. */
const tricky = fc.constantFrom(
  '"',
  "'",
  "`",
  "\\",
  "\\\\",
  "\n",
  "\r",
  "\r\n",
  "\u2028",
  "\u2029",
  "$",
  "${",
  "$$",
  "{",
  "}",
  "\\u{41}",
  "\\u{110000}",
  "\\u00e9",
  "\\x4",
  "\\x41",
  "\\0",
  "\\01",
  "\\8",
  "\\\n",
  "\\\r\n",
  "\\\r",
  "\\\u2028",
  "\\`",
  "\\$",
  "\\{",
  "TO",
  "DO",
  "/*",
  "*/",
  "//",
  "é",
  "😀",
  "\ud83d",
  "\u00a0",
  "\ufeff",
  "\u3000",
  " ",
  "\t",
  "\v",
  "a",
  "0",
  ".",
  "-",
  "e",
  "_",
);

/** A string literal's body made of tricky parts, in any quote, closed or not. */
const rawString = fc
  .tuple(fc.constantFrom('"', "'", "`"), fc.array(tricky, { maxLength: 8 }), fc.boolean())
  .map(([quote, parts, closed]) => `${quote}${parts.join("")}${closed ? quote : ""}`);

/** A revision around `args`, in the layout `athanor revision` writes. */
const around = (args: string) =>
  `import { defineRevision } from "@athanor/core";\n\nexport default defineRevision({\n  id: "a1",\n  parents: [],\n  upgrade(op) {\n    op.execute(${args});\n  },\n  downgrade(op) {},\n});\n`;

/** One to three random edits, each an insertion of a plain or tricky fragment. */
const edits = fc.array(
  fc.oneof(
    mutation,
    fc.tuple(fc.nat(), tricky).map(([at, insert]) => (text: string) => {
      const i = at % (text.length + 1);
      return text.slice(0, i) + insert + text.slice(i);
    }),
    fc.nat().map((at) => (text: string) => {
      const i = at % (text.length + 1);
      return text.slice(0, i) + text.slice(i + 1);
    }),
  ),
  { minLength: 1, maxLength: 3 },
);
const edited = (text: string, changes: ((text: string) => string)[]) =>
  changes.reduce((out, change) => change(out), text);

describe("the literal reader against its previous version", () => {
  it("reads every generated revision and every edit of one alike", () => {
    fc.assert(
      fc.property(generatedRevision, fc.option(edits), (text, changes) => {
        sameAsReference(changes === null ? text : edited(text, changes));
      }),
      { numRuns: 3000 },
    );
  });

  it("reads strings of quotes, escapes, line breaks and `${` alike", () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(fc.oneof(rawString, stringLiteral), { minLength: 1, maxLength: 3 }), (args) => {
        const text = around(args.join(", "));
        if (readLiteralModuleReference(text, BUILDERS) !== undefined) accepted++;
        sameAsReference(text);
      }),
      { numRuns: 5000 },
    );
    // not vacuous: many are accepted, so their decoded values were compared
    expect(accepted).toBeGreaterThan(1000);
  });

  it("reads any literal, and any literal cut short or edited, alike", () => {
    fc.assert(
      fc.property(literalText, fc.nat(), edits, (literal, cut, changes) => {
        sameAsReference(around(literal));
        sameAsReference(around(literal.slice(0, cut % (literal.length + 1))));
        sameAsReference(around(edited(literal, changes)));
      }),
      { numRuns: 3000 },
    );
  });

  it("reads the repository's revisions, every prefix of one, and edits of each alike", () => {
    const revisions = repositoryRevisions();
    for (const { text } of revisions) sameAsReference(text);
    const sample = revisions.find(({ text }) => readLiteralModuleReference(text, BUILDERS) !== undefined);
    expect(sample).toBeDefined();
    for (let end = 0; end <= (sample?.text.length ?? 0); end++)
      sameAsReference(sample?.text.slice(0, end) ?? "");
    fc.assert(
      fc.property(fc.constantFrom(...revisions), edits, ({ text }, changes) => {
        sameAsReference(edited(text, changes));
      }),
      { numRuns: 3000 },
    );
  });

  it("reads arbitrary text alike", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => {
        sameAsReference(text);
        sameAsReference(around(text));
      }),
      { numRuns: 3000 },
    );
  });
});
