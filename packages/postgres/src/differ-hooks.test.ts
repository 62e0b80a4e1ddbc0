import { describe, expect, it } from "vitest";
import { postgresDifferHooks as hooks } from "./differ-hooks.js";

const staging =
  hooks.staging ??
  (() => {
    throw new Error("postgresDifferHooks has no staging hooks");
  })();

describe("postgresDifferHooks", () => {
  it("adds NOT NULL NOT VALID natively from PostgreSQL 18 only (addNotNull; the renderer writes it)", () => {
    expect(staging.notValidNotNull?.(170000)).toBe(false);
    expect(staging.notValidNotNull?.(undefined)).toBe(false);
    expect(staging.notValidNotNull?.(180000)).toBe(true);
  });

  it("refuses a name PostgreSQL would truncate instead of writing it", () => {
    expect(() => hooks.quoteIdentifier("x".repeat(64))).toThrow(/ATHANOR_INVALID_IDENTIFIER|64 bytes/);
  });
});
