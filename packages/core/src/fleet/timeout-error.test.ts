import { describe, expect, test } from "vitest";
import type { TargetOutcome } from "./fleet-record.js";
import { timeoutError } from "./timeout-error.js";

// What a timed-out target's record says was applied: "nothing applied" only when verified.
const cause = {
  code: "ATHANOR_MIGRATION_FAILED" as const,
  message: "canceling statement",
  revision: "r3",
  meta: {},
};
const outcome = (over: Partial<TargetOutcome>): TargetOutcome => ({
  before: ["r1"],
  after: ["r1"],
  revisions: [],
  error: cause,
  stopped: { revision: "r3", kept: "nothing" },
  ...over,
});

describe("timeoutError", () => {
  test("cancelled, gone and rolled back with nothing before it: nothing applied", () => {
    const error = timeoutError("t", 1000, outcome({}), { sent: true }, true);
    expect(error.code).toBe("ATHANOR_FLEET_TIMEOUT");
    expect(error.message).toContain("nothing applied (r3 rolled back)");
    expect(error.meta).toMatchObject({
      cancelled: true,
      statementGone: true,
      nothingApplied: true,
      applied: [],
    });
  });

  test("revisions applied earlier in the run stay applied and are named", () => {
    const error = timeoutError(
      "t",
      1000,
      outcome({ revisions: ["r2"], after: ["r2"] }),
      { sent: true },
      true,
    );
    expect(error.message).toContain("r2 applied before it (kept); nothing of r3 applied (rolled back)");
    expect(error.meta).toMatchObject({ nothingApplied: false, applied: ["r2"] });
  });

  test("a statement the server still shows running: nothing is claimed", () => {
    const error = timeoutError("t", 1000, outcome({}), { sent: true }, false);
    expect(error.message).toContain("the server still showed its session busy");
    expect(error.message).toContain("whether anything of r3 was applied is not verified");
    expect(error.message).not.toContain("nothing applied");
    expect(error.meta).toMatchObject({ nothingApplied: false, statementGone: false });
  });

  const partWay = (expandOnly?: boolean) =>
    timeoutError(
      "t",
      1000,
      outcome({ stopped: { revision: "r3", kept: "part" } }),
      { sent: true },
      true,
      expandOnly,
    );

  test("a revision that stopped part-way says so and names --resume", () => {
    const error = partWay();
    expect(error.message).toContain(
      "r3 stopped part-way: resume it with `upgradeFleet({ ...options, resume: true })`",
    );
    expect(error.meta).toMatchObject({ nothingApplied: false });
  });

  test("in a fleet's first stage, the resume keeps the phase, so the contract still waits", () => {
    expect(partWay(true).message).toContain(
      'resume it with `upgradeFleet({ ...options, phase: "migrate", resume: true })`',
    );
  });

  test("a cancel the server refused is reported with its reason", () => {
    const error = timeoutError("t", 1000, outcome({}), { sent: false, failure: "permission denied" }, false);
    expect(error.message).toContain("its statement could not be cancelled on the server (permission denied)");
    expect(error.meta).toMatchObject({ cancelled: false, nothingApplied: false });
  });
});
