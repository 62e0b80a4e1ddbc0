import { describe, expect, it } from "vitest";
import { tablesFilterOf } from "./live-filters.js";

// drizzle-kit 0.31 (push/pull introspection): a matching pattern votes yes, a `!pattern` whose
// pattern matches votes no, all votes must be yes, no vote leaves the table out. The expected
// answers below follow that rule by hand, including its quirk that a name no positive pattern
// matches passes when a negation is present.
describe("tablesFilterOf, drizzle-kit's rule", () => {
  const cases: [string[], Record<string, boolean>][] = [
    [[], { anything: true }],
    [["app_*"], { app_users: true, app_: true, other: false, "app.users": false }],
    [["users"], { users: true, users2: false }],
    [["!tmp_*"], { tmp_x: false, users: true }],
    [["app_*", "!app_tmp"], { app_users: true, app_tmp: false, other: true }],
    [["app_*", "legacy_?"], { app_a: true, legacy_1: true, legacy_12: false, other: false }],
    [["{a,b}_*"], { a_x: true, b_y: true, c_z: false }],
  ];
  for (const [patterns, answers] of cases) {
    it(JSON.stringify(patterns), () => {
      const keep = tablesFilterOf(patterns);
      for (const [name, expected] of Object.entries(answers))
        expect([name, keep(name)]).toEqual([name, expected]);
    });
  }
});
