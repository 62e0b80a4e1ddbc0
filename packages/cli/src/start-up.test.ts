import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, expect, it } from "vitest";
import { buildCli, spawnCli } from "./testing/build-cli.js";
import { ok, tempDir, useSchemaFile } from "./testing/harness.js";
import { loadedModules } from "./testing/loaded-modules.js";

// What the built CLI imports at start-up, read from Node's own module-loading log and named by
// source module (the packages are bundled: a loaded file counts as every module it holds).
beforeAll(() => buildCli(), 180_000);

const commandModules = (log: string) =>
  new Set(
    [...loadedModules(log)].flatMap(
      (name) => /^cli\/src\/commands\/([a-z-]+)\.ts$/.exec(name)?.slice(1) ?? [],
    ),
  );

it("`--version` prints the version without importing any module of the CLI", async () => {
  const run = await spawnCli(tempDir(), ["--version"], { NODE_DEBUG: "esm" });
  expect(run.code).toBe(0);
  expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  // the log does list modules (bin.js itself), but nothing under dist/ and no dependency
  expect(run.stderr).toContain("cli/bin.js");
  expect(run.stderr).not.toMatch(/\/dist\/|node_modules/);
});

it("`--version` answered by bin.js prints what commander prints for it", async () => {
  const cwd = tempDir();
  const fast = await spawnCli(cwd, ["--version"], {});
  const short = await spawnCli(cwd, ["-V"], {});
  // a global option before it takes the full path through commander
  const full = await spawnCli(cwd, ["--config", "athanor.config.ts", "--version"], { NODE_DEBUG: "esm" });
  expect(full.code).toBe(0);
  expect(full.stderr).toContain("cli/dist/main.js");
  expect(fast.stdout).toBe(full.stdout);
  expect(short.stdout).toBe(full.stdout);
});

it("a command imports its own module and no other", async () => {
  const run = await spawnCli(tempDir(), ["heads", "--help"], { NODE_DEBUG: "esm" });
  expect(run.code).toBe(0);
  expect(commandModules(run.stderr)).toEqual(new Set(["registry", "heads"]));
});

it.each(["check", "diff"])(
  "`%s` loads the comparison's packages once the config names the target, not at start-up",
  async (command) => {
    // @athanor/drizzle, @athanor/autogenerate, drizzle-orm's root and core's barrel are ~120 modules:
    // imported at the target (compare-command.ts), they load while oxc transpiles the schema
    const run = await spawnCli(tempDir(), [command, "--help"], { NODE_DEBUG: "esm" });
    expect(run.code).toBe(0);
    const modules = loadedModules(run.stderr);
    expect(modules.has(`cli/src/commands/${command}.ts`)).toBe(true);
    expect(modules.has("cli/src/autogenerate/compare-command.ts")).toBe(true);
    for (const heavy of ["drizzle/src/index.ts", "autogenerate/src/index.ts", "core/src/index.ts"])
      expect([heavy, modules.has(heavy)]).toEqual([heavy, false]);
    expect(run.stderr).not.toMatch(/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?drizzle-orm\//);
  },
);

it("`heads` in a project loads core's area entry points, never its root barrel", async () => {
  // the root barrel is every op builder, lint rule and the schema differ: ~110 modules at start-up
  const project = tempDir();
  await ok(project, ["init", "--dialect", "postgresql"]);
  await ok(project, ["revision", "-m", "first", "--rev-id", "a1b2c3d4e5f6"]);
  const run = await spawnCli(project, ["heads"], { NODE_DEBUG: "esm" });
  expect(run.code).toBe(0);
  expect(run.stdout).toContain("a1b2c3d4e5f6");
  const modules = loadedModules(run.stderr);
  expect(modules.has("core/src/graph/index.ts")).toBe(true);
  expect(modules.has("core/src/index.ts")).toBe(false);
  // a plain command line runs without commander (direct-command.ts): neither it nor any colour
  // package is loaded; with an option, commander parses it as before
  expect(run.stderr).not.toMatch(
    /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?(?:commander|picocolors)\//,
  );
  // and from bin.js's `heads` entry (one file), not main.js and the command registry; `--json`
  // too, with the output main gives it (graph-commands.test.ts)
  expect(modules.has("cli/src/heads-direct.ts")).toBe(true);
  expect(run.stderr).not.toContain("cli/dist/main.js");
  expect(modules.has("cli/src/commands/registry.ts")).toBe(false);
  const json = await spawnCli(project, ["heads", "--json"], { NODE_DEBUG: "esm" });
  expect(json.code).toBe(0);
  expect(JSON.parse(json.stdout)).toMatchObject({ heads: [{ id: "a1b2c3d4e5f6" }] });
  expect(json.stderr).not.toContain("cli/dist/main.js");
  const verbose = await spawnCli(project, ["heads", "--verbose"], { NODE_DEBUG: "esm" });
  expect(verbose.code).toBe(0);
  expect(verbose.stderr).toMatch(/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?commander\//);
  expect(verbose.stderr).toContain("cli/dist/main.js");
});

it("`check` of a SQLite project loads drizzle-orm's sqlite-core, not the other dialects' cores", async () => {
  // pg-core, mysql-core and the proxies are ~130 files a process; the schema needs none of them
  // (drizzle-orm's own root still imports a few pg-core files, e.g. for relations)
  const project = tempDir();
  await ok(project, ["init", "--dialect", "sqlite"]);
  useSchemaFile(project, 'url: "file:./app.db"');
  writeFileSync(
    join(project, "schema.ts"),
    'import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";\nexport const notes = sqliteTable("notes", { id: integer("id").primaryKey(), body: text("body") });\n',
  );
  // `check` only reads: the database must exist (ATHANOR_DATABASE_NOT_FOUND otherwise)
  await ok(project, ["upgrade"]);
  const run = await spawnCli(project, ["check"], { NODE_DEBUG: "esm,module" });
  // the new file lacks the table: a difference, read through sqlite-core
  expect(`${run.stdout}${run.stderr}`).toContain("notes");
  const drizzleFiles = [...run.stderr.matchAll(/drizzle-orm\/((?:[a-z-]+\/)*[a-z-]+\.js)/g)].map((m) => m[1]);
  expect(drizzleFiles).toContain("sqlite-core/table.js");
  expect(drizzleFiles.filter((f) => /^(?:mysql-core|mysql-proxy|pg-proxy)\//.test(f))).toEqual([]);
  expect(drizzleFiles).not.toContain("pg-core/index.js"); // the entry point, not the files drizzle's root uses
  expect(run.stderr).not.toMatch(/drizzle-orm\/[^\s'"]*\.cjs/); // nor a core required as CommonJS instead
}, 60_000);

it("the CLI's own process speaks its next steps without an AsyncLocalStorage scope", async () => {
  // On Node 20 a scope's run turns on promise hooks for the rest of the process: JavaScript at
  // every promise, 14 % of a PostgreSQL no-op's instructions (cli-phrasing.ts). A preload marks
  // every scope entered; core's errors must still name athanor's command lines.
  const project = tempDir();
  await ok(project, ["init", "--dialect", "sqlite"]);
  await ok(project, ["revision", "-m", "first", "--rev-id", "a1b2c3d4e5f6"]);
  const preload = join(tempDir(), "mark-scopes.mjs");
  writeFileSync(
    preload,
    `import { AsyncLocalStorage } from "node:async_hooks";
for (const name of ["run", "enterWith"]) {
  const original = AsyncLocalStorage.prototype[name];
  AsyncLocalStorage.prototype[name] = function (...args) {
    process.stderr.write("[scope entered: " + name + "]\\n");
    return original.apply(this, args);
  };
}
`,
  );
  const env = {
    NODE_OPTIONS: `--import ${pathToFileURL(preload).href}`,
    DATABASE_URL: `file:${join(project, "app.db")}`,
  };
  for (const argv of [["upgrade"], ["upgrade"], ["heads"], ["history"]]) {
    const run = await spawnCli(project, argv, env);
    expect([argv, run.code, run.stderr]).toEqual([argv, 0, ""]);
  }
  rmSync(join(project, "migrations/versions"), { recursive: true });
  for (const argv of [["heads"], ["upgrade"]]) {
    const run = await spawnCli(project, argv, env);
    expect(run.code).toBe(1);
    expect(run.stderr).not.toContain("[scope entered");
    expect(run.stderr).toContain("`athanor init` writes both");
  }
}, 60_000);
