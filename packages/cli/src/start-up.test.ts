import { beforeAll, expect, it } from "vitest";
import { buildCli, spawnCli } from "./testing/build-cli.js";
import { tempDir } from "./testing/harness.js";

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
