import { createTestDatabase, type TestDatabase } from "@athanor/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCli, spawnCli } from "./testing/build-cli.js";
import { ok, tempDir } from "./testing/harness.js";
import { loadedModules } from "./testing/loaded-modules.js";
import { TEST_SERVERS } from "./testing/test-servers.js";

// What a no-op `upgrade` imports against a real server, read from Node's module-loading log: the
// dialect's narrow entry point (`@athanor/<package>/dialects`), never core's root barrel (every op
// builder, lint rule and the schema differ) nor the dialect's introspector or lint rules.

beforeAll(() => buildCli(), 180_000);

describe.each(TEST_SERVERS)("no-op upgrade on $name", ({ dialect, url, pkg }) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ url, prefix: "startup" });
  });
  afterAll(async () => db?.dispose());

  it("loads the dialect's narrow entry point and nothing of core's root barrel", async () => {
    const project = tempDir();
    const env = { DATABASE_URL: db.url ?? "" };
    await ok(project, ["init", "--dialect", dialect]);
    await ok(project, ["revision", "-m", "first", "--rev-id", "a1b2c3d4e5f6"]);
    expect((await spawnCli(project, ["upgrade", "head"], env)).code).toBe(0);
    const run = await spawnCli(project, ["upgrade", "head"], { ...env, NODE_DEBUG: "esm" });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Nothing to upgrade");
    // named by source module: a file of a bundled package counts as every module it holds
    const modules = [...loadedModules(run.stderr)];
    expect(modules.some((m) => new RegExp(`^${pkg}/(src/dialects\\.ts|dist/dialects\\.js)$`).test(m))).toBe(
      true,
    );
    expect(modules.filter((m) => m === "core/src/index.ts")).toEqual([]);
    expect(modules.filter((m) => m.startsWith(`${pkg}/`) && /introspect|lint/.test(m))).toEqual([]);
    // The op cache is for offline (--sql) runs only.
    expect(modules.filter((m) => /op-cache/.test(m))).toEqual([]);
    // a plain command line runs without commander (direct-command.ts), and the CLI's colours
    // are its own: neither CommonJS package is loaded
    expect(run.stderr).not.toMatch(
      /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?(?:commander|picocolors)\//,
    );
  }, 120_000);
});
