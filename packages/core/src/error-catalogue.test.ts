import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { AthanorError, ERROR_CODES, isAthanorError } from "./errors.js";

describe("error catalogue", () => {
  it("documents every code in the README", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const missing = Object.keys(ERROR_CODES).filter((code) => !readme.includes(`\`${code}\``));
    expect(missing).toEqual([]);
  });

  it("types meta only for codes that exist (error-meta.ts)", () => {
    const source = readFileSync(new URL("./error-meta.ts", import.meta.url), "utf8");
    const typed = [...source.matchAll(/^ {2}(ATHANOR_\w+): \{/gm)].map((m) => m[1]);
    expect(typed.length).toBeGreaterThan(40);
    expect(typed.filter((code) => !(code in ERROR_CODES))).toEqual([]);
  });

  it("recognises errors by brand, and serialises code, message and meta", () => {
    const error = new AthanorError("ATHANOR_CYCLE", "a → b → a", { cycle: ["a", "b", "a"] });
    expect(isAthanorError(error)).toBe(true);
    expect(isAthanorError(new Error("plain"))).toBe(false);
    expect(isAthanorError({ code: "ATHANOR_CYCLE" })).toBe(false);
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      code: "ATHANOR_CYCLE",
      message: "a → b → a",
      meta: { cycle: ["a", "b", "a"] },
    });
  });
});
