import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createTestDatabase, type TestDatabase } from "@athanor/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { noopCachePath } from "./project/heads-cache-path.js";
import { buildCli, spawnCli } from "./testing/build-cli.js";
import { ok, tempDir } from "./testing/harness.js";
import { loadedModules } from "./testing/loaded-modules.js";
import { TEST_SERVERS } from "./testing/test-servers.js";

// What a no-op `upgrade` imports against a real server, read from Node's module-loading log: the
// dialect's narrow entry point (`@athanor/<package>/dialects`), never core's root barrel (every op
// builder, lint rule and the schema differ) nor the dialect's introspector or lint rules. That is
// the no-op the folder's summary does not answer; one it answers loads less still (the dialect's
// session part, not its narrow entry point: noop-summary-servers.test.ts).

beforeAll(() => buildCli(), 180_000);

describe.each(TEST_SERVERS)("no-op upgrade on $name", ({ dialect, url, pkg }) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ url, prefix: "startup" });
  });
  afterAll(async () => db?.dispose());

  it("loads the dialect's narrow entry point and nothing of core's root barrel", async () => {
    const project = tempDir();
    const env = { DATABASE_URL: db.url ?? "", XDG_CACHE_HOME: tempDir("athanor-startup-cache-") };
    await ok(project, ["init", "--dialect", dialect]);
    await ok(project, ["revision", "-m", "first", "--rev-id", "a1b2c3d4e5f6"]);
    expect((await spawnCli(project, ["upgrade", "head"], env)).code).toBe(0);
    // That upgrade stores the no-op summary when the revision file is past the 3 s racy window
    // by then — on a loaded machine init, revision and upgrade take that long — and the run below
    // would be answered from it, loading no narrow entry point (two failures in a whole-suite run
    // at load 14–32). Removed, the run below is the no-op without it whatever the timing.
    rmSync(noopCachePath(join(project, "migrations", "versions"), env) as string, { force: true });
    const run = await spawnCli(project, ["upgrade", "head"], { ...env, NODE_DEBUG: "esm" });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Nothing to upgrade");
    // named by source module: a file of a bundled package counts as every module it holds
    const modules = [...loadedModules(run.stderr)];
    // the package's modules the run loaded, named in a failure
    const ofPackage = modules.filter((m) => m.startsWith(`${pkg}/`));
    expect(
      ofPackage.some((m) => /^[^/]+\/(src\/dialects\.ts|dist\/dialects\.js)$/.test(m)),
      ofPackage.join(", "),
    ).toBe(true);
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

describe.each(TEST_SERVERS)("downgrade on $name", ({ dialect, url }) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ url, prefix: "startup_down" });
  });
  afterAll(async () => db?.dispose());

  it("reverts a literal revision without core's root barrel", async () => {
    // a revision of op calls with literal arguments is read from its text (literal-module.ts) and
    // needs core's `defineRevision` only: from the revision entry, the same function, not the
    // root barrel's ~100 KB of lint, fleet and differ code, which a downgrade never runs
    const project = tempDir();
    const env = { DATABASE_URL: db.url ?? "" };
    await ok(project, ["init", "--dialect", dialect]);
    writeFileSync(
      join(project, "migrations", "versions", "b1b2c3d4e5f6_literal.ts"),
      `import { defineRevision } from "@athanor/core";

export default defineRevision({
  id: "b1b2c3d4e5f6",
  parents: [],
  message: "literal",
  createdAt: "2026-01-01T00:00:00.000Z",
  upgrade(op) {
    op.execute("CREATE TABLE startup_literal (id int PRIMARY KEY)");
  },
  downgrade(op) {
    op.execute("DROP TABLE startup_literal");
  },
});
`,
    );
    expect((await spawnCli(project, ["upgrade", "head"], env)).code).toBe(0);
    const run = await spawnCli(project, ["downgrade", "base"], { ...env, NODE_DEBUG: "esm" });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("now at <base>");
    const modules = [...loadedModules(run.stderr)];
    expect(modules.filter((m) => m === "core/src/revision/index.ts")).toEqual(["core/src/revision/index.ts"]);
    expect(modules.filter((m) => m === "core/src/index.ts")).toEqual([]);
    // the table is gone: the revision's downgrade ran
    expect((await spawnCli(project, ["upgrade", "head"], env)).code).toBe(0);
  }, 120_000);
});
