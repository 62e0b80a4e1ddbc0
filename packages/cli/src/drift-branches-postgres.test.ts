import { afterAll, beforeAll, expect, test } from "vitest";
import { type DatabaseBackend, postgresBackend } from "./testing/database-backend.js";
import { runCli, tempDir } from "./testing/harness.js";
import { buildDatabaseProject, IDS } from "./testing/sample-database-project.js";

// check --against migrations on a branched history (PostgreSQL 15): two unmerged heads are both
// replayed, and a merge head pulls in both branches.
let backend: DatabaseBackend;
let project: string;
const cli = (...argv: string[]) => runCli(project, argv, { env: backend.env() });

beforeAll(async () => {
  backend = await postgresBackend("driftbranch");
  project = tempDir("athanor-drift-branches-");
  await buildDatabaseProject(project);
});
afterAll(async () => backend?.dispose());

test("a database at two branch heads compares with both branches replayed", async () => {
  expect((await cli("upgrade", IDS.name)).code).toBe(0);
  expect((await cli("upgrade", IDS.cart)).code).toBe(0);
  const check = await cli("check", "--against", "migrations", "--json");
  expect(check.code, check.stdout).toBe(0);
  expect(JSON.parse(check.stdout)).toMatchObject({ heads: [IDS.name, IDS.cart].sort(), differences: [] });
});

test("at the merge head, an index dropped by hand is named", async () => {
  expect((await cli("upgrade", "heads")).code).toBe(0);
  expect((await cli("check", "--against", "migrations")).code).toBe(0);
  await backend.query(project, "DROP INDEX cart_account_idx");
  const check = await cli("check", "--against", "migrations");
  expect(check.code).toBe(1);
  expect(check.stdout).toContain(`replayed up to ${IDS.merge}`);
  expect(check.stdout).toContain('- table "public"."cart" › index "cart_account_idx"');
});

test("--exclude-table leaves a table out on both sides", async () => {
  await backend.query(project, "CREATE TABLE scratchpad (id int)");
  const check = await cli(
    "check",
    "--against",
    "migrations",
    "--exclude-table",
    "scratchpad",
    "--exclude-table",
    "cart",
  );
  expect(check.code, check.stdout).toBe(0);
  expect((await cli("check", "--against", "migrations")).stdout).toContain('+ table "public"."scratchpad"');
});
