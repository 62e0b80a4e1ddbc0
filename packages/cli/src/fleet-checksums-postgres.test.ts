import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { postgresBackend } from "./testing/database-backend.js";
import { writeFleetProject } from "./testing/fleet-project.js";
import { runCli } from "./testing/harness.js";

// `checksums accept` had no --fleet: a fleet whose revision file was edited had to be accepted
// database by database, and nothing checked that the targets agreed. Now `checksums accept REV
// --fleet` reads every target first — reachable, REV applied there with a changed checksum — and
// changes none unless all pass (ATHANOR_FLEET_ACCEPT_REFUSED naming each refusing target).
// PostgreSQL 15: three scratch databases, and a fourth name that does not exist.
type Backend = Awaited<ReturnType<typeof postgresBackend>>;
let one: Backend;
let two: Backend;
let behind: Backend;

beforeAll(async () => {
  one = await postgresBackend("fleetsum_one");
  two = await postgresBackend("fleetsum_two");
  behind = await postgresBackend("fleetsum_behind");
}, 120_000);
afterAll(async () => {
  await Promise.all([one?.dispose(), two?.dispose(), behind?.dispose()]);
});

const acceptRows = async (backend: Backend) =>
  backend.query<{ n: string }>(
    "",
    "SELECT count(*)::text AS n FROM athanor_version_history WHERE direction = 'accept'",
  );

test("checksums accept --fleet checks every target first and changes none when one is unreachable or differs", async () => {
  const gone = new URL(one.url);
  gone.pathname = `${gone.pathname}_missing`;
  const project = writeFleetProject({
    url: one.url,
    fleets: {
      pair: {
        databases: [
          { name: "one", url: one.url },
          { name: "two", url: two.url },
        ],
      },
      unreachable: {
        databases: [
          { name: "one", url: one.url },
          { name: "gone", url: gone.toString() },
        ],
      },
      differs: {
        databases: [
          { name: "one", url: one.url },
          { name: "behind", url: behind.url },
        ],
      },
    },
  });
  expect((await runCli(project, ["upgrade", "r2", "--fleet", "pair"])).code).toBe(0);
  expect((await runCli(project, ["upgrade", "r1", "--fleet", "differs", "--target", "behind"])).code).toBe(0);
  appendFileSync(join(project, "migrations/versions/r2_lower.mjs"), "// a comment only\n");

  // one formatter for a database and for each target of a fleet: the same lines, behind the target's name
  const single = await runCli(project, ["checksums"]);
  expect(single.code).toBe(1);
  await expect(single.stdout).toMatchFileSnapshot("./__golden__/checksums.txt");
  const listed = await runCli(project, ["checksums", "--fleet", "pair"]);
  expect(listed.code).toBe(1);
  await expect(listed.stdout).toMatchFileSnapshot("./__golden__/checksums-fleet.txt");
  const changedLine = single.stdout.split("\n")[0];
  expect(listed.stdout.split("\n").slice(0, 2)).toEqual([`one: ${changedLine}`, `two: ${changedLine}`]);

  // one target unreachable: refused before anything is written, naming it; `one` untouched
  const unreachable = await runCli(project, ["checksums", "accept", "r2", "--fleet", "unreachable"]);
  expect(unreachable.code).toBe(1);
  expect(unreachable.stderr).toContain("ATHANOR_FLEET_ACCEPT_REFUSED");
  expect(unreachable.stderr).toMatch(/gone: could not be read/);
  expect(unreachable.stderr).not.toMatch(/\bone: /);
  expect(await acceptRows(one)).toEqual([{ n: "0" }]);

  // one target differs (r2 not applied there): refused, per target, in --json too; `one` untouched
  const differs = await runCli(project, ["checksums", "accept", "r2", "--fleet", "differs", "--json"]);
  expect(differs.code).toBe(1);
  const { error } = JSON.parse(differs.stdout);
  expect(error.code).toBe("ATHANOR_FLEET_ACCEPT_REFUSED");
  expect(error.meta.targets).toEqual(["behind"]);
  expect(error.meta.problems).toEqual([
    expect.objectContaining({ target: "behind", code: null, missing: ["r2"] }),
  ]);
  expect(error.message).toContain("behind: r2 is not applied there with a changed checksum");
  expect(await acceptRows(one)).toEqual([{ n: "0" }]);
  const still = await runCli(project, ["checksums", "--fleet", "pair", "--target", "one"]);
  expect(still.code).toBe(1);
  expect(still.stdout).toMatch(/^one: changed r2: /m);

  // every target passes: every target accepts, once
  const accepted = await runCli(project, [
    "checksums",
    "accept",
    "r2",
    "--fleet",
    "pair",
    "--reason",
    "comment",
  ]);
  expect(accepted.code, accepted.stderr).toBe(0);
  await expect(accepted.stdout).toMatchFileSnapshot("./__golden__/checksums-accept-fleet.txt");
  for (const backend of [one, two]) expect(await acceptRows(backend)).toEqual([{ n: "1" }]);
  const clean = await runCli(project, ["checksums", "--fleet", "pair"]);
  expect(clean.code).toBe(0);
  await expect(clean.stdout).toMatchFileSnapshot("./__golden__/checksums-fleet-clean.txt");

  // the single-target accept and all-clean wording, on `one` (the config's own URL)
  appendFileSync(join(project, "migrations/versions/r2_lower.mjs"), "// another comment\n");
  const acceptOne = await runCli(project, ["checksums", "accept", "r2", "--reason", "comment"]);
  expect(acceptOne.code, acceptOne.stderr).toBe(0);
  const cleanOne = await runCli(project, ["checksums"]);
  expect(cleanOne.code).toBe(0);
  await expect(`${acceptOne.stdout}${cleanOne.stdout}`).toMatchFileSnapshot(
    "./__golden__/checksums-accept.txt",
  );
}, 240_000);
