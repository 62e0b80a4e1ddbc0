import { describe, expect, it } from "vitest";
import { migrationTagProblem, shownTag } from "./migration-tag.js";

describe("migrationTagProblem", () => {
  it("carries a backslash where it is an ordinary character, refuses it where it separates folders", () => {
    expect(migrationTagProblem("0000_a\\b", "linux")).toBeUndefined();
    expect(migrationTagProblem("0000_a\\b", "darwin")).toBeUndefined();
    expect(migrationTagProblem("0000_a\\b", "win32")).toContain(
      "backslash, which Windows reads as a folder separator",
    );
  });

  it("names each refused tag's real problem", () => {
    expect(migrationTagProblem("a/b", "linux")).toContain("contains a slash");
    expect(migrationTagProblem("..", "linux")).toContain("is not a file name");
    expect(migrationTagProblem("", "linux")).toContain("is not a file name");
    expect(migrationTagProblem("a\u2028b", "linux")).toContain("control character");
    expect(migrationTagProblem('0000_"q"..x', "linux")).toBeUndefined();
  });

  it("shows a tag inert, a backslash as itself", () => {
    expect(shownTag("0000_a\\b")).toBe('"0000_a\\b"');
    expect(shownTag("a\u001b[2Jb\n")).toBe('"a\\x1b[2Jb\\n"');
  });
});
