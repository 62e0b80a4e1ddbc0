import { readFileSync, writeFileSync } from "node:fs";
import type { DifferHooks, RevisionHeader } from "@athanor/core";
import { expect } from "vitest";
import { renderStagedRevision } from "../stage/render-staged-revision.js";
import type { StagedDiff } from "../stage/stage-types.js";

/** Every revision of a staged chain as the CLI would write it (ids r1, r2, ...), one text. */
export function renderChain(staged: StagedDiff, hooks: DifferHooks, message: string): string {
  return staged.revisions
    .map((revision, i) => {
      const header: RevisionHeader = {
        id: `r${i + 1}`,
        parents: i === 0 ? ["base0"] : [`r${i}`],
        message: `${message}${revision.title === "" ? "" : ` (${revision.title})`}`,
        createdAt: "2026-01-01T00:00:00.000Z",
        branchLabels: [],
        dependsOn: [],
        phase: revision.phase,
        transactional: true,
      };
      return renderStagedRevision({ header, revision, hooks });
    })
    .join("// ----\n");
}

/** Compares `text` with the golden file at `url` (rewritten with UPDATE_GOLDEN=1). */
export function expectGolden(url: URL, text: string): void {
  if (process.env.UPDATE_GOLDEN === "1") writeFileSync(url, text);
  expect(text).toBe(readFileSync(url, "utf8"));
}
