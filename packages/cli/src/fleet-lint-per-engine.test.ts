import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createTestDatabase, type TestDatabase } from "@athanor/testing";
import { afterAll, beforeAll, expect, test } from "vitest";
import { runCli, tempDir } from "./testing/harness.js";

// A fleet mixing engines is linted engine by engine: `CREATE INDEX` without CONCURRENTLY on an
// existing table is a PostgreSQL error (pg/index-not-concurrent), and means nothing on SQLite.
// The config names the PostgreSQL database; the SQLite target must not be refused by its rule,
// and the PostgreSQL target still is. This file's own PostgreSQL database and SQLite file.
const PG = process.env.ATHANOR_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

const REVISIONS: Readonly<Record<string, string>> = {
  "l1_users.mjs": `export default defineRevision({
  id: "l1", parents: [], message: "users",
  upgrade(op) { op.createTable("users", { columns: [{ name: "id", type: "integer", nullable: false }, { name: "email", type: "varchar(200)" }], primaryKey: ["id"] }); },
  downgrade(op) { op.dropTable("users"); },
});`,
  "l2_index.mjs": `export default defineRevision({
  id: "l2", parents: ["l1"], message: "email index",
  upgrade(op) { op.createIndex("users_email", "users", ["email"]); },
  downgrade(op) { op.dropIndex("users_email", "users"); },
});`,
};

let pg: TestDatabase;
let project: string;

beforeAll(async () => {
  pg = await createTestDatabase({ url: PG, prefix: "fleetlint" });
  project = tempDir("athanor-fleet-lint-");
  writeFileSync(join(project, "package.json"), "{}\n");
  mkdirSync(join(project, "migrations/versions"), { recursive: true });
  for (const [file, text] of Object.entries(REVISIONS))
    writeFileSync(
      join(project, "migrations/versions", file),
      `const defineRevision = (definition) => definition;\n${text}\n`,
    );
  symlinkSync(join(import.meta.dirname, "../node_modules"), join(project, "node_modules"), "dir");
  const fleet = {
    databases: [
      { name: "pg", url: pg.url },
      { name: "lite", url: `file:${join(project, "lite.db")}` },
    ],
  };
  writeFileSync(
    join(project, "athanor.config.mjs"),
    `export default ${JSON.stringify({ url: pg.url, fleets: { mixed: fleet } })};\n`,
  );
}, 120_000);
afterAll(async () => {
  await pg?.dispose();
});

test("each target of a mixed fleet is held to its own engine's lint rules", async () => {
  const first = await runCli(project, ["upgrade", "l1", "--fleet", "mixed"]);
  expect(first.code, first.stdout + first.stderr).toBe(0);

  const second = await runCli(project, ["upgrade", "--fleet", "mixed", "--json"]);
  const report = JSON.parse(second.stdout) as {
    records: { target: string; status: string; after: string[]; error?: { code: string; message: string } }[];
  };
  const byTarget = Object.fromEntries(report.records.map((r) => [r.target, r]));
  expect(byTarget.lite?.status, second.stdout).toBe("changed");
  expect(byTarget.lite?.after).toEqual(["l2"]);
  expect(byTarget.pg?.status).toBe("failed");
  expect(byTarget.pg?.error?.code).toBe("ATHANOR_LINT_ERRORS");
  expect(byTarget.pg?.error?.message).toContain("pg/index-not-concurrent");
  expect(second.code).not.toBe(0);

  const current = await runCli(project, ["current", "--fleet", "mixed"]);
  expect(current.stdout).toMatch(/^pg\s+l1$/m);
  expect(current.stdout).toMatch(/^lite\s+l2$/m);
}, 120_000);
