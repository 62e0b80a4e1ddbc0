import { afterAll, beforeAll, expect, test } from "vitest";
import { postgresBackend } from "./testing/database-backend.js";
import { writeFleetProject } from "./testing/fleet-project.js";
import { runCli } from "./testing/harness.js";

// A fleet commits each revision of each target on its own. The config's `singleTransaction: true`
// used to be ignored by `--fleet` (only the flag was refused): a target failing at r4 stayed at r3,
// the very outcome the config asked to avoid. One database of this file, two tenant schemas.
let backend: Awaited<ReturnType<typeof postgresBackend>>;
const TENANTS = ["fleet_stx_a", "fleet_stx_b"];
beforeAll(async () => {
  backend = await postgresBackend("fleet_single_tx");
  for (const schema of TENANTS) await backend.query("", `CREATE SCHEMA ${schema}`);
  // r4 creates `audit`: the tenant that has one already fails there, after r1..r3 ran
  await backend.query("", `CREATE TABLE ${TENANTS[1]}.audit (id int PRIMARY KEY)`);
}, 60_000);
afterAll(async () => backend?.dispose());

const tenantTables = async () =>
  (
    await backend.query<{ t: string }>(
      "",
      `SELECT table_schema || '.' || table_name AS t FROM information_schema.tables WHERE table_schema LIKE 'fleet\\_stx\\_%' ORDER BY 1`,
    )
  ).map((r) => r.t);

test("the config's singleTransaction is refused with --fleet before any target runs; --no-single-transaction runs the fleet", async () => {
  const project = writeFleetProject({
    dialect: "postgresql",
    url: backend.url,
    versions: "migrations/versions",
    singleTransaction: true,
    fleets: { tenants: { schemas: TENANTS } },
  });
  for (const argv of [
    ["upgrade", "--fleet"],
    ["downgrade", "base", "--fleet"],
  ]) {
    const run = await runCli(project, [...argv, "--json"]);
    expect(run.code, run.stderr).toBe(2);
    expect(JSON.parse(run.stdout).error).toMatchObject({
      code: "ATHANOR_USAGE",
      meta: { option: "--fleet" },
    });
    const text = await runCli(project, argv);
    expect(text.stderr).toContain(
      "error[ATHANOR_USAGE]: The config's singleTransaction is true, and --fleet cannot run a target in one transaction",
    );
    expect(text.stderr).toContain("hint: add --no-single-transaction");
  }
  expect(await tenantTables()).toEqual([`${TENANTS[1]}.audit`]);

  const each = await runCli(project, ["upgrade", "--fleet", "--no-single-transaction", "--json"]);
  expect(each.code).toBe(1);
  const records = JSON.parse(each.stdout).records as { target: string; status: string; after: string[] }[];
  expect(records.map((r) => [r.target, r.status, r.after])).toEqual([
    [TENANTS[0], "changed", ["r4"]],
    [TENANTS[1], "failed", ["r3"]],
  ]);
});
