import { spawn } from "node:child_process";
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { beforeAll, describe, expect, it } from "vitest";
import { snapshotPath } from "../../postgres/src/pglite-initdb-snapshot.js";
import { userCacheFile } from "./project/header-cache-path.js";
import { BIN, buildCli, spawnCli } from "./testing/build-cli.js";
import { ok, runCli, tempDir } from "./testing/harness.js";
import { buildDatabaseProject, IDS, revisionFile, setBody } from "./testing/sample-database-project.js";

// The record that answers a no-op `upgrade` on a PGlite folder without starting PGlite: the
// built CLI as separate processes on real PGlite folders, checking that the record answers only
// while nothing it vouches for changed. What is about processes runs separate processes: the
// record answering a new process, another process writing the folder, kill -9, two racing
// upgrades. A run the record must NOT answer (after such a write or kill, a new revision, an
// edited config, a hostile record, a checksum, ATHANOR_NO_CACHE, another command) starts PGlite,
// which costs a new process ~2 s of CPU and this warm one ~0.4 s, so those runs are the same CLI
// code in this process (`inProcess`): the record's file and the folder's files decide whether the
// record answers, not which process reads them.
beforeAll(() => buildCli(), 180_000);

const cache = tempDir("athanor-record-cache-");
const env = { DATABASE_URL: undefined, XDG_CACHE_HOME: cache };
// The private cache starts with the initdb snapshot the other PGlite tests start from (the user's
// cache, where the first of them left it), so the first run here does not pay PGlite's initdb
// (~4 s of CPU). Without one there, that run makes its own, as on a fresh machine.
const shared = snapshotPath();
const own = snapshotPath(env);
if (shared !== undefined && own !== undefined && existsSync(shared)) {
  mkdirSync(dirname(own), { recursive: true, mode: 0o700 });
  cpSync(shared, own);
}
const FROM_RECORD = "per athanor's record of this PGlite folder";
const EXTRA = "5e6f70819203";

const upgrade = (project: string, ...args: string[]) => spawnCli(project, ["upgrade", ...args], env);
/** The CLI's code in this test's process (PGlite warm here), for runs the record must not answer. */
const inProcess = (project: string, ...argv: string[]) => runCli(project, argv, { env });
const recordOf = (project: string) =>
  userCacheFile("pglite-state", join(project, ".athanor", "pglite"), env) as string;

/**
 * A project built and upgraded to its head by a first run, whose verifying pass writes the record.
 * Built once per file: a new PGlite folder costs ~4 s of CPU (the embedded initdb), starting an
 * existing one under 1 s.
 */
let applied: string;
beforeAll(async () => {
  applied = tempDir();
  await buildDatabaseProject(applied);
  const first = await upgrade(applied);
  expect(first, first.stderr).toMatchObject({ code: 0 });
  expect(first.stdout).toContain(`now at ${IDS.merge}`);
  expect(existsSync(recordOf(applied))).toBe(true);
}, 180_000);

/**
 * A project at its head with a record written: a copy of {@link applied}'s folder (the record is
 * keyed by the folder's path, so the copy has none) after a no-op `upgrade` that starts PGlite,
 * finds nothing to apply and writes the copy's record. That set-up run is the CLI's own code run
 * in this test's process (PGlite is warm here; a new process pays its ~2 s start): the record
 * answers the built CLI's later processes all the same, which is what the tests check.
 */
async function settledProject(): Promise<string> {
  const project = tempDir();
  cpSync(applied, project, { recursive: true });
  expect(existsSync(recordOf(project))).toBe(false);
  const noop = await runCli(project, ["upgrade"], { env });
  expect(noop, noop.stderr).toMatchObject({
    code: 0,
    stdout: `Nothing to upgrade: the database is at ${IDS.merge}.\n`,
  });
  expect(existsSync(recordOf(project))).toBe(true);
  return project;
}

/**
 * Runs SQL on the folder with PGlite itself, in this test's process (not the CLI's): an
 * application, not athanor.
 */
async function applicationWrites(project: string, sql: string): Promise<void> {
  const db = new PGlite(join(project, ".athanor", "pglite"));
  await db.exec(sql);
  await db.close();
}

/** The 1-based number of the first statement of `upgrade` starting with `prefix`, traced on a copy. */
async function statementNumber(project: string, prefix: string): Promise<number> {
  const copy = tempDir();
  cpSync(project, copy, { recursive: true });
  const run = await spawnCli(copy, ["upgrade"], { ...env, ATHANOR_TEST_TRACE_STATEMENTS: "1" });
  const found = new RegExp(`athanor-test: statement (\\d+): ${prefix}`).exec(run.stderr);
  if (found === null) throw new Error(`no statement ${prefix} in:\n${run.stderr}`);
  return Number(found[1]);
}

function plantWithMode(path: string, content: string, mode: number): void {
  writeFileSync(path, content);
  chmodSync(path, mode);
}

async function addRevision(project: string): Promise<void> {
  await ok(project, ["revision", "-m", "extra", "--rev-id", EXTRA]);
  setBody(project, EXTRA, 'op.execute("CREATE TABLE extra (id int)")', 'op.execute("DROP TABLE extra")');
}

describe("the PGlite no-op record", () => {
  it("answers a no-op without starting PGlite, says so, and is private", async () => {
    // the record the applying run wrote (the other tests' come from a no-op run on a copy)
    const project = applied;
    const again = await upgrade(project);
    expect(again).toMatchObject({ code: 0, stderr: "" });
    expect(again.stdout).toBe(
      `Nothing to upgrade: the database is at ${IDS.merge}, per athanor's record of this PGlite folder (no file in it has changed since a run verified it; PGlite was not started; applied revisions' checksums checked against the files).\n`,
    );
    const json = JSON.parse((await upgrade(project, "--json")).stdout);
    expect(json).toMatchObject({ answeredBy: "record", results: [], heads: { after: [IDS.merge] } });
    // an explicit target the database is past is a no-op too
    expect((await upgrade(project, IDS.account)).stdout).toContain(FROM_RECORD);
    const path = recordOf(project);
    expect(lstatSync(path).mode & 0o777).toBe(0o600);
    expect(lstatSync(dirname(path)).mode & 0o777).toBe(0o700);
  }, 180_000);

  it("is not trusted once another process wrote the folder: an application's rows, athanor stamp", async () => {
    const project = await settledProject();
    // an application writes rows with PGlite itself (no athanor lock, nothing removes the record)
    const saved = readFileSync(recordOf(project));
    await applicationWrites(project, "INSERT INTO account (id) VALUES (1)");
    expect(readFileSync(recordOf(project))).toEqual(saved);
    const noop = await inProcess(project, "upgrade");
    expect(noop).toMatchObject({ code: 0, stdout: `Nothing to upgrade: the database is at ${IDS.merge}.\n` });

    // another athanor process moves the version table back; the record is put back as it was
    const written = readFileSync(recordOf(project));
    expect((await spawnCli(project, ["stamp", IDS.name, "--purge"], env)).code).toBe(0);
    writeFileSync(recordOf(project), written, { mode: 0o600 });
    const after = await inProcess(project, "upgrade");
    expect(after.stdout).not.toContain(FROM_RECORD);
    // it read the stamped table: it tried to apply cart again, whose table exists — loudly
    expect(after.code).toBe(1);
    expect(after.stderr).toContain(`upgrade of revision ${IDS.cart} failed`);
  }, 240_000);

  it("is not trusted after a run killed (kill -9) in the middle of an upgrade", async () => {
    const project = await settledProject();
    const saved = readFileSync(recordOf(project));
    await addRevision(project);
    const pauseAt = await statementNumber(project, "CREATE TABLE extra");
    const child = spawn(process.execPath, [BIN, "upgrade"], {
      cwd: project,
      env: { ...process.env, ...env, NO_COLOR: "1", ATHANOR_TEST_PAUSE_AFTER: String(pauseAt) },
    });
    let stderr = "";
    await new Promise<void>((resolve, reject) => {
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes("athanor-test: paused")) resolve();
      });
      child.on("exit", () => reject(new Error(`exited before pausing: ${stderr}`)));
    });
    // the run removed the record when it opened the folder
    expect(existsSync(recordOf(project))).toBe(false);
    child.kill("SIGKILL");
    await new Promise((resolve) => child.on("exit", resolve));
    // the old record put back and the new revision away: only the folder's files changed
    writeFileSync(recordOf(project), saved, { mode: 0o600 });
    rmSync(revisionFile(project, EXTRA));
    const after = await inProcess(project, "upgrade");
    expect(after, after.stderr).toMatchObject({ code: 0 });
    expect(after.stdout).toBe(`Nothing to upgrade: the database is at ${IDS.merge}.\n`);
    expect((await upgrade(project)).stdout).toContain(FROM_RECORD);
  }, 240_000);

  it("two processes upgrading at once: one applies, the other waits and says where the database is", async () => {
    const project = await settledProject();
    await addRevision(project);
    const runs = await Promise.all([upgrade(project), upgrade(project)]);
    for (const run of runs) expect(run, run.stderr).toMatchObject({ code: 0 });
    const out = runs.map((r) => r.stdout).join("");
    expect(out.match(/^applied /gm)).toHaveLength(1);
    expect(out).toMatch(new RegExp(`Nothing to upgrade: the database is at ${EXTRA}`));
    expect((await upgrade(project)).stdout).toContain(`the database is at ${EXTRA}, ${FROM_RECORD}`);
  }, 240_000);

  it("checks applied revisions' checksums against the files: a same-size edit with its mtime put back fails loudly", async () => {
    const project = await settledProject();
    const file = revisionFile(project, IDS.account);
    const before = statSync(file);
    const text = readFileSync(file, "utf8");
    const edited = text.replace(
      "CREATE TABLE account (id int PRIMARY KEY)",
      "CREATE TABLE account (id int PRIMARY KEZ)",
    );
    expect(edited.length).toBe(text.length);
    writeFileSync(file, edited);
    utimesSync(file, before.atime, before.mtime);
    const run = await inProcess(project, "upgrade");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("ATHANOR_CHECKSUM_MISMATCH");
    expect(run.stdout).not.toContain(FROM_RECORD);
  }, 180_000);

  it("a revision added is applied; an edited config is a real no-op, then the record answers again", async () => {
    const project = await settledProject();
    await addRevision(project);
    const added = await inProcess(project, "upgrade");
    expect(added.stdout).toContain(`applied  ${IDS.merge} -> ${EXTRA}`);
    const config = join(project, "athanor.config.ts");
    writeFileSync(config, `${readFileSync(config, "utf8")}// edited\n`);
    expect((await inProcess(project, "upgrade")).stdout).toBe(
      `Nothing to upgrade: the database is at ${EXTRA}.\n`,
    );
    expect((await upgrade(project)).stdout).toContain(FROM_RECORD);
  }, 240_000);

  it("ignores a hostile record: garbage, a bad shape, a symlink, other users' permissions or owner", async () => {
    const project = await settledProject();
    const path = recordOf(project);
    const elsewhere = join(tempDir(), "record.json");
    // each flaw is planted in the record the last run wrote, which is valid for the folder as it
    // is now: the flaw alone must make it ignored (a record kept from before a run that opened
    // the folder is stale anyway, whatever its mode)
    const plant: Array<[string, (valid: string) => void]> = [
      ["garbage", () => writeFileSync(path, "{not json", { mode: 0o600 })],
      [
        "bad shape",
        (valid) => {
          const flawed = valid.replace(`"heads":["${IDS.merge}"]`, `"heads":"${IDS.merge}"`);
          expect(flawed).not.toBe(valid);
          writeFileSync(path, flawed, { mode: 0o600 });
        },
      ],
      [
        "symlink",
        (valid) => {
          writeFileSync(elsewhere, valid, { mode: 0o600 });
          symlinkSync(elsewhere, path);
        },
      ],
      ["group-readable", (valid) => plantWithMode(path, valid, 0o640)],
      ["world-writable", (valid) => plantWithMode(path, valid, 0o602)],
    ];
    if (process.getuid?.() === 0)
      plant.push([
        "another owner",
        (valid) => {
          writeFileSync(path, valid, { mode: 0o600 });
          chownSync(path, 65534, 65534);
        },
      ]);
    for (const [name, write] of plant) {
      expect(existsSync(path), `the record before planting ${name}`).toBe(true);
      const valid = readFileSync(path, "utf8");
      rmSync(path, { force: true });
      write(valid);
      const run = await inProcess(project, "upgrade");
      expect(run, name).toMatchObject({
        code: 0,
        stdout: `Nothing to upgrade: the database is at ${IDS.merge}.\n`,
      });
    }
    // what the last run wrote, unflawed, answers a new process
    expect((await upgrade(project)).stdout).toContain(FROM_RECORD);
  }, 300_000);

  it("is off with ATHANOR_NO_CACHE=1, and any other command that opens the folder removes it", async () => {
    const project = await settledProject();
    const off = await runCli(project, ["upgrade"], { env: { ...env, ATHANOR_NO_CACHE: "1" } });
    expect(off.stdout).toBe(`Nothing to upgrade: the database is at ${IDS.merge}.\n`);
    expect(existsSync(recordOf(project))).toBe(true);
    const current = await inProcess(project, "current");
    expect(current.code).toBe(0);
    expect(existsSync(recordOf(project))).toBe(false);
    expect((await inProcess(project, "upgrade")).stdout).not.toContain(FROM_RECORD);
  }, 240_000);
});
