import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildSampleHistory, runCli, tempDir } from "./testing/harness.js";

let project: string;

beforeAll(async () => {
  project = tempDir();
  await buildSampleHistory(project);
});

const golden = (name: string) => `./__golden__/${name}`;

describe("graph commands on the sample history (golden)", () => {
  it.each([
    ["heads", ["heads"]],
    ["heads-verbose", ["heads", "--verbose"]],
    ["branches", ["branches"]],
    ["branches-verbose", ["branches", "-v"]],
    ["history", ["history"]],
    ["history-range", ["history", "-r", "27c6:53ff"]],
    ["history-verbose", ["history", "-r", "cart@base:cart@head", "--verbose"]],
    ["show-merge", ["show", "53ff"]],
    ["show-heads", ["show", "heads"]],
  ])("%s (text)", async (name, argv) => {
    const result = await runCli(project, argv);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    await expect(result.stdout).toMatchFileSnapshot(golden(`${name}.txt`));
  });

  it.each([
    ["heads", ["heads", "--json"]],
    ["branches", ["branches", "--json"]],
    ["history", ["history", "--json"]],
    ["show", ["show", "cart@head", "--json"]],
  ])("%s (json)", async (name, argv) => {
    const result = await runCli(project, argv);
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout);
    await expect(`${JSON.stringify(document, null, 2)}\n`).toMatchFileSnapshot(golden(`${name}.json.txt`));
  });

  it("writes revision files a reviewer can read", async () => {
    const versions = join(project, "migrations", "versions");
    await expect(readFileSync(join(versions, "3b1f0c9d2e4a_add_cart_items.ts"), "utf8")).toMatchFileSnapshot(
      golden("3b1f0c9d2e4a_add_cart_items.ts.txt"),
    );
    await expect(
      readFileSync(join(versions, "53ff6e4a9c01_merge_cart_into_main.ts"), "utf8"),
    ).toMatchFileSnapshot(golden("53ff6e4a9c01_merge_cart_into_main.ts.txt"));
    await expect(readFileSync(join(project, "athanor.config.ts"), "utf8")).toMatchFileSnapshot(
      golden("athanor.config.ts.txt"),
    );
  });

  it("lists the effective head that only a depends-on builds on", async () => {
    const { heads } = JSON.parse((await runCli(project, ["heads", "--json"])).stdout) as {
      heads: { id: string; isHead: boolean; isEffectiveHead: boolean }[];
    };
    expect(heads.map((h) => [h.id, h.isHead, h.isEffectiveHead])).toEqual([
      ["55af2cb1c267", false, true],
      ["53ff6e4a9c01", true, false],
    ]);
  });

  it("resolves show targets through the grammar and reports ambiguity as a coded error", async () => {
    const byLabel = await runCli(project, ["show", "audit", "--json"]);
    expect(JSON.parse(byLabel.stdout).revisions.map((r: { id: string }) => r.id)).toEqual(["55af2cb1c267"]);
    const unknown = await runCli(project, ["show", "zzzz"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^error\[ATHANOR_UNKNOWN_REVISION\]: /);
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
  });
});
