import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "./testing/harness.js";

describe("athanor show current", () => {
  it("reads the database's heads (embedded PGlite) instead of assuming base", async () => {
    const dir = tempDir();
    for (const argv of [
      ["init"],
      ["revision", "-m", "one", "--rev-id", "aaa111"],
      ["revision", "-m", "two", "--rev-id", "bbb222"],
    ]) {
      expect((await runCli(dir, argv)).code).toBe(0);
    }
    const atBase = await runCli(dir, ["show", "current", "--json"]);
    expect(JSON.parse(atBase.stdout).revisions).toEqual([]);

    expect((await runCli(dir, ["upgrade", "aaa111"])).code).toBe(0);
    const atOne = await runCli(dir, ["show", "current", "--json"]);
    expect(JSON.parse(atOne.stdout).revisions.map((r: { id: string }) => r.id)).toEqual(["aaa111"]);
    const next = await runCli(dir, ["show", "current+1"]);
    expect(next.stdout).toContain("Rev: bbb222");
  }, 120_000);
});
