import { afterEach, describe, expect, it } from "vitest";
import { EmbeddedHolds } from "./testing/embedded-hold.js";
import { runCli, tempDir } from "./testing/harness.js";

// Each case's PGlite stays open across its CLI calls (testing/embedded-hold.ts): a call shares it
// instead of starting PGlite, and must leave no transaction open.
const holds = new EmbeddedHolds();
const cli = (dir: string, argv: readonly string[]) => runCli(dir, argv, { env: holds.tag({}) });

describe("athanor show current", () => {
  afterEach(() => holds.closeAll());

  it("reads the database's heads (embedded PGlite) instead of assuming base", async () => {
    const dir = tempDir();
    for (const argv of [
      ["init"],
      ["revision", "-m", "one", "--rev-id", "aaa111"],
      ["revision", "-m", "two", "--rev-id", "bbb222"],
    ]) {
      expect((await cli(dir, argv)).code).toBe(0);
    }
    const atBase = await cli(dir, ["show", "current", "--json"]);
    expect(JSON.parse(atBase.stdout).revisions).toEqual([]);

    expect((await cli(dir, ["upgrade", "aaa111"])).code).toBe(0);
    const atOne = await cli(dir, ["show", "current", "--json"]);
    expect(JSON.parse(atOne.stdout).revisions.map((r: { id: string }) => r.id)).toEqual(["aaa111"]);
    const next = await cli(dir, ["show", "current+1"]);
    expect(next.stdout).toContain("Rev: bbb222");
  }, 120_000);

  it("bare relative targets in show and history -r walk from the database's revision", async () => {
    const dir = tempDir();
    const ids = ["aaa111", "bbb222", "ccc333", "ddd444", "eee555"];
    expect((await cli(dir, ["init"])).code).toBe(0);
    for (const id of ids) expect((await cli(dir, ["revision", "-m", id, "--rev-id", id])).code).toBe(0);
    expect((await cli(dir, ["upgrade", "ddd444"])).code).toBe(0);

    const shown = async (target: string) =>
      JSON.parse((await cli(dir, ["show", target, "--json"])).stdout).revisions.map(
        (r: { id: string }) => r.id,
      );
    expect(await shown("+1")).toEqual(["eee555"]);
    expect(await shown("-1")).toEqual(["ccc333"]);
    expect(await shown("current-2")).toEqual(["bbb222"]);

    const listed = async (range: string) =>
      JSON.parse((await cli(dir, ["history", `--rev-range=${range}`, "--json"])).stdout).revisions.map(
        (r: { id: string }) => r.id,
      );
    expect(await listed("-2:")).toEqual(["eee555", "ddd444", "ccc333", "bbb222"]);
    expect(await listed("current:")).toEqual(["eee555", "ddd444"]);
    expect(await listed("current-1:")).toEqual(["eee555", "ddd444", "ccc333"]);
    expect(await listed(":current")).toEqual(["ddd444", "ccc333", "bbb222", "aaa111"]);
    expect(await listed("head-1:")).toEqual(["eee555", "ddd444"]);
  }, 120_000);
});
