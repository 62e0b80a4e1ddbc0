import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseBackend, postgresBackend } from "../testing/database-backend.js";
import { runCli, tempDir } from "../testing/harness.js";

// The version table's ids are text from the database: `current` and `status` print each on one
// line of its own, so an id holding a line break cannot fake a line of their output.
let backend: DatabaseBackend;
let project: string;
beforeAll(async () => {
  backend = await postgresBackend("hostile_ids");
  project = tempDir("athanor-hostile-ids-");
  mkdirSync(join(project, "versions"));
  writeFileSync(
    join(project, "athanor.config.ts"),
    'import { defineConfig } from "athanor";\nexport default defineConfig({ dialect: "postgresql", versions: "versions" });\n',
  );
  const revision = await runCli(project, ["revision", "-m", "first"], { env: backend.env() });
  expect(revision.code, revision.stderr).toBe(0);
  const upgrade = await runCli(project, ["upgrade", "head"], { env: backend.env() });
  expect(upgrade.code, upgrade.stderr).toBe(0);
  await backend.query(project, "UPDATE athanor_version SET version_num = E'evil\\nFAKE: all good'");
}, 120_000);
afterAll(async () => {
  await backend?.dispose();
});

describe("a version-table id holding a line break", () => {
  it.each([["current"], ["current", "--verbose"], ["status"]])(
    "%s prints it as one inert line",
    async (...argv) => {
      const run = await runCli(project, argv, { env: backend.env() });
      const output = run.stdout + run.stderr;
      expect(output).toContain("evil\\nFAKE: all good");
      expect(output.split("\n").some((line) => line.startsWith("FAKE"))).toBe(false);
    },
  );
});
