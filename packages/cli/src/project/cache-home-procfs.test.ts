import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildCli, spawnCli } from "../testing/build-cli.js";
import { ok, tempDir } from "../testing/harness.js";

// A cache home athanor cannot create its folder in is an environment problem: the caches are
// skipped and the command works. Under procfs a folder that exists refuses a child with ENOENT,
// on which Node 20's `mkdirSync(…, { recursive: true })` loops forever: `heads` spun a core
// until killed. Spawned, so a hang is a killed process (spawnCli's limit), not a stuck worker.

describe.skipIf(!existsSync("/proc/self"))("XDG_CACHE_HOME where no folder can be made", () => {
  let project = "";
  beforeAll(async () => {
    await buildCli();
    project = tempDir();
    await ok(project, ["init", "--dialect", "sqlite"]);
    await ok(project, ["revision", "-m", "first", "--rev-id", "a1b2c3d4e5f6"]);
  }, 180_000);

  it.each(["heads", "history", "upgrade --sql"])(
    "`%s` runs without its caches",
    async (command) => {
      const result = await spawnCli(project, command.split(" "), {
        XDG_CACHE_HOME: "/proc/self",
        DATABASE_URL: `file:${join(project, "app.db")}`,
      });
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("a1b2c3d4e5f6");
    },
    150_000,
  );
});
