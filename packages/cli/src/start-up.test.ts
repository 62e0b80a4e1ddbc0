import { beforeAll, expect, it } from "vitest";
import { buildCli, spawnCli } from "./testing/build-cli.js";
import { ok, tempDir } from "./testing/harness.js";

// What the built CLI imports at start-up, read from Node's own module-loading log.
beforeAll(() => buildCli(), 180_000);

const commandModules = (log: string) =>
  new Set([...log.matchAll(/dist\/commands\/([a-z-]+)\.js/g)].map((m) => m[1]));

it("`--version` prints the version without importing any command module", async () => {
  const run = await spawnCli(tempDir(), ["--version"], { NODE_DEBUG: "esm" });
  expect(run.code).toBe(0);
  expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  // the log does list modules: the registry of lazy command imports is there, no command itself
  expect(commandModules(run.stderr)).toEqual(new Set(["registry"]));
});

it("a command imports its own module and no other", async () => {
  const run = await spawnCli(tempDir(), ["heads", "--help"], { NODE_DEBUG: "esm" });
  expect(run.code).toBe(0);
  expect(commandModules(run.stderr)).toEqual(new Set(["registry", "heads"]));
});

it("`heads` in a project loads core's area entry points, never its root barrel", async () => {
  // the root barrel is every op builder, lint rule and the schema differ: ~110 modules at start-up
  const project = tempDir();
  await ok(project, ["init", "--dialect", "postgresql"]);
  await ok(project, ["revision", "-m", "first", "--rev-id", "a1b2c3d4e5f6"]);
  const run = await spawnCli(project, ["heads"], { NODE_DEBUG: "esm" });
  expect(run.code).toBe(0);
  expect(run.stdout).toContain("a1b2c3d4e5f6");
  expect(run.stderr).toContain("core/dist/graph/index.js");
  expect(run.stderr).not.toMatch(/core\/dist\/index\.js/);
});
