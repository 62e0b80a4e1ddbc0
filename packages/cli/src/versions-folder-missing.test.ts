import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { runCli, tempDir } from "./testing/harness.js";

// docs/sqlite.md shows a config of one line; a newcomer who writes it and runs `revision` has no
// versions folder. The error's next step must be one that works: `init` refuses a folder that
// already has a config, so sending them there was a loop.
test("a config without its versions folder: the error says to create the folder, and that works", async () => {
  const project = tempDir("athanor-no-versions-");
  writeFileSync(
    join(project, "athanor.config.ts"),
    'import { defineConfig } from "athanor";\nexport default defineConfig({ url: "file:./app.db" });\n',
  );
  const first = await runCli(project, ["revision", "-m", "first"]);
  expect(first.code, first.stderr).toBe(1);
  expect(first.stderr).toContain("error[ATHANOR_VERSIONS_DIR_NOT_FOUND]");
  expect(first.stderr).toContain("Create that folder");
  expect(first.stderr).not.toContain("Run `athanor init` to create it");

  const init = await runCli(project, ["init"]);
  expect(init.code).toBe(1);
  expect(init.stderr).toContain("error[ATHANOR_ALREADY_INITIALISED]");

  mkdirSync(join(project, "migrations/versions"), { recursive: true });
  const again = await runCli(project, ["revision", "-m", "first"]);
  expect(again.code, again.stderr).toBe(0);
  expect(again.stdout).toContain("Created revision");
});
