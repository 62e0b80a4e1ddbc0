// What git tracks must make a fresh clone work on its own: a committed symbolic link (such as a
// worktree's `node_modules -> /work/main/node_modules`) points at the committer's machine, and a
// fresh clone's `npm exec` then failed with ELOOP before any test ran (CI exit 216, stop 35).
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const root = new URL("../..", import.meta.url).pathname;

function trackedEntries(): { mode: string; path: string }[] {
  const out = execFileSync("git", ["ls-files", "--stage", "-z"], { cwd: root, encoding: "utf8" });
  return out
    .split("\0")
    .filter(Boolean)
    .map((line) => {
      const [meta = "", path = ""] = line.split("\t");
      return { mode: meta.split(" ")[0] ?? "", path };
    });
}

describe("tracked files", () => {
  const entries = trackedEntries();

  it("reads the index (the test would pass on an empty list otherwise)", () => {
    expect(entries.some((e) => e.path === "package.json")).toBe(true);
  });

  it("has no symbolic links", () => {
    expect(entries.filter((e) => e.mode === "120000").map((e) => e.path)).toEqual([]);
  });

  it("has nothing installed or built", () => {
    const generated = entries
      .map((e) => e.path)
      .filter((p) => /(^|\/)(node_modules|dist|\.turbo)(\/|$)/.test(p));
    expect(generated).toEqual([]);
  });
});
