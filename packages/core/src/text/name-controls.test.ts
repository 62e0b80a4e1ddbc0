import { describe, expect, it } from "vitest";
import { isAthanorError } from "../errors.js";
import { hasNameControlCharacters, refuseNameControlCharacters } from "./name-controls.js";

describe("control characters in names", () => {
  it("are the C0 controls but tab and line feed, DEL and C1", () => {
    const found = [];
    for (let code = 0; code < 0x200; code++)
      if (hasNameControlCharacters(`a${String.fromCharCode(code)}b`)) found.push(code);
    const expected = [];
    for (let code = 0; code < 0xa0; code++) if (code < 0x20 || code >= 0x7f) expected.push(code);
    expect(found).toEqual(expected.filter((c) => c !== 0x09 && c !== 0x0a));
  });

  it("are refused with ATHANOR_INVALID_IDENTIFIER showing the name escaped", () => {
    let caught: unknown;
    try {
      refuseNameControlCharacters("t\x1b]0;x\x07\x9b", { dialect: "mysql", label: "MySQL" });
    } catch (error) {
      caught = error;
    }
    expect(isAthanorError(caught) && caught.code).toBe("ATHANOR_INVALID_IDENTIFIER");
    expect((caught as Error).message).toContain('Cannot use "t\\x1b]0;x\\x07\\u009b" as a MySQL name');
    expect((caught as { meta: unknown }).meta).toEqual({ name: "t\\x1b]0;x\\x07\\u009b", dialect: "mysql" });
    expect(() =>
      refuseNameControlCharacters("tab\tline\nok", { dialect: "mysql", label: "MySQL" }),
    ).not.toThrow();
  });
});
