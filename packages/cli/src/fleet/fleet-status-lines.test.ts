import { expect, test } from "vitest";
import { type FleetStatus, fleetStatusLines } from "./fleet-status.js";

// The part-way lines of `status --fleet`: each target's own resume command, with `--phase expand`
// when its revision is of the expand/migrate phase (as the runner's advice says, so a deploy's
// first stage is not carried into its contract revisions), names quoted as shell words.
test("part-way targets get their own resume command; an expand/migrate revision keeps --phase expand", () => {
  const status: FleetStatus = {
    fleet: "tenants",
    targets: 3,
    heads: ["r4"],
    revisions: [
      { heads: ["r2"], phase: "expand", atHead: false, count: 2 },
      { heads: ["r4"], phase: "—", atHead: true, count: 1 },
    ],
    unreadable: [],
    partial: [
      { target: "eu-1", revisions: ["r3"], expandOnly: true },
      { target: "it's", revisions: ["r3"], expandOnly: false },
    ],
    unknownHeads: [],
    locks: [],
    failures: [],
  };
  const lines = fleetStatusLines(status, "PostgreSQL at db:5432/app");
  expect(lines[1]).toBe(
    "2 target(s) behind the head: resume the 2 stopped part-way first (below), then run `athanor upgrade --fleet tenants`.",
  );
  expect(lines.slice(lines.indexOf("Stopped part-way (resume each with the command shown):") + 1)).toEqual([
    "  eu-1: r3 — `athanor upgrade --fleet tenants --target eu-1 --phase expand --resume`",
    "  it's: r3 — `athanor upgrade --fleet tenants --target 'it'\\''s' --resume`",
  ]);
});
