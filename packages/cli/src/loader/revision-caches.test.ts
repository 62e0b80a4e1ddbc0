import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileChecksum, parseRevisionHeader } from "@athanor/core";
import { beforeAll, describe, expect, it } from "vitest";
import { buildCli, spawnCli } from "../testing/build-cli.js";
import { runCli, tempDir } from "../testing/harness.js";
import { buildDatabaseProject, IDS, normalise, revisionFile } from "../testing/sample-database-project.js";

// What athanor keeps between runs (the header and checksum caches) is per user, private, and
// never trusted over the revision file: a forged entry ends in a coded error, never in other code
// running or another checksum being recorded. Compiled code is not kept at all.

const mode = (path: string) => statSync(path).mode & 0o777;

/** Runs `upgrade --sql` once so the caches exist, and returns their folder and files. */
async function warmCaches(project: string, cacheHome: string) {
  const result = await runCli(project, ["upgrade", "--sql"], { env: { XDG_CACHE_HOME: cacheHome } });
  expect(result.code).toBe(0);
  const dir = join(cacheHome, "athanor");
  const headers = readdirSync(dir).find((f) => f.startsWith("headers-"));
  if (headers === undefined) throw new Error(`no header cache in ${dir}: ${readdirSync(dir).join(", ")}`);
  return {
    dir,
    headers: join(dir, headers),
    checksums: join(dir, headers.replace("headers-", "checksums-")),
  };
}

/** A cache entry for `file` under its current stamp, as the caches store them. */
function forgedEntry(file: string, value: unknown) {
  const stats = statSync(file);
  return [stats.size, stats.mtimeMs, stats.ctimeMs, stats.ino, value];
}

describe("forged cache entries", () => {
  it("a forged checksum entry is never served for a file whose text the run holds: its own checksum is recorded", async () => {
    const project = tempDir();
    const cacheHome = tempDir("athanor-cache-");
    await buildDatabaseProject(project);
    const { headers, checksums } = await warmCaches(project, cacheHome);
    const { dir: versionsDir } = JSON.parse(readFileSync(headers, "utf8")) as { dir: string };
    const file = revisionFile(project, IDS.account);
    const forged = fileChecksum("export default 'another text';\n");
    const name = file.slice(file.lastIndexOf("/") + 1);
    writeFileSync(
      checksums,
      JSON.stringify({ format: 1, dir: versionsDir, entries: { [name]: forgedEntry(file, forged) } }),
      { mode: 0o600 },
    );

    // the header cache stored nothing for these just-written files (racy window), so the header
    // is parsed from the file's text, and the checksum comes from that same text
    const result = await runCli(project, ["upgrade", "--sql"], { env: { XDG_CACHE_HOME: cacheHome } });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain(forged);
    expect(result.stdout).toContain(fileChecksum(readFileSync(file, "utf8")));
  });

  it("a forged checksum entry beside a cached header stops the run with a coded error before the revision runs or is recorded", async () => {
    const project = tempDir();
    const cacheHome = tempDir("athanor-cache-");
    await buildDatabaseProject(project);
    const { headers, checksums } = await warmCaches(project, cacheHome);
    const cache = JSON.parse(readFileSync(headers, "utf8")) as { dir: string; entries: unknown[][] };
    const file = revisionFile(project, IDS.account);
    const name = file.slice(file.lastIndexOf("/") + 1);
    // the file's true header, served from the cache, so the file is not read for it
    const h = parseRevisionHeader(readFileSync(file, "utf8"), file);
    const stamp = forgedEntry(file, null).slice(0, 4);
    cache.entries.push([
      name,
      ...stamp,
      h.id,
      h.parents,
      h.message,
      h.createdAt ?? null,
      h.branchLabels,
      h.dependsOn,
      h.phase ?? null,
      h.transactional,
      null,
    ]);
    writeFileSync(headers, JSON.stringify(cache), { mode: 0o600 });
    const forged = fileChecksum("export default 'another text';\n");
    writeFileSync(
      checksums,
      JSON.stringify({ format: 1, dir: cache.dir, entries: { [name]: forgedEntry(file, forged) } }),
      { mode: 0o600 },
    );

    const result = await runCli(project, ["upgrade", "--sql"], { env: { XDG_CACHE_HOME: cacheHome } });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("ATHANOR_REVISION_CHANGED_DURING_RUN");
    expect(result.stdout).not.toContain(forged);
  });

  it("a forged header entry is caught when the module runs: the file's own header wins", async () => {
    const project = tempDir();
    const cacheHome = tempDir("athanor-cache-");
    await buildDatabaseProject(project);
    const { headers } = await warmCaches(project, cacheHome);
    const cache = JSON.parse(readFileSync(headers, "utf8")) as { entries: unknown[][] };
    const file = revisionFile(project, IDS.account);
    const name = file.slice(file.lastIndexOf("/") + 1);
    // the run stored nothing for these just-written files (racy window), so forge a full row:
    // name, stamp, then id, parents, message, createdAt, branchLabels, dependsOn, phase, transactional, lint
    const stamp = forgedEntry(file, null).slice(0, 4);
    cache.entries.push([name, ...stamp, IDS.account, [], "forged", null, [], [], null, true, null]);
    writeFileSync(headers, JSON.stringify(cache), { mode: 0o600 });

    const result = await runCli(project, ["upgrade", "--sql"], { env: { XDG_CACHE_HOME: cacheHome } });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("ATHANOR_REVISION_HEADER_MISMATCH");
  });
});

describe("the CLI as separate processes", () => {
  let project: string;
  beforeAll(async () => {
    await buildCli();
    project = tempDir();
    await buildDatabaseProject(project);
  }, 180_000);

  it("keeps no compiled code anywhere, and only private header/checksum caches", async () => {
    const tmp = tempDir("athanor-tmp-");
    const cacheHome = tempDir("athanor-cache-");
    const run = await spawnCli(project, ["upgrade", "--sql"], { TMPDIR: tmp, XDG_CACHE_HOME: cacheHome });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("CREATE TABLE account");
    expect(readdirSync(tmp)).toEqual([]);
    const dir = join(cacheHome, "athanor");
    expect(mode(dir)).toBe(0o700);
    for (const name of readdirSync(dir)) {
      expect(name).toMatch(/^(headers|checksums)-[0-9a-f]+\.json$/);
      expect(mode(join(dir, name))).toBe(0o600);
    }
  });

  it("four processes sharing one cache folder all succeed with the same script, and leave readable caches", async () => {
    const cacheHome = tempDir("athanor-cache-");
    mkdirSync(join(cacheHome, "athanor"), { mode: 0o755 });
    const runs = await Promise.all(
      Array.from({ length: 4 }, () => spawnCli(project, ["upgrade", "--sql"], { XDG_CACHE_HOME: cacheHome })),
    );
    for (const run of runs) expect(run.code).toBe(0);
    const scripts = new Set(runs.map((run) => normalise(run.stdout)));
    expect(scripts.size).toBe(1);
    const dir = join(cacheHome, "athanor");
    expect(mode(dir)).toBe(0o700);
    for (const name of readdirSync(dir)) {
      expect(name).not.toMatch(/\.tmp$/);
      expect(() => JSON.parse(readFileSync(join(dir, name), "utf8"))).not.toThrow();
    }
    // and a later run over those caches gives the same script again
    const again = await spawnCli(project, ["upgrade", "--sql"], { XDG_CACHE_HOME: cacheHome });
    expect(normalise(again.stdout)).toBe([...scripts][0]);
  });
});
