import { describe, expect, it } from "vitest";
import { RevisionGraph } from "../graph/revision-graph.js";
import { LIBRARY_PHRASING, type NextStep, nextStep, phraseNextStepsWith } from "./next-step.js";

describe("next steps in messages", () => {
  it("speaks the library's API by default", () => {
    expect(nextStep({ kind: "stamp", revisions: "a1 b2", purge: true })).toBe(
      'stamp(options, ["a1", "b2"], { purge: true })',
    );
    expect(nextStep({ kind: "run", direction: "upgrade", target: "b2", resume: true })).toBe(
      'upgrade(options, "b2", { resume: true })',
    );
    expect(nextStep({ kind: "accept-checksums", revisions: ["a1"] })).toBe('acceptChecksum(options, ["a1"])');
    expect(nextStep({ kind: "current" })).toBe("current(options)");
  });

  it("speaks a front end's language once it installs one, in the messages core raises", () => {
    const cli = (step: NextStep) =>
      step.kind === "list-revisions" ? "Run `tool ls`." : LIBRARY_PHRASING(step);
    const graph = RevisionGraph.build([
      { id: "a1", parents: [], message: "", branchLabels: [], dependsOn: [], transactional: true },
    ]);
    const previous = phraseNextStepsWith(cli);
    try {
      expect(() => graph.indexOf("zz")).toThrow("no revision file declares that id. Run `tool ls`.");
    } finally {
      phraseNextStepsWith(previous);
    }
    expect(() => graph.indexOf("zz")).toThrow("The revision files' headers declare the ids.");
  });
});
