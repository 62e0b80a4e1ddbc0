import type { Connection } from "@athanor/core";
import { mysqlDialect } from "@athanor/mysql";
import { afterAll, beforeAll, expect, test } from "vitest";
import { writeFleetProject } from "./testing/fleet-project.js";
import { runCli } from "./testing/harness.js";

// A fleet target whose run is refused before it starts (a partial run to resume) is recorded at
// the heads it is at, not at <base>. MariaDB 10.11, databases fleetref_*.
const MYSQL = process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
const TENANTS = ["fleetref_a", "fleetref_b"];
let maria: Connection;

beforeAll(async () => {
  maria = await mysqlDialect({ url: MYSQL }).connect();
  await maria.executeScript(
    TENANTS.flatMap((d) => [`DROP DATABASE IF EXISTS \`${d}\``, `CREATE DATABASE \`${d}\``]),
  );
}, 120_000);
afterAll(async () => {
  await maria?.executeScript(TENANTS.map((d) => `DROP DATABASE IF EXISTS \`${d}\``));
  await maria?.close();
});

test("a target refused for a partial run is reported at its heads (now at r2), in the line and the --json record", async () => {
  const project = writeFleetProject({ url: MYSQL, fleets: { tenants: { url: MYSQL, schemas: TENANTS } } });
  expect((await runCli(project, ["upgrade", "r2", "--fleet"])).code).toBe(0);
  // r3 backfills one row a batch: the second batch fails on fleetref_b, the first stays committed
  await maria.executeScript([
    "CREATE TRIGGER fleetref_b.users_no_second BEFORE UPDATE ON fleetref_b.users FOR EACH ROW " +
      "BEGIN IF NEW.id = 2 THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'no'; END IF; END",
  ]);
  const stopped = await runCli(project, ["upgrade", "--fleet"]);
  expect(stopped.code).toBe(1);
  expect(stopped.stdout).toContain("1 changed, 0 unchanged, 1 failed");

  const refused = await runCli(project, ["upgrade", "--fleet"]);
  expect(refused.code).toBe(1);
  expect(refused.stdout).toMatch(/fleetref_b failed: ATHANOR_PARTIAL_REVISION .*\(now at r2\)/);
  // the advice is the fleet's: the target's own `athanor upgrade --resume` would run on the
  // config's one database, not on fleetref_b
  expect(refused.stdout).toContain(
    "Next: `athanor upgrade --fleet tenants --target fleetref_b --phase expand --resume`",
  );
  expect(refused.stdout).not.toContain("`athanor upgrade --phase expand --resume`");
  const json = await runCli(project, ["upgrade", "--fleet", "--json"]);
  const record = JSON.parse(json.stdout).records.find((r: { target: string }) => r.target === "fleetref_b");
  expect(record).toMatchObject({
    status: "failed",
    before: ["r2"],
    after: ["r2"],
    error: { code: "ATHANOR_PARTIAL_REVISION" },
  });

  // following the advice finishes the stopped target
  await maria.executeScript(["DROP TRIGGER fleetref_b.users_no_second"]);
  const resumed = await runCli(project, ["upgrade", "--fleet", "--phase", "expand", "--resume"]);
  expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
  const done = await runCli(project, ["upgrade", "--fleet"]);
  expect(done.code, done.stdout + done.stderr).toBe(0);
  expect((await runCli(project, ["current", "--fleet"])).stdout).toMatch(/fleetref_b\s+r4/);
}, 180_000);
