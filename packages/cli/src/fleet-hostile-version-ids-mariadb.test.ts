import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCli, spawnCli } from "./testing/build-cli.js";
import { writeFleetProject } from "./testing/fleet-project.js";
import { type MariadbDatabases, mariadbDatabases } from "./testing/mariadb-databases.js";

// A version table's ids are the database's text. `current` and `status` on one database print
// them inert (status/hostile-version-ids.test.ts); the fleet commands printed each target's heads
// raw, so an id holding a line break printed a line of its own (`FAKE: all good`) in
// `current --fleet`, `status --fleet` and every fleet run's record line. The built CLI on the real
// MariaDB 10.11, databases fleetvid_a and fleetvid_b.
const DATABASES = ["fleetvid_a", "fleetvid_b"];
let dbs: MariadbDatabases;
let project: string;

beforeAll(async () => {
  await buildCli();
  dbs = await mariadbDatabases(DATABASES);
  project = writeFleetProject({
    url: dbs.urlOf(DATABASES[0] as string),
    fleets: { f: { databases: DATABASES.map((d) => ({ name: d, url: dbs.urlOf(d) })) } },
  });
  const up = await spawnCli(project, ["upgrade", "r1", "--fleet"], {});
  expect(up.code, up.stderr).toBe(0);
  await dbs.root.executeScript([
    "UPDATE fleetvid_b.athanor_version SET version_num = CONCAT('evil', CHAR(10), 'FAKE: all good', CHAR(13))",
  ]);
}, 300_000);
afterAll(async () => dbs?.dispose());

describe("a fleet target's version-table id holding a line break", () => {
  it.each([
    [["current", "--fleet"]],
    [["status", "--fleet"]],
    [["upgrade", "--fleet"]],
    [["stamp", "r1", "--fleet"]],
  ])("%j prints it as one inert line", async (argv) => {
    const run = await spawnCli(project, argv, {});
    const output = run.stdout + run.stderr;
    expect(output).toContain("evil\\nFAKE: all good\\r");
    expect(output.split("\n").filter((line) => /^\s*FAKE/.test(line))).toEqual([]);
  });
});
