import { beforeAll, describe, expect, it } from "vitest";
import { checkDotStructure } from "../testing/dot-structure.js";
import { buildGraphShape, GRAPH_SHAPES } from "../testing/graph-shapes.js";
import { buildSampleHistory, runCli, tempDir } from "../testing/harness.js";

const golden = (name: string) => `../__golden__/graph/${name}`;
const shapes = Object.keys(GRAPH_SHAPES);
const projects = new Map<string, string>();

beforeAll(async () => {
  const sample = tempDir();
  projects.set("sample", sample);
  const built = [buildSampleHistory(sample)];
  for (const shape of shapes) {
    const dir = tempDir();
    projects.set(shape, dir);
    built.push(buildGraphShape(dir, shape));
  }
  await Promise.all(built);
});

async function stdoutOf(project: string, argv: readonly string[]): Promise<string> {
  const result = await runCli(projects.get(project) as string, argv);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return result.stdout;
}

describe.each(["sample", ...shapes])("%s", (shape) => {
  it("draws ASCII lanes when piped", async () => {
    await expect(await stdoutOf(shape, ["history", "--graph"])).toMatchFileSnapshot(
      golden(`${shape}.ascii.txt`),
    );
  });

  it("draws box-drawing lanes with --unicode", async () => {
    const text = await stdoutOf(shape, ["history", "--graph", "--unicode"]);
    await expect(text).toMatchFileSnapshot(golden(`${shape}.unicode.txt`));
  });

  it("exports Mermaid", async () => {
    await expect(await stdoutOf(shape, ["graph"])).toMatchFileSnapshot(golden(`${shape}.mmd`));
  });

  it("exports well-formed DOT", async () => {
    const dot = await stdoutOf(shape, ["graph", "--format", "dot"]);
    const json = JSON.parse(await stdoutOf(shape, ["history", "--graph", "--json"]));
    const structure = checkDotStructure(dot);
    expect(structure.nodes).toEqual(new Set(json.nodes.map((n: { id: string }) => n.id)));
    expect(structure.edges).toBe(json.edges.length);
    await expect(dot).toMatchFileSnapshot(golden(`${shape}.dot`));
  });
});

describe("history --graph on the sample history", () => {
  it("gives nodes and edges as JSON", async () => {
    const text = await stdoutOf("sample", ["history", "--graph", "--json"]);
    await expect(text).toMatchFileSnapshot(golden("sample.json.txt"));
  });

  it("narrows to a range and cuts a page with the open lanes drawn", async () => {
    expect(await stdoutOf("sample", ["history", "--graph", "-r", "27c6:53ff"])).toBe(
      [
        "* 53ff6e4a9c01 merge cart into main",
        "* 3b1f0c9d2e4a [expand] add cart items ~> depends on 55af2cb1c267",
        "* 27c6a30d7c24 (cart) add shopping cart table",
        "",
      ].join("\n"),
    );
    const page = (await stdoutOf("sample", ["history", "--graph", "--limit", "2"])).split("\n");
    expect(page.slice(0, 4)).toEqual([
      "*   53ff6e4a9c01 merge cart into main",
      "|\\",
      "* | ae1027a6acf0 add a column",
      "| | ... 4 older revisions not shown (--limit 0 shows all, -r START:END narrows)",
    ]);
  });

  it("pages at 200 rows on a terminal and shows everything when piped", async () => {
    const dir = projects.get("long-linear-run") as string;
    const piped = await runCli(dir, ["history", "--graph"]);
    expect(piped.stdout.trim().split("\n")).toHaveLength(30);
    const tty = await runCli(dir, ["history", "--graph", "--limit", "10"], { isTTY: true });
    expect(tty.stdout.trim().split("\n")).toHaveLength(11);
    expect(tty.stdout).toContain("... 20 older revisions not shown");
  });

  it("rejects a limit that is not a whole number as a usage error", async () => {
    const result = await runCli(projects.get("sample") as string, ["history", "--graph", "--limit", "ten"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error\[ATHANOR_USAGE\]: --limit takes a whole number/);
  });

  it("wraps an export as { format, text } with --json and rejects an unknown format", async () => {
    const dot = await stdoutOf("sample", ["graph", "--format", "dot"]);
    const wrapped = JSON.parse(await stdoutOf("sample", ["graph", "--format", "dot", "--json"]));
    expect(wrapped).toEqual({ format: "dot", text: dot });
    const bad = await runCli(projects.get("sample") as string, ["graph", "--format", "svg"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error\[ATHANOR_USAGE\]: .*mermaid, dot/);
  });
});
