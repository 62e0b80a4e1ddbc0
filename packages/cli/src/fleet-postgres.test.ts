import type { Connection } from "@athanor/core";
import { postgresDialect } from "@athanor/postgres";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildCli, spawnCli } from "./testing/build-cli.js";
import { postgresBackend } from "./testing/database-backend.js";
import { FLEET_PROJECT_REVISIONS, writeFleetProject } from "./testing/fleet-project.js";
import { runCli } from "./testing/harness.js";

// `--fleet` on PostgreSQL 15 schemas: one database of this file (athanor_cli_fleet_*), tenants
// named fleetcli_*; the listing query reads them from pg_namespace, as a tenants table would.
let url: string;
let dispose: () => Promise<void>;
let admin: Connection;
const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
const createSchemas = (names: readonly string[]) =>
  admin.executeScript(
    names.flatMap((n) => [`DROP SCHEMA IF EXISTS ${quote(n)} CASCADE`, `CREATE SCHEMA ${quote(n)}`]),
  );
const queryIn = async (schema: string, sql: string) => {
  await admin.query(`SET search_path TO ${quote(schema)}`);
  return (await admin.query<Record<string, unknown>>(sql)).rows;
};
const listing = (prefix: string) =>
  `SELECT nspname FROM pg_namespace WHERE nspname LIKE '${prefix}\\_%' ORDER BY 1`;

beforeAll(async () => {
  const backend = await postgresBackend("fleet");
  url = backend.url;
  dispose = () => backend.dispose();
  admin = await postgresDialect({ url }).connect();
  await buildCli();
}, 300_000);
afterAll(async () => {
  await admin?.close();
  await dispose?.();
});

describe("athanor upgrade/current/status/downgrade --fleet on PostgreSQL schemas", () => {
  test("a broken tenant fails with its reason (exit 1), the others reach head; --json has one record per target; a rerun touches only the repaired one", async () => {
    const tenants = Array.from({ length: 12 }, (_, i) => `fleetcli_main_${String(i).padStart(2, "0")}`);
    await createSchemas(tenants);
    await queryIn(tenants[3] as string, "CREATE TABLE audit (id int PRIMARY KEY)");
    const project = writeFleetProject({
      url,
      fleets: { tenants: { schemas: { query: listing("fleetcli_main") } } },
    });

    const run = await runCli(project, ["upgrade", "--fleet", "--concurrency", "3", "--json"]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ command: "upgrade", fleet: "tenants", target: "heads", halted: null });
    expect(report.counts).toEqual({ changed: 11, unchanged: 0, failed: 1, skipped: 0 });
    expect(report.records).toHaveLength(12);
    expect(report.records[3]).toMatchObject({
      target: tenants[3],
      status: "failed",
      after: ["r3"],
      error: { code: "ATHANOR_MIGRATION_FAILED", revision: "r4" },
    });
    // progress on stderr, one line per target
    expect(run.stderr.split("\n").filter((l) => /^\[\s*\d+\/12\]/.test(l))).toHaveLength(12);

    // the failure stays in the tenant until it succeeds: status exits 1 and names it
    const status = await runCli(project, ["status", "--fleet", "tenants"]);
    expect(status.code).toBe(1);
    expect(status.stdout).toContain("Fleet tenants: 12 targets");
    expect(status.stdout).toMatch(/11 {2}at r4 \(—\) — head/);
    expect(status.stdout).toMatch(/1 {2}at r3 \(migrate\)/);
    expect(status.stdout).toMatch(
      /Last failed run \(until the target's next successful run\):\n {2}fleetcli_main_03: at r4 ATHANOR_MIGRATION_FAILED /,
    );

    await queryIn(tenants[3] as string, "DROP TABLE audit");
    const again = await runCli(project, ["upgrade", "--fleet", "tenants"]);
    expect(again.code).toBe(0);
    // the summary only: per-revision lines of targets run at once would interleave naming none
    expect(again.stdout.trim()).toBe(
      "Fleet tenants: upgrade to heads — 1 changed, 11 unchanged, 0 failed, 0 skipped.",
    );
    const repaired = await runCli(project, ["status", "--fleet", "tenants"]);
    expect(repaired.code, repaired.stdout).toBe(0);
    expect(repaired.stdout).not.toContain("Last failed run");

    const current = await runCli(project, ["current", "--fleet"]);
    expect(current.stdout.trim().split("\n")).toEqual(tenants.map((t) => `${t}  r4`));
    const down = await runCli(project, ["downgrade", "r2", "--fleet", "--json"]);
    expect(JSON.parse(down.stdout).records.map((r: { revisions: string[] }) => r.revisions)).toEqual(
      Array(12).fill(["r4", "r3"]),
    );
    const stamped = await runCli(project, ["stamp", "r4", "--fleet"]);
    expect(stamped.stdout).toContain("12 changed");
  }, 240_000);

  test("a failing canary halts the fleet: exit 3, the rest skipped and untouched", async () => {
    const tenants = ["fleetcli_can_a", "fleetcli_can_b", "fleetcli_can_c", "fleetcli_can_d"];
    await createSchemas(tenants);
    await queryIn("fleetcli_can_a", "CREATE TABLE audit (id int PRIMARY KEY)");
    const project = writeFleetProject({ url, fleets: { canary: { schemas: tenants } } });
    const run = await runCli(project, ["upgrade", "--fleet", "canary", "--canary", "1", "--wave", "50%"]);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain("0 changed, 0 unchanged, 1 failed, 3 skipped");
    expect(run.stdout).not.toMatch(/^FAILED /m);
    expect(run.stdout).toContain("Halted: The fleet stopped launching targets because the canary failed");
    await expect(queryIn("fleetcli_can_b", "SELECT * FROM athanor_version")).rejects.toThrow();
  }, 120_000);

  test("usage and hostile names: fleet flags without --fleet exit 2; a listed name with a control character is refused before anything runs", async () => {
    await createSchemas(["fleetcli_bad_ok", "fleetcli_bad_\u001b[2J"]);
    const project = writeFleetProject({
      url,
      fleets: { bad: { schemas: { query: listing("fleetcli_bad") } }, other: { schemas: ["x"] } },
    });
    expect((await runCli(project, ["upgrade", "--concurrency", "2"])).code).toBe(2);
    const unnamed = await runCli(project, ["upgrade", "--fleet"]);
    expect(unnamed.code).toBe(2);
    expect(unnamed.stderr).toContain("declared: bad, other");
    const hostile = await runCli(project, ["upgrade", "--fleet", "bad"]);
    expect(hostile.code).toBe(1);
    expect(hostile.stderr).toContain("ATHANOR_FLEET_TARGET_INVALID");
    expect(hostile.stderr).not.toContain("\u001b");
    await expect(queryIn("fleetcli_bad_ok", "SELECT * FROM athanor_version")).rejects.toThrow();
  }, 120_000);

  test("two `upgrade --fleet` processes at once on 60 schemas: both exit 0, every revision applied exactly once per schema", async () => {
    const tenants = Array.from({ length: 60 }, (_, i) => `fleetcli_race_${String(i).padStart(2, "0")}`);
    await createSchemas(tenants);
    const project = writeFleetProject({
      url,
      fleets: { race: { schemas: { query: listing("fleetcli_race") } } },
    });
    const [a, b] = await Promise.all([
      spawnCli(project, ["upgrade", "--fleet", "--concurrency", "4", "--json"], {}),
      spawnCli(project, ["upgrade", "--fleet", "--concurrency", "4", "--json"], {}),
    ]);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    const changed = [a, b].map((r) => JSON.parse(r.stdout).counts.changed as number);
    expect(changed[0] + changed[1]).toBe(60);
    for (const tenant of tenants)
      expect(
        (
          await queryIn(
            tenant,
            "SELECT revision FROM athanor_version_history WHERE direction = 'upgrade' AND status = 'ok' ORDER BY id",
          )
        ).map((r) => r.revision),
      ).toEqual([...FLEET_PROJECT_REVISIONS]);
  }, 240_000);
});
