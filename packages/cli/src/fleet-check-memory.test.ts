import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Connection } from "@athanor/core";
import { postgresDialect } from "@athanor/postgres";
import { afterAll, beforeAll, expect, test } from "vitest";
import { postgresBackend } from "./testing/database-backend.js";
import { runCli, tempDir } from "./testing/harness.js";

// `check --fleet --against migrations` replays in memory first (issue 21): tenants equal to the
// model of their heads are clean without a scratch database; a tenant that differs, and only
// its heads, goes to the server replay, which names the difference. PostgreSQL 15: a database of
// this file (athanor_cli_fleetmem_*), tenant schemas fleetmem_*.
const TENANTS = ["fleetmem_a", "fleetmem_b", "fleetmem_c"];

// Revisions in the server's own spelling (named keys, `integer`/`text`), as autogenerate writes them.
const REVISIONS: Readonly<Record<string, string>> = {
  "m1_users.mjs": `const defineRevision = (definition) => definition;
export default defineRevision({
  id: "m1", parents: [], message: "users",
  upgrade(op) { op.createTable("users", { columns: [{ name: "id", type: "integer", nullable: false }, { name: "email", type: "text" }], primaryKey: { name: "users_pkey", columns: ["id"] } }); },
  downgrade(op) { op.dropTable("users"); },
});`,
  "m2_orders.mjs": `const defineRevision = (definition) => definition;
export default defineRevision({
  id: "m2", parents: ["m1"], message: "orders",
  upgrade(op) {
    op.createTable("orders", { columns: [{ name: "id", type: "integer", nullable: false }, { name: "user_id", type: "integer", nullable: false }], primaryKey: { name: "orders_pkey", columns: ["id"] } });
    op.createIndex("orders_user_id_idx", "orders", ["user_id"]);
  },
  downgrade(op) { op.dropTable("orders"); },
});`,
};

let pg: Awaited<ReturnType<typeof postgresBackend>>;
let admin: Connection;
let project: string;
const scratchLines = (stderr: string) => stderr.match(/scratch database/g) ?? [];

beforeAll(async () => {
  pg = await postgresBackend("fleetmem");
  admin = await postgresDialect({ url: pg.url }).connect();
  await admin.executeScript(TENANTS.slice(0, 2).map((t) => `CREATE SCHEMA "${t}"`));
  project = tempDir("athanor-fleet-memory-");
  writeFileSync(join(project, "package.json"), "{}\n");
  mkdirSync(join(project, "migrations/versions"), { recursive: true });
  for (const [name, text] of Object.entries(REVISIONS))
    writeFileSync(join(project, "migrations/versions", name), `${text}\n`);
  const config = {
    url: pg.url,
    fleets: {
      tenants: {
        schemas: { query: "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'fleetmem\\_%' ORDER BY 1" },
      },
    },
  };
  writeFileSync(join(project, "athanor.config.mjs"), `export default ${JSON.stringify(config, null, 2)};\n`);
}, 120_000);
afterAll(async () => {
  await admin?.close();
  await pg?.dispose();
});

test("clean tenants are compared with the in-memory model, a changed one goes to the server replay", async () => {
  const up = await runCli(project, ["upgrade", "--fleet"]);
  expect(up.code, up.stderr).toBe(0);
  // a tenant added later and taken only to m1: its own heads are modelled in memory too
  await admin.query(`CREATE SCHEMA "${TENANTS[2]}"`);
  const partway = await runCli(project, ["upgrade", "m1", "--fleet"]);
  expect(partway.code, partway.stderr).toBe(0);

  const clean = await runCli(project, ["check", "--fleet", "--against", "migrations", "--json"]);
  expect(clean.code, clean.stderr).toBe(0);
  expect(JSON.parse(clean.stdout)).toMatchObject({ against: "migrations", counts: { clean: 3, drift: 0 } });
  expect(scratchLines(clean.stderr)).toEqual([]);

  await admin.query(`ALTER TABLE "fleetmem_b".orders ADD COLUMN note text`);
  const drift = await runCli(project, ["check", "--fleet", "--against", "migrations", "--json"]);
  expect(drift.code, drift.stderr).toBe(1);
  const report = JSON.parse(drift.stdout);
  expect(report.counts).toMatchObject({ clean: 2, drift: 1, failed: 0 });
  expect(report.records.map((r: { target: string; verdict: string }) => [r.target, r.verdict])).toEqual([
    ["fleetmem_a", "clean"],
    ["fleetmem_b", "drift"],
    ["fleetmem_c", "clean"],
  ]);
  expect(report.records[1].error).toMatchObject({
    code: "ATHANOR_MIGRATION_DRIFT",
    meta: { target: "fleetmem_b", heads: ["m2"], differences: [expect.stringContaining("note")] },
  });
  expect(report.records[1].error.meta.differences).toHaveLength(1);
  // the server replay ran once, for the heads of the tenant that differs
  expect(scratchLines(drift.stderr)).toHaveLength(1);
}, 240_000);
