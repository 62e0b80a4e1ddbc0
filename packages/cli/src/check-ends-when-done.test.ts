import { afterAll, beforeAll, expect, test } from "vitest";
import { buildCli, spawnCli } from "./testing/build-cli.js";
import { type DatabaseBackend, postgresBackend } from "./testing/database-backend.js";
import { schemaProject } from "./testing/schema-project.js";

// `check` and `diff` end once their outcome is written: a timer (or a client's pool) that the
// models' module leaves running does not keep the process alive until it fires.
let backend: DatabaseBackend;
beforeAll(async () => {
  await buildCli();
  backend = await postgresBackend("ends_when_done");
}, 240_000);
afterAll(async () => {
  await backend?.dispose();
});

test.each(["check", "diff"])(
  "`%s` ends when its outcome is written, whatever the models' module left running",
  async (command) => {
    const project = await schemaProject("postgresql", backend.env());
    project.schema(`setTimeout(() => {}, 60_000);\nexport {};\n`);
    const started = Date.now();
    const run = await spawnCli(project.dir, [command], backend.env());
    expect(run.stderr).not.toContain("error[");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/No differences/);
    expect(Date.now() - started).toBeLessThan(45_000);
  },
  130_000,
);
