import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildCli, spawnCli } from "../testing/build-cli.js";
import { ok, tempDir } from "../testing/harness.js";

// A cache home athanor cannot use is an environment problem: the caches are skipped and the
// command works, and nothing is written into the project. Spawned: os.homedir() reads the
// process's HOME, and a hang is a killed process (spawnCli's limit), not a stuck worker.
let project = "";
beforeAll(async () => {
  await buildCli();
  project = tempDir();
  await ok(project, ["init", "--dialect", "sqlite"]);
  await ok(project, ["revision", "-m", "first", "--rev-id", "a1b2c3d4e5f6"]);
}, 180_000);

async function runsWithout(command: string, env: Record<string, string | undefined>): Promise<void> {
  const result = await spawnCli(project, command.split(" "), {
    ...env,
    DATABASE_URL: `file:${join(project, "app.db")}`,
  });
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  expect(result.stdout).toContain("a1b2c3d4e5f6");
}

// Under procfs a folder that exists refuses a child with ENOENT, on which Node 20's
// `mkdirSync(…, { recursive: true })` loops forever: `heads` spun a core until killed.
describe.skipIf(!existsSync("/proc/self"))("XDG_CACHE_HOME where no folder can be made", () => {
  it.each(["heads", "history", "upgrade --sql"])(
    "`%s` runs without its caches",
    (command) => runsWithout(command, { XDG_CACHE_HOME: "/proc/self" }),
    150_000,
  );
});

// A relative XDG_CACHE_HOME was already ignored; a relative HOME (no XDG_CACHE_HOME) put
// `relative/.cache/athanor/` beside the config.
it("a relative HOME keeps no cache, and nothing is written into the project", async () => {
  await runsWithout("upgrade --sql", { HOME: "relative", XDG_CACHE_HOME: undefined });
  expect(existsSync(join(project, "relative"))).toBe(false);
}, 150_000);
