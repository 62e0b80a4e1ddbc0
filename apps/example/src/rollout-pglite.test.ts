import { expect, test } from "vitest";
import { expectCleanRollout, TEST_ROLLOUT } from "./rollout/expect-clean-rollout.js";
import { runRollout } from "./rollout/run-rollout.js";

test("the rollout on embedded PGlite: zero failed requests, no lost data, both directions", async () => {
  const lines: string[] = [];
  const report = await runRollout({
    database: { kind: "pglite", dataDir: "memory://" },
    ...TEST_ROLLOUT,
    print: (line) => lines.push(line),
  });
  expectCleanRollout(report, TEST_ROLLOUT.seedUsers, lines);
  const text = lines.join("\n");
  // the steps a person watches, in order, with the backfill's progress and the held-back contract
  expect(text).toMatch(
    /upgrade --phase expand[\s\S]*backfill users: done[\s\S]*held back until the old code is gone: c8d2e5a1f930, d4f7a0b6e215/,
  );
  expect(text).toMatch(
    /athanor upgrade\n[\s\S]*athanor downgrade b3a9f6d0c417[\s\S]*athanor downgrade a51c0d3e9b21/,
  );
  expect(text).toContain("a51c0d3e9b21, base schema: users and orders");
});
