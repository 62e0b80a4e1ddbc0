import type { Connection } from "@athanor/core";
import { mysqlDialect } from "@athanor/mysql";
import { postgresDialect } from "@athanor/postgres";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildCli, spawnCli } from "./testing/build-cli.js";
import { postgresBackend } from "./testing/database-backend.js";
import { writeFleetProjectWithModels } from "./testing/fleet-project.js";
import { runCli } from "./testing/harness.js";

// `check --fleet` (drift per target against the models) and the last failure per target that
// `status --fleet` shows from a later process. PostgreSQL 15: a database of this file
// (athanor_cli_fleetchk_*), tenant schemas fleetchk_*; MariaDB 10.11: databases fleetchk_m*.
const MYSQL = process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
const MARIA = ["fleetchk_m1", "fleetchk_m2", "fleetchk_m3"];
let pg: Awaited<ReturnType<typeof postgresBackend>>;
let admin: Connection;
let maria: Connection;
const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
const createSchemas = (names: readonly string[]) =>
  admin.executeScript(
    names.flatMap((n) => [`DROP SCHEMA IF EXISTS ${quote(n)} CASCADE`, `CREATE SCHEMA ${quote(n)}`]),
  );
const pgListing = (prefix: string) =>
  `SELECT nspname FROM pg_namespace WHERE nspname LIKE '${prefix}\\_%' ORDER BY 1`;

beforeAll(async () => {
  pg = await postgresBackend("fleetchk");
  admin = await postgresDialect({ url: pg.url }).connect();
  maria = await mysqlDialect({ url: MYSQL }).connect();
  await maria.executeScript(
    MARIA.flatMap((d) => [`DROP DATABASE IF EXISTS \`${d}\``, `CREATE DATABASE \`${d}\``]),
  );
  await buildCli();
}, 300_000);
afterAll(async () => {
  await maria?.executeScript(MARIA.map((d) => `DROP DATABASE IF EXISTS \`${d}\``));
  await maria?.close();
  await admin?.close();
  await pg?.dispose();
});

describe("check --fleet", () => {
  test("PostgreSQL schemas: one tenant changed by hand differs, one behind cannot be compared, the rest match", async () => {
    const tenants = ["fleetchk_a", "fleetchk_b", "fleetchk_c", "fleetchk_d"];
    await createSchemas(tenants.slice(0, 3));
    const project = writeFleetProjectWithModels("postgresql", {
      url: pg.url,
      fleets: { tenants: { schemas: { query: pgListing("fleetchk") } } },
    });
    const up = await runCli(project, ["upgrade", "--fleet", "--concurrency", "2"]);
    expect(up.code, up.stderr).toBe(0);
    // a tenant added later and taken only to r3; one changed by hand
    await createSchemas(tenants.slice(3));
    const partway = await runCli(project, ["upgrade", "r3", "--fleet"]);
    expect(partway.code, partway.stderr).toBe(0);
    await admin.query(`ALTER TABLE "fleetchk_b".users ADD COLUMN hacked integer`);
    // the tenant behind is changed by hand too: against its migrations it is compared at r3
    await admin.query(`ALTER TABLE "fleetchk_d".users ADD COLUMN extra integer`);

    const json = await runCli(project, ["check", "--fleet", "--concurrency", "2", "--json"]);
    expect(json.code, json.stderr).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report.counts).toEqual({ clean: 2, drift: 1, failed: 1 });
    expect(report.records.map((r: { target: string; verdict: string }) => [r.target, r.verdict])).toEqual([
      ["fleetchk_a", "clean"],
      ["fleetchk_b", "drift"],
      ["fleetchk_c", "clean"],
      ["fleetchk_d", "failed"],
    ]);
    expect(report.records[1].error).toMatchObject({
      code: "ATHANOR_SCHEMA_DRIFT",
      meta: { differences: ["- column users.hacked"] },
    });
    expect(report.records[3].error.code).toBe("ATHANOR_NOT_UP_TO_DATE");

    const text = await runCli(project, ["check", "--fleet"]);
    expect(text.code).toBe(1);
    expect(text.stdout).toBe(
      [
        "Fleet tenants: check against the models — 2 match, 1 differ, 1 could not be compared.",
        "Differ from the models:",
        "  fleetchk_b:",
        "    - column users.hacked",
        "Could not be compared:",
        `  fleetchk_d could not be compared: ATHANOR_NOT_UP_TO_DATE ${report.records[3].error.message.split("\n")[0]}`,
        "",
      ].join("\n"),
    );
    expect(text.stderr.split("\n").filter((l) => /^\[\d\/4\]/.test(l))).toHaveLength(4);

    // The same fleet against its migrations: replayed once per distinct heads (r4 and r3), each
    // tenant compared with the schema of its own heads — the one behind too.
    const replayed = await runCli(project, ["check", "--fleet", "--against", "migrations", "--json"]);
    expect(replayed.code, replayed.stderr).toBe(1);
    const against = JSON.parse(replayed.stdout);
    expect(against).toMatchObject({ against: "migrations", counts: { clean: 2, drift: 2, failed: 0 } });
    expect(against.records.map((r: { verdict: string }) => r.verdict)).toEqual([
      "clean",
      "drift",
      "clean",
      "drift",
    ]);
    expect(against.records[1].error).toMatchObject({
      code: "ATHANOR_MIGRATION_DRIFT",
      meta: { target: "fleetchk_b", heads: ["r4"], differences: [expect.stringContaining("hacked")] },
    });
    expect(against.records[1].error.meta.differences).toHaveLength(1);
    // compared at r3: its hand-made column is the one difference (r4's audit is not expected of it)
    expect(against.records[3].error).toMatchObject({
      code: "ATHANOR_MIGRATION_DRIFT",
      meta: { target: "fleetchk_d", heads: ["r3"], differences: [expect.stringContaining("extra")] },
    });
    expect(against.records[3].error.meta.differences).toHaveLength(1);
    const replayedText = await runCli(project, ["check", "--fleet", "--against", "migrations"]);
    expect(replayedText.code).toBe(1);
    expect(replayedText.stdout.split("\n").slice(0, 4)).toEqual([
      "Fleet tenants: check against the migrations — 2 match, 2 differ, 0 could not be compared.",
      "Differ from the migrations:",
      "  fleetchk_b:",
      `    ${against.records[1].error.meta.differences[0]}`,
    ]);
    // two replays for four tenants, one per distinct heads: a scratch database announced for each
    expect(replayedText.stderr.match(/scratch database/g) ?? []).toHaveLength(2);

    const status = await runCli(project, ["status", "--fleet", "--drift"]);
    expect(status.code).toBe(1);
    expect(status.stdout).toContain(
      "Drift against the models: 1 of 4 target(s) differ, 1 could not be compared.\n  fleetchk_b: 1 difference(s)",
    );

    // a tenant whose downgrade of r4 stopped part-way is between two revisions: not compared
    // (its half-reverted tables are no drift), and the reason names the run's next step
    await admin.query(
      `INSERT INTO "fleetchk_c".athanor_version_history (run_id, revision, direction, status, started_at, statement_index) VALUES ('partial-run', 'r4', 'downgrade', 'partial', now(), 1)`,
    );
    const partial = JSON.parse((await runCli(project, ["check", "--fleet", "--json"])).stdout);
    expect(partial.counts).toEqual({ clean: 1, drift: 1, failed: 2 });
    expect(partial.records[2]).toMatchObject({
      target: "fleetchk_c",
      verdict: "failed",
      error: { code: "ATHANOR_PARTIAL_REVISION", meta: { revision: "r4", direction: "downgrade" } },
    });
    expect(partial.records[2].error.message).toContain(
      "fleetchk_c is between two revisions (the downgrade of revision r4 stopped part-way",
    );
  }, 240_000);

  test("MariaDB databases: a column changed by hand in one tenant differs; the others match", async () => {
    const project = writeFleetProjectWithModels("mysql", {
      url: MYSQL,
      fleets: {
        maria: {
          schemas: {
            query:
              "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'fleetchk\\_m%' ORDER BY 1",
          },
        },
      },
    });
    const up = await runCli(project, ["upgrade", "--fleet", "--concurrency", "2"]);
    expect(up.code, up.stderr).toBe(0);
    const clean = await runCli(project, ["check", "--fleet", "--json"]);
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    expect(JSON.parse(clean.stdout).counts).toEqual({ clean: 3, drift: 0, failed: 0 });

    await maria.query("ALTER TABLE fleetchk_m2.users MODIFY email varchar(100)");
    const drifted = await runCli(project, ["check", "--fleet", "--concurrency", "3", "--json"]);
    expect(drifted.code).toBe(1);
    const report = JSON.parse(drifted.stdout);
    expect(report.records.map((r: { verdict: string }) => r.verdict)).toEqual(["clean", "drift", "clean"]);
    expect(report.records[1].error.meta.differences).toHaveLength(1);
    expect(report.records[1].error.meta.differences[0]).toMatch(
      /users\.email.*varchar\(100\).*varchar\(200\)/,
    );
    // against the migrations: the same tenant, the databases moved to one name to compare
    const replayed = await runCli(project, ["check", "--fleet", "--against", "migrations", "--json"]);
    expect(replayed.code, replayed.stderr).toBe(1);
    const against = JSON.parse(replayed.stdout);
    expect(against.records.map((r: { verdict: string }) => r.verdict)).toEqual(["clean", "drift", "clean"]);
    expect(against.records[1].error.code).toBe("ATHANOR_MIGRATION_DRIFT");
    expect(against.records[1].error.meta.differences).toEqual([expect.stringMatching(/email/)]);
  }, 240_000);
});

describe("status --fleet: the last failure per target", () => {
  test("a tenant fails with a hostile message; a new process names it, inert; once fixed it is gone", async () => {
    const tenants = ["fleetfail_a", "fleetfail_b", "fleetfail_c"];
    await createSchemas(tenants);
    // tenant b: r3's backfill trips a trigger whose message carries terminal escapes
    await admin.executeScript([
      `CREATE FUNCTION "fleetfail_b".refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION E'no \\x1b]0;pwned\\x07 \\x1b[31mred\\x1b[0m'; END $$`,
    ]);
    const project = writeFleetProjectWithModels("postgresql", {
      url: pg.url,
      fleets: { tenants: { schemas: { query: pgListing("fleetfail") } } },
    });
    const r2 = await runCli(project, ["upgrade", "r2", "--fleet"]);
    expect(r2.code, r2.stderr).toBe(0);
    await admin.query(
      `CREATE TRIGGER refuse BEFORE UPDATE ON "fleetfail_b".users FOR EACH ROW EXECUTE FUNCTION "fleetfail_b".refuse()`,
    );
    const failing = await runCli(project, ["upgrade", "--fleet"]);
    expect(failing.code).toBe(1);

    const status = await spawnCli(project, ["status", "--fleet"], {});
    expect(status.code).toBe(1);
    expect(status.stdout).not.toContain("\u001b");
    expect(status.stdout).not.toContain("\u0007");
    const lines = status.stdout.split("\n");
    const title = lines.indexOf("Last failed run (until the target's next successful run):");
    expect(title).toBeGreaterThan(0);
    expect(lines[title + 1]).toMatch(/^ {2}fleetfail_b: at r3 ATHANOR_BACKFILL_FAILED .*no .*pwned.*red/);
    expect(lines[title + 2] ?? "").not.toMatch(/^ {2}fleetfail/);
    const json = JSON.parse((await spawnCli(project, ["status", "--fleet", "--json"], {})).stdout);
    expect(json.failures).toMatchObject([
      { target: "fleetfail_b", revision: "r3", code: "ATHANOR_BACKFILL_FAILED" },
    ]);
    expect(json.failures[0].message).toContain("\u001b]0;pwned"); // JSON keeps the text, escaped

    await admin.query(`DROP TRIGGER refuse ON "fleetfail_b".users`);
    const fixed = await runCli(project, ["upgrade", "--fleet", "--resume"]); // the backfill saved its cursor
    expect(fixed.code, fixed.stderr).toBe(0);
    const after = await spawnCli(project, ["status", "--fleet", "--json"], {});
    expect(after.code, after.stdout).toBe(0);
    expect(JSON.parse(after.stdout).failures).toEqual([]);
  }, 240_000);
});
