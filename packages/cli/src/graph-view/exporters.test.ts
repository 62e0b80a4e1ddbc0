import { spawnSync } from "node:child_process";
import { RevisionGraph } from "@athanor/core";
import { describe, expect, it } from "vitest";
import { checkDotStructure } from "../testing/dot-structure.js";
import { revisionHeader as source } from "../testing/revision-header.js";
import { renderDot } from "./dot-graph.js";
import { buildGraphModel, selectRevisions } from "./graph-model.js";
import { escapeMermaid, mermaidKey, renderMermaid } from "./mermaid-graph.js";

// Messages written to break a naive exporter: quotes, backslashes, HTML, Mermaid syntax.
const hostile = RevisionGraph.build([
  source("end", [], 'say "hi" \\ <script>alert(1)</script> & #35; `code`'),
  source("v1.2_x", ["end"], "a --> b; click end call x()", { phase: "contract" }),
  source("o", ["end"], "}]) {{ ]] -.-> ", { dependsOn: ["v1.2_x"], branchLabels: ["lbl"] }),
]);
const model = buildGraphModel(hostile, selectRevisions(hostile, undefined), {
  marks: { applied: new Set(["end", "v1.2_x"]), currentHeads: new Set(["v1.2_x"]) },
});

const graphvizInstalled = spawnSync("dot", ["-V"]).status === 0;
/** CI installs Graphviz (.ci/run) and sets this: there a missing `dot` fails instead of skipping. */
const graphvizRequired = process.env.ATHANOR_REQUIRE_GRAPHVIZ === "1";

describe("renderMermaid", () => {
  it("writes a caption's %% as entities: Mermaid strips `%%…` to the end of a line as a comment and reads `%%{init: …}%%` anywhere as a directive", () => {
    // "100%% done" cut the node line short (no closing quote: the whole diagram failed to parse)
    expect(escapeMermaid("100%% done %%{init: {'theme':'dark'}}%%")).toBe(
      "100#37;#37; done #37;#37;{init: {'theme':'dark'}}#37;#37;",
    );
    expect(escapeMermaid("100%% done")).not.toContain("%%");
  });

  it("keys nodes so ids can neither collide nor read as Mermaid keywords", () => {
    expect(mermaidKey("end")).toBe("rev_end");
    expect(mermaidKey("v1.2_x")).toBe("rev_v1_x2e_2_x5f_x");
    expect(mermaidKey("v1_x2e_2")).not.toBe(mermaidKey("v1.2"));
  });

  it("writes every caption as one quoted string with the dangerous characters as entities", () => {
    expect(escapeMermaid('a "b" <c> & #d `e`')).toBe("a #quot;b#quot; #lt;c#gt; #amp; #35;d #96;e#96;");
    const lines = renderMermaid(model);
    for (const line of lines.filter((l) => l.includes('"'))) {
      // exactly two quotes per node line: nothing in a caption can close the string
      expect(line.match(/"/g)).toHaveLength(2);
      expect(line).not.toMatch(/<script/);
    }
    expect(lines).toContain("  rev_v1_x2e_2_x5f_x -. depends on .-> rev_o");
    expect(lines).toContain("  class rev_v1_x2e_2_x5f_x contract");
    expect(lines).toContain("  class rev_end,rev_v1_x2e_2_x5f_x applied");
    expect(lines).toContain("  class rev_o pending");
    expect(lines).toContain("  class rev_v1_x2e_2_x5f_x current");
  });
});

describe("renderDot", () => {
  it("escapes quotes and backslashes so the file parses with every node and edge", () => {
    const dot = renderDot(model).join("\n");
    const structure = checkDotStructure(dot);
    expect(structure.nodes).toEqual(new Set(["end", "v1.2_x", "o"]));
    expect(structure.edges).toBe(3);
    expect(dot).toContain(`label="end\\nsay \\"hi\\" \\\\ <script>alert(1)</script> &`);
    expect(dot).toMatch(/"v1\.2_x" -> "o" \[style=dashed/);
    expect(dot).toMatch(/"v1\.2_x" \[.*color="#188038", penwidth=3\]/);
    expect(dot).toMatch(/"o" \[.*style="rounded,filled,dashed"/);
  });

  it("rejects DOT the structural check should not accept", () => {
    expect(() => checkDotStructure('digraph { "a" -> "b"; }')).toThrow(/undeclared/);
    expect(() => checkDotStructure('digraph { "a" [label="x]; }')).toThrow();
    expect(() => checkDotStructure('digraph { "a"; } }')).toThrow(/after the closing brace/);
  });

  // Graphviz is a system tool, not a database: where it is missing only this check is skipped
  // (the structural check above still runs everywhere) — but not in CI, which installs it and
  // sets ATHANOR_REQUIRE_GRAPHVIZ=1, so a failed install fails here instead of skipping.
  it.skipIf(!graphvizInstalled && !graphvizRequired)("renders to SVG with Graphviz", () => {
    const result = spawnSync("dot", ["-Tsvg"], { input: renderDot(model).join("\n"), encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("<svg");
    expect(result.stdout).toContain("&lt;script&gt;");
  });
});
