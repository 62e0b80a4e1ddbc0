import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeDirectory } from "./make-directory.js";

const root = () => mkdtempSync(join(tmpdir(), "athanor-mkdir-"));

describe("makeDirectory", () => {
  it("makes every missing level with the mode, and leaves an existing folder alone", () => {
    const base = root();
    const umask = process.umask(0);
    try {
      makeDirectory(join(base, "a", "b", "c"), 0o700);
      makeDirectory(join(base, "a", "b", "c"), 0o700);
    } finally {
      process.umask(umask);
    }
    for (const level of ["a", "a/b", "a/b/c"]) expect(statSync(join(base, level)).mode & 0o777).toBe(0o700);
    expect(() => makeDirectory("/")).not.toThrow();
  });

  it("throws the first refusal as an errno error: a file on the way", () => {
    const base = root();
    writeFileSync(join(base, "file"), "");
    expect(() => makeDirectory(join(base, "file", "x", "y"))).toThrow(
      expect.objectContaining({ code: "ENOTDIR" }),
    );
  });
});
