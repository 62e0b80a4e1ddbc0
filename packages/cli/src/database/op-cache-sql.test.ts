import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { basename, join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { headerCachePath } from "../project/header-cache-path.js";
import { opCachePath } from "../project/op-cache-path.js";
import { buildCli, spawnCli } from "../testing/build-cli.js";
import { runCli, tempDir } from "../testing/harness.js";
import { cliRevisionImporter } from "./revision-importer.js";

// `--sql` with the op cache prints exactly what it prints without it — over a history that mixes
// op kinds, SQLite table rebuilds, phases, a branch and a merge, a helper module and a JSON file —
// replays instead of running the revisions it holds, never holds one that reads the environment,
// and forgets a recording when the revision or anything it imported changes.

const revision = (
  id: string,
  parents: string[],
  up: string,
  down: string,
  extra = "",
  imports = "",
) => `import { defineRevision } from "@athanor/core";
import { calls } from "../helpers/calls.ts";
${imports}
export default defineRevision({ id: ${JSON.stringify(id)}, parents: ${JSON.stringify(parents)}, message: ${JSON.stringify(id)},${extra}
  async upgrade(op) { calls.n++; ${up} },
  downgrade(op) { calls.n++; ${down} },
});
`;

const ENV_TABLE = "ATHANOR_OP_CACHE_TEST_TABLE";

function project(dialect: "sqlite" | "postgresql", opCache?: boolean): string {
  const dir = tempDir("athanor-op-cache-");
  symlinkSync(join(import.meta.dirname, "../../node_modules"), join(dir, "node_modules"), "dir");
  const versions = join(dir, "migrations/versions");
  mkdirSync(versions, { recursive: true });
  mkdirSync(join(dir, "migrations/helpers"));
  const url = dialect === "sqlite" ? "file:./app.db" : "postgres://postgres@127.0.0.1:5432/op_cache_sql_test";
  const cacheSetting = opCache === undefined ? "" : `, opCache: ${opCache}`;
  writeFileSync(
    join(dir, "athanor.config.ts"),
    `import { defineConfig } from "athanor";\nexport default defineConfig({ url: ${JSON.stringify(url)}${cacheSetting} });\n`,
  );
  writeFileSync(join(dir, "migrations/helpers/calls.ts"), "export const calls = { n: 0 };\n");
  writeFileSync(
    join(dir, "migrations/helpers/columns.ts"),
    'export const auditColumns = () => [{ name: "id", type: "integer", nullable: false }, { name: "at", type: "text" }];\n',
  );
  writeFileSync(join(dir, "migrations/helpers/names.json"), '{ "table": "from_json" }\n');
  const file = (name: string, text: string) => writeFileSync(join(versions, name), text);
  file(
    "a1_create.ts",
    revision(
      "a1",
      [],
      'op.createTable("big", { columns: [{ name: "id", type: "integer", nullable: false }, { name: "v", type: "text" }], primaryKey: ["id"] }); op.createTable("small", { columns: [{ name: "id", type: "integer", nullable: false }, { name: "v", type: "text" }], primaryKey: ["id"] });',
      'op.dropTable("small"); op.dropTable("big");',
    ),
  );
  // a rebuild on SQLite: several changes to one table render as one batch
  file(
    "b2_alter.ts",
    revision(
      "b2",
      ["a1"],
      'op.alterColumn("big", "v", { nullable: false, existingNullable: true, default: "\'x\'" }); op.addCheck("big_v", "big", "v <> \'\'"); op.addColumn("big", { name: "note", type: "text" });',
      'op.dropColumn("big", "note"); op.dropConstraint("big_v", "big", { existing: { type: "check", expression: "v <> \'\'" } }); op.alterColumn("big", "v", { nullable: true, existingNullable: false, default: null });',
      ' branchLabels: ["side"],',
    ),
  );
  file(
    "c3_audit.ts",
    revision(
      "c3",
      ["a1"],
      'op.createTable("audit", { columns: auditColumns(), primaryKey: ["id"] }); op.createIndex("audit_at", "audit", ["at"]);',
      'op.dropIndex("audit_at", "audit"); op.dropTable("audit");',
      ' phase: "expand",',
      'import { auditColumns } from "../helpers/columns.ts";',
    ),
  );
  file(
    "d4_merge.ts",
    revision(
      "d4",
      ["b2", "c3"],
      'op.lockRetry({ lockTimeoutMs: 4321 }); op.execute("INSERT INTO small (id, v) VALUES (1, \'merged\')"); await op.backfill({ table: "big", set: { note: "v" }, where: "note IS NULL", batchSize: 100 });',
      'op.execute("DELETE FROM small WHERE id = 1");',
    ),
  );
  // reads the environment: never cached, whatever the setting — and over 64 KB, so its text is
  // scanned only when the op cache asks (module-reads.ts), which must still find `process`
  file(
    "e5_env.ts",
    `${revision(
      "e5",
      ["d4"],
      `op.createTable(process.env.${ENV_TABLE} ?? "env_default", { columns: [{ name: "id", type: "integer" }] });`,
      `op.dropTable(process.env.${ENV_TABLE} ?? "env_default");`,
      ' phase: "contract",',
    )}${"// padding\n".repeat(7000)}`,
  );
  file(
    "f6_json.ts",
    revision(
      "f6",
      ["e5"],
      'op.createTable(names.table, { columns: [{ name: "id", type: "integer" }] });',
      "op.dropTable(names.table);",
      "",
      'import names from "../helpers/names.json";',
    ),
  );
  return dir;
}

async function sql(dir: string, cache: string, ...argv: string[]) {
  const r = await runCli(dir, argv.length > 0 ? argv : ["upgrade", "--sql"], {
    env: { XDG_CACHE_HOME: cache },
  });
  expect(r.code, r.stderr).toBe(0);
  // history rows carry a fresh run id each time
  return { stdout: r.stdout.replace(/'[0-9a-f-]{36}'/g, "'<run>'"), stderr: r.stderr };
}

/** Revision runs so far in this process: the helper module every revision bumps (the loader's instance). */
async function revisionRuns(dir: string): Promise<number> {
  const helper = (await cliRevisionImporter(join(dir, "migrations/helpers/calls.ts"))) as {
    calls: { n: number };
  };
  return helper.calls.n;
}

function cachedEntries(cache: string): string[] {
  const folder = join(cache, "athanor");
  const name = readdirSync(folder).find((f) => f.startsWith("ops-"));
  if (name === undefined) return [];
  const file = JSON.parse(readFileSync(join(folder, name), "utf8")) as { entries: Record<string, unknown> };
  return Object.keys(file.entries)
    .map((key) => key.split("\u0000").slice(0, 2).join(" "))
    .sort();
}

beforeAll(() => buildCli(), 300_000);
afterEach(() => {
  delete process.env[ENV_TABLE];
});

describe.each(["sqlite", "postgresql"] as const)("upgrade --sql with the op cache (%s)", (dialect) => {
  it("prints the same script and warnings as without it, replaying what it recorded", async () => {
    const dir = project(dialect);
    const cache = tempDir("athanor-cache-");
    const plain = await sql(dir, cache);
    expect(plain.stdout).toContain("env_default");
    // b2's three changes to `big`: one table rebuild on SQLite, read from the replayed a1
    if (dialect === "sqlite") expect(plain.stdout.match(/RENAME TO/g)?.length).toBe(1);
    expect(existsSync(join(cache, "athanor")) && cachedEntries(cache)).toEqual([]);
    const cold = await sql(dir, cache, "upgrade", "--sql", "--op-cache");
    expect(cold).toEqual(plain);
    expect(cachedEntries(cache)).toEqual([
      "a1 upgrade",
      "b2 upgrade",
      "c3 upgrade",
      "d4 upgrade",
      "f6 upgrade",
    ]);
    const before = await revisionRuns(dir);
    const warm = await sql(dir, cache, "upgrade", "--sql", "--op-cache");
    expect(warm).toEqual(plain);
    // only e5 ran, once: the others were replayed, and lint replays what rendering recorded in this process
    expect((await revisionRuns(dir)) - before).toBe(1);

    const down = await sql(dir, cache, "downgrade", "--sql", "heads:base");
    expect(await sql(dir, cache, "downgrade", "--sql", "heads:base", "--op-cache")).toEqual(down);
    expect(await sql(dir, cache, "downgrade", "--sql", "heads:base", "--op-cache")).toEqual(down);
    const range = await sql(dir, cache, "upgrade", "--sql", "c3:heads");
    expect(await sql(dir, cache, "upgrade", "--sql", "c3:heads", "--op-cache")).toEqual(range);
  });

  // separate processes, as the CLI runs: in one process the loader keeps a module per text, so
  // an edited helper would not reach a revision module already loaded, cached or not
  it("forgets a recording when the revision, a helper it imports or its JSON changes; never keeps one that reads the environment", async () => {
    const dir = project(dialect);
    const cache = tempDir("athanor-cache-");
    const spawned = async (env: Record<string, string>, ...argv: string[]) => {
      const r = await spawnCli(dir, ["upgrade", "--sql", ...argv], { XDG_CACHE_HOME: cache, ...env });
      expect(r.code, r.stderr).toBe(0);
      return { stdout: r.stdout.replace(/'[0-9a-f-]{36}'/g, "'<run>'"), stderr: r.stderr };
    };
    const same = async (env: Record<string, string> = {}) => {
      const cached = await spawned(env, "--op-cache");
      expect(cached).toEqual(await spawned(env));
      return cached.stdout;
    };
    expect(await same()).toContain("env_default");
    expect(await same({ [ENV_TABLE]: "env_set" })).toContain("env_set");

    writeFileSync(
      join(dir, "migrations/helpers/columns.ts"),
      'export const auditColumns = () => [{ name: "id", type: "integer", nullable: false }, { name: "edited_at", type: "text" }];\n',
    );
    expect(await same()).toContain("edited_at");

    writeFileSync(join(dir, "migrations/helpers/names.json"), '{ "table": "renamed_json" }\n');
    expect(await same()).toContain("renamed_json");

    const b2 = join(dir, "migrations/versions/b2_alter.ts");
    writeFileSync(b2, readFileSync(b2, "utf8").replace('name: "note"', 'name: "remark"'));
    expect(await same()).toContain("remark");
  }, 120_000);
});

describe("turning the op cache on and off", () => {
  it("lives beside the header cache, ignores a relative XDG_CACHE_HOME, and is nowhere when caches are off", () => {
    const versions = "/repo/migrations/versions";
    const path = opCachePath(versions, { XDG_CACHE_HOME: "/home/me/.cache" });
    expect(path).toMatch(/^\/home\/me\/\.cache\/athanor\/ops-[0-9a-f]{20}\.json$/);
    expect(path?.replace("/ops-", "/headers-")).toBe(
      headerCachePath(versions, { XDG_CACHE_HOME: "/home/me/.cache" }),
    );
    // The XDG rule: a relative XDG_CACHE_HOME is ignored (never a folder under the working one).
    for (const path of [
      opCachePath(versions, { XDG_CACHE_HOME: "relative-cache" }),
      headerCachePath(versions, { XDG_CACHE_HOME: "relative-cache" }),
    ]) {
      expect(path).toBe(join(homedir(), ".cache", "athanor", basename(path ?? "")));
    }
    expect(opCachePath(versions, { XDG_CACHE_HOME: "/c", ATHANOR_NO_CACHE: "1" })).toBeUndefined();
  });

  it("is off by default, on with the config's opCache, off again with --no-op-cache", async () => {
    const off = tempDir("athanor-cache-");
    await sql(project("sqlite"), off);
    expect(existsSync(join(off, "athanor")) && cachedEntries(off)).toEqual([]);

    const onDir = project("sqlite", true);
    const on = tempDir("athanor-cache-");
    const noFlag = tempDir("athanor-cache-");
    await sql(onDir, noFlag, "upgrade", "--sql", "--no-op-cache");
    expect(cachedEntries(noFlag)).toEqual([]);
    await sql(onDir, on);
    expect(cachedEntries(on)).toContain("a1 upgrade");
  });

  it("refuses --op-cache online and a non-boolean opCache", async () => {
    const dir = project("sqlite");
    const online = await runCli(dir, ["upgrade", "--op-cache"], { env: {} });
    expect(online.code).not.toBe(0);
    expect(online.stderr).toContain("ATHANOR_USAGE");

    const bad = project("sqlite");
    writeFileSync(
      join(bad, "athanor.config.ts"),
      'import { defineConfig } from "athanor";\nexport default { url: "file:./app.db", opCache: "yes" };\n',
    );
    const invalid = await runCli(bad, ["upgrade", "--sql"], { env: {} });
    expect(invalid.code).not.toBe(0);
    expect(invalid.stderr).toContain("ATHANOR_CONFIG_INVALID");
    expect(invalid.stderr).toContain("opCache");
  });

  it("a damaged cache file is a miss: the same script, exit 0", async () => {
    const dir = project("postgresql");
    const cache = tempDir("athanor-cache-");
    const plain = await sql(dir, cache);
    await sql(dir, cache, "upgrade", "--sql", "--op-cache");
    const folder = join(cache, "athanor");
    const name = readdirSync(folder).find((f) => f.startsWith("ops-")) as string;
    const text = readFileSync(join(folder, name), "utf8");
    writeFileSync(join(folder, name), text.slice(0, Math.floor(text.length * 0.6)), { mode: 0o600 });
    expect(await sql(dir, cache, "upgrade", "--sql", "--op-cache")).toEqual(plain);
  });
});
