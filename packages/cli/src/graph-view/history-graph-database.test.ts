import { beforeAll, describe, expect, it } from "vitest";
import { buildSampleHistory, ok, runCli, tempDir } from "../testing/harness.js";

// Applied vs pending comes from a real database: the project's embedded PGlite (no URL set).
let project: string;

beforeAll(async () => {
  project = tempDir("athanor-graph-db-");
  await buildSampleHistory(project);
  await ok(project, ["upgrade", "3b1f0c9d2e4a"]);
});

const golden = (name: string) => `../__golden__/graph/${name}`;

describe("history --graph -i on PGlite, upgraded to 3b1f (cart) only", () => {
  it("marks applied revisions ●, pending ○ and the version table's row (current)", async () => {
    const result = await runCli(project, ["history", "--graph", "-i", "--unicode"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    // the node glyph of a revision's row: lanes, then ● or ○, then lanes, then the id
    const glyph = (id: string) =>
      lines.map((l) => new RegExp(`^[│ ]*([●○])[│ ]*${id} `).exec(l)?.[1]).find(Boolean);
    expect(["1975ea83b712", "27c6a30d7c24", "55af2cb1c267", "3b1f0c9d2e4a"].map(glyph)).toEqual([
      "●",
      "●",
      "●",
      "●",
    ]);
    expect(["ae1027a6acf0", "53ff6e4a9c01"].map(glyph)).toEqual(["○", "○"]);
    expect(lines.filter((l) => l.includes("(current)"))).toEqual([
      "│ ● 3b1f0c9d2e4a [expand] (current) add cart items ⇢ depends on 55af2cb1c267",
    ]);
    await expect(result.stdout).toMatchFileSnapshot(golden("sample-indicate-current.unicode.txt"));
  });

  it("puts applied and current in the JSON nodes", async () => {
    const { nodes } = JSON.parse((await runCli(project, ["history", "--graph", "-i", "--json"])).stdout) as {
      nodes: { id: string; applied: boolean; current: boolean }[];
    };
    expect(nodes.filter((n) => n.applied).map((n) => n.id)).toEqual([
      "3b1f0c9d2e4a",
      "27c6a30d7c24",
      "1975ea83b712",
      "55af2cb1c267",
    ]);
    expect(nodes.filter((n) => n.current).map((n) => n.id)).toEqual(["3b1f0c9d2e4a"]);
  });

  it("styles applied, pending and current revisions in Mermaid", async () => {
    const result = await runCli(project, ["graph", "-i"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("  class rev_ae1027a6acf0,rev_53ff6e4a9c01 pending\n");
    expect(result.stdout).toContain("  class rev_3b1f0c9d2e4a current\n");
    await expect(result.stdout).toMatchFileSnapshot(golden("sample-indicate-current.mmd"));
  });
});
