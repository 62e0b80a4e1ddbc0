import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCli, spawnCli } from "./testing/build-cli.js";
import { postgresBackend } from "./testing/database-backend.js";
import { ok, runCli, tempDir } from "./testing/harness.js";
import { buildDatabaseProject, IDS, setBody } from "./testing/sample-database-project.js";

// Tests that spawn the built `bin.js` as separate processes, in one file so `tsc -b` runs once.
const PROCESSES = 8;
const REVISIONS = 12;

let project: string;
let backend: Awaited<ReturnType<typeof postgresBackend>>;

beforeAll(async () => {
  // the processes run the built CLI
  await buildCli();
  backend = await postgresBackend("race");
  project = tempDir();
  await ok(project, ["init", "--dialect", "postgresql"]);
  for (let i = 1; i <= REVISIONS; i++) {
    const id = `${String(i).padStart(2, "0")}aa00000000`;
    await ok(project, ["revision", "-m", `table ${i}`, "--rev-id", id]);
    // slow enough that the other processes arrive while the first one holds the lock
    setBody(
      project,
      id,
      `op.execute("SELECT pg_sleep(0.05)"); op.execute("CREATE TABLE t${i} (id int)")`,
      `op.execute("DROP TABLE t${i}")`,
    );
  }
}, 180_000);
afterAll(() => backend?.dispose());

it(`${PROCESSES} processes running \`athanor upgrade head\` at once apply each revision exactly once`, async () => {
  const runs = await Promise.all(
    Array.from({ length: PROCESSES }, () =>
      spawnCli(project, ["upgrade", "head"], { DATABASE_URL: backend.url }),
    ),
  );
  for (const run of runs) expect(run, run.stderr).toMatchObject({ code: 0 });

  const applied = runs.flatMap((r) => r.stdout.split("\n").filter((l) => l.startsWith("applied ")));
  expect(applied).toHaveLength(REVISIONS);
  const rows = await backend.query<{ revision: string; n: number }>(
    project,
    "SELECT revision, count(*)::int AS n FROM athanor_version_history WHERE direction = 'upgrade' AND status = 'ok' GROUP BY revision",
  );
  expect(rows).toHaveLength(REVISIONS);
  expect(rows.every((r) => r.n === 1)).toBe(true);
  const version = await backend.query<{ version_num: string }>(
    project,
    "SELECT version_num FROM athanor_version",
  );
  expect(version).toEqual([{ version_num: `${REVISIONS}aa00000000` }]);

  // the ones that arrived while the lock was held say so, naming the holder's server pid
  const waiters = runs.filter((r) =>
    /waited [\d.]+ (ms|s) for the migration lock held by pid \d+/.test(r.stderr),
  );
  expect(waiters.length).toBeGreaterThan(0);
  for (const waiter of waiters) expect(waiter.stdout).toMatch(/Nothing to upgrade|applied /);
}, 180_000);

describe("embedded PGlite", () => {
  // PGlite runs inside the process that opens it and takes no file lock: two `athanor`
  // processes on one project must take turns instead of both writing the data folder.
  let pgliteProject: string;
  beforeAll(async () => {
    pgliteProject = tempDir();
    await buildDatabaseProject(pgliteProject);
  });

  it("two processes upgrading one embedded database take turns; the second says it waited", async () => {
    const env = { DATABASE_URL: undefined };
    const runs = await Promise.all([
      spawnCli(pgliteProject, ["upgrade"], env),
      spawnCli(pgliteProject, ["upgrade"], env),
    ]);
    for (const run of runs) expect(run, run.stderr).toMatchObject({ code: 0 });
    const applied = runs.flatMap((r) => r.stdout.split("\n").filter((l) => l.startsWith("applied ")));
    expect(applied).toHaveLength(4);
    expect(runs.map((r) => r.stdout).join("")).toContain("Nothing to upgrade");
    expect(
      runs.some((r) =>
        /waiting for athanor process \d+, which has the embedded database open/.test(r.stderr),
      ),
    ).toBe(true);
    expect(existsSync(join(pgliteProject, ".athanor", "pglite.lock"))).toBe(false);
    expect(JSON.parse((await runCli(pgliteProject, ["current", "--json"])).stdout).heads).toEqual([
      IDS.merge,
    ]);
  }, 120_000);
});
