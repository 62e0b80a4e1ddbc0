import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { postgresBackend } from "./testing/database-backend.js";
import { ok, tempDir } from "./testing/harness.js";
import { setBody } from "./testing/sample-database-project.js";

const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
const BIN = fileURLToPath(new URL("../bin.js", import.meta.url));
const PROCESSES = 8;
const REVISIONS = 12;

let project: string;
let backend: Awaited<ReturnType<typeof postgresBackend>>;

beforeAll(async () => {
  // the processes run the built CLI
  await promisify(execFile)(
    process.execPath,
    [fileURLToPath(import.meta.resolve("typescript/bin/tsc")), "-b"],
    {
      cwd: PACKAGE_DIR,
    },
  );
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

function spawnUpgrade(): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, "upgrade", "head"],
      { cwd: project, env: { ...process.env, DATABASE_URL: backend.url, NO_COLOR: "1" }, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

it(`${PROCESSES} processes running \`athanor upgrade head\` at once apply each revision exactly once`, async () => {
  const runs = await Promise.all(Array.from({ length: PROCESSES }, spawnUpgrade));
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
