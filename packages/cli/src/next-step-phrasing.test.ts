import { describe, expect, it } from "vitest";
import { CLI_PHRASING } from "./next-step-phrasing.js";

// Core names the next step; these are the command lines the CLI's messages have always shown.
describe("next steps as athanor command lines", () => {
  it("words every step as the command that takes it", () => {
    expect(CLI_PHRASING({ kind: "stamp", placeholder: "<heads>", purge: true })).toBe(
      "athanor stamp <heads> --purge",
    );
    expect(CLI_PHRASING({ kind: "stamp" })).toBe("athanor stamp");
    // an id shaped like a placeholder is still an id: one shell word, never a redirection
    expect(CLI_PHRASING({ kind: "stamp", revisions: "<$(x)> a1", purge: true })).toBe(
      "athanor stamp '<$(x)>' a1 --purge",
    );
    expect(CLI_PHRASING({ kind: "run", direction: "upgrade", target: "b2", resume: true })).toBe(
      "athanor upgrade b2 --resume",
    );
    expect(CLI_PHRASING({ kind: "run", direction: "upgrade", resume: true, expandOnly: true })).toBe(
      "athanor upgrade --phase expand --resume",
    );
    expect(CLI_PHRASING({ kind: "fleet-resume", expandOnly: true })).toBe(
      "athanor upgrade --fleet --phase expand --resume",
    );
    expect(CLI_PHRASING({ kind: "fleet-resume" })).toBe("athanor upgrade --fleet --resume");
    expect(CLI_PHRASING({ kind: "run", direction: "downgrade" })).toBe("athanor downgrade");
    expect(CLI_PHRASING({ kind: "accept-checksums", revisions: ["a1", "b2"] })).toBe(
      "athanor checksums accept a1 b2",
    );
    expect(CLI_PHRASING({ kind: "current" })).toBe("athanor current");
    expect(CLI_PHRASING({ kind: "resume-option" })).toBe("--resume");
    expect(CLI_PHRASING({ kind: "create-versions-folder" })).toMatch(/^Create that folder/);
  });
});
