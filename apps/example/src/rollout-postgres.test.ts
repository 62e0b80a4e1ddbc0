import { createTestDatabase, type TestDatabase } from "@athanor/testing";
import { afterAll, beforeAll, expect, test } from "vitest";
import { expectCleanRollout, TEST_ROLLOUT } from "./rollout/expect-clean-rollout.js";
import { runRollout } from "./rollout/run-rollout.js";

// A database of its own on the PostgreSQL 15 server, so test files run in parallel; an
// unreachable server fails the test (createTestDatabase never skips).
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase({ url: "postgres://postgres@127.0.0.1:5432/test", prefix: "example" });
});
afterAll(() => database?.dispose());

test("the rollout on PostgreSQL with a real connection pool: zero failed requests, no lost data", async () => {
  const lines: string[] = [];
  const report = await runRollout({
    database: { kind: "postgresql", url: database.url as string },
    ...TEST_ROLLOUT,
    print: (l) => lines.push(l),
  });
  expectCleanRollout(report, TEST_ROLLOUT.seedUsers, lines);
  // the real CLI, run on the same database, shows where the rollout is
  expect(lines.join("\n")).toMatch(/athanor current\n\s+b3a9f6d0c417, migrate: backfill/);
});
