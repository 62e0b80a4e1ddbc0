import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hasControlCharacters, inertText, sqlComment } from "./inert-text.js";

// Every character that ends a SQL line comment in PostgreSQL or MySQL, or that a terminal acts on.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the property is about control characters
const ACTIVE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe("inertText", () => {
  it("escapes line breaks, escape sequences, C1 controls and bidi overrides visibly", () => {
    expect(inertText("add index\nDROP TABLE victim; --")).toBe("add index\\nDROP TABLE victim; --");
    expect(inertText("ok\r\x1b[2Kfaked")).toBe("ok\\r\\x1b[2Kfaked");
    expect(inertText("a\u009bb\u202ec\u2028")).toBe("a\\u009bb\\u202ec\\u2028");
    expect(inertText("plain — ünïcode ✓")).toBe("plain — ünïcode ✓");
  });

  it("leaves no active character in any text, and changes only those it escapes", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const inert = inertText(text);
        expect(ACTIVE.test(inert)).toBe(false);
        expect(hasControlCharacters(inert)).toBe(false);
        if (!hasControlCharacters(text)) expect(inert).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it("keeps any text on the comment's own line", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const comment = sqlComment(text);
        expect(comment.startsWith("-- ")).toBe(true);
        expect(comment.split(/\r\n|\r|\n|\u2028|\u2029|\u0085/)).toHaveLength(1);
      }),
      { numRuns: 500 },
    );
  });
});
