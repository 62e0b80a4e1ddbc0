import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { expectCleanRollout, TEST_ROLLOUT } from "./rollout/expect-clean-rollout.js";
import { runRollout } from "./rollout/run-rollout.js";

// A SQLite file of its own: the app's connection and the runner's share it, as an app and a deploy
// job would; the real CLI reads it from another process for `athanor current`/`history`.
const folder = mkdtempSync(join(tmpdir(), "athanor-example-sqlite-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

test("the rollout on a SQLite file: zero failed requests, no lost data, both directions", async () => {
  const file = join(folder, "rollout.db");
  const lines: string[] = [];
  const report = await runRollout({
    database: { kind: "sqlite", url: `file:${file}`, file },
    ...TEST_ROLLOUT,
    print: (line) => lines.push(line),
  });
  expectCleanRollout(report, TEST_ROLLOUT.seedUsers, lines);
  const text = lines.join("\n");
  expect(text).toMatch(
    /upgrade --phase expand[\s\S]*backfill users: done[\s\S]*held back until the old code is gone: c8d2e5a1f930, d4f7a0b6e215/,
  );
  // the real CLI, in another process, reads the same file while the app keeps it open
  expect(text).toMatch(/athanor current\n\s+d4f7a0b6e215 \(head\), contract: drop users.name/);
});
