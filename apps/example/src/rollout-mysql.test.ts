import { createTestDatabase, type TestDatabase } from "@athanor/testing";
import { afterAll, beforeAll, expect, test } from "vitest";
import { expectCleanRollout, TEST_ROLLOUT } from "./rollout/expect-clean-rollout.js";
import { runRollout } from "./rollout/run-rollout.js";

// A database of its own on the MariaDB 10.11 server; an unreachable server fails the test.
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase({ url: "mysql://root@127.0.0.1:3306/test", prefix: "example" });
});
afterAll(() => database?.dispose());

test("the rollout on MariaDB with a real connection pool: zero failed requests, no lost data", async () => {
  const lines: string[] = [];
  const report = await runRollout({
    database: { kind: "mysql", url: database.url as string },
    ...TEST_ROLLOUT,
    print: (l) => lines.push(l),
  });
  expectCleanRollout(report, TEST_ROLLOUT.seedUsers, lines);
  expect(lines.join("\n")).toMatch(/athanor current\n\s+d4f7a0b6e215 \(head\), contract: drop users.name/);
});
