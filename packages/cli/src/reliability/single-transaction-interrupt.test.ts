import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../testing/harness.js";
import {
  postgresSingleTransactionBackend,
  sqliteSingleTransactionBackend,
} from "../testing/single-transaction-backends.js";
import type { SingleTransactionBackend } from "../testing/single-transaction-suite.js";
import { buildBin, runBin, startBin } from "./bin-process.js";

// `upgrade --single-transaction` stopped in the middle of its third revision — by Ctrl-C, by
// kill -9, and (PostgreSQL) by pg_terminate_backend of its session — leaves the database exactly
// as it was before the run: the same tables, version rows and history rows. The stop is aimed by
// the runner's own statement trace (ATHANOR_TEST_PAUSE_AFTER), not by timing.
const IDS = ["r1", "r2", "r3", "r4"];

function writeProject(project: string, dialect: string): void {
  writeFileSync(join(project, "package.json"), "{}\n");
  writeFileSync(
    join(project, "athanor.config.mjs"),
    `export default { dialect: ${JSON.stringify(dialect)}, versions: "migrations/versions" };\n`,
  );
  const versions = join(project, "migrations/versions");
  mkdirSync(versions, { recursive: true });
  IDS.forEach((id, i) => {
    writeFileSync(
      join(versions, `${id}.mjs`),
      `const defineRevision = (d) => d;
export default defineRevision({ id: "${id}", parents: ${JSON.stringify(i === 0 ? [] : [IDS[i - 1]])}, message: "make t_${id}",
  upgrade(op) { op.execute("CREATE TABLE t_${id} (id integer PRIMARY KEY)"); op.execute("INSERT INTO t_${id} (id) VALUES (1)"); },
  downgrade(op) { op.execute("DROP TABLE t_${id}"); },
});
`,
    );
  });
}

interface Snapshot {
  readonly tables: readonly string[];
  readonly versions: readonly unknown[];
  readonly history: readonly unknown[];
}

async function snapshot(backend: SingleTransactionBackend, project: string): Promise<Snapshot> {
  return {
    tables: await backend.tables(project),
    versions: await backend.query(project, "SELECT version_num FROM athanor_version ORDER BY 1"),
    history: await backend.query(
      project,
      "SELECT revision, direction, status, run_id FROM athanor_version_history ORDER BY id",
    ),
  };
}

const cases: [string, () => Promise<SingleTransactionBackend>][] = [
  ["PostgreSQL", postgresSingleTransactionBackend],
  ["SQLite", async () => sqliteSingleTransactionBackend()],
];

describe.each(cases)("%s", (_name, makeBackend) => {
  let backend: SingleTransactionBackend;
  let project: string;
  let before: Snapshot;
  /** The statement after which the run pauses: r3's CREATE TABLE, with r1 and r2 run before it. */
  let pauseAfter: number;
  const env = () => backend.env(project);

  beforeAll(async () => {
    await buildBin();
    backend = await makeBackend();
    project = tempDir("athanor-single-tx-interrupt-");
    writeProject(project, backend.dialect);
    await backend.reset(project);
    const first = await runBin(project, ["upgrade", "r1"], env());
    expect(first.code, first.stderr).toBe(0);
    before = await snapshot(backend, project);
    // calibration: where r3's table is made, by the runner's own trace; then back to r1
    const traced = await runBin(project, ["upgrade", "--single-transaction"], {
      ...env(),
      ATHANOR_TEST_TRACE_STATEMENTS: "1",
    });
    expect(traced.code, traced.stderr).toBe(0);
    const at = /athanor-test: statement (\d+): CREATE TABLE t_r3/.exec(traced.stderr);
    expect(at, traced.stderr).not.toBeNull();
    pauseAfter = Number(at?.[1]);
    const back = await runBin(project, ["downgrade", "r1"], env());
    expect(back.code, back.stderr).toBe(0);
    expect((await snapshot(backend, project)).versions).toEqual(before.versions);
    before = await snapshot(backend, project);
  }, 300_000);
  afterAll(async () => backend?.dispose());

  const paused = async () => {
    const run = startBin(project, ["upgrade", "--single-transaction"], {
      ...env(),
      ATHANOR_TEST_PAUSE_AFTER: String(pauseAfter),
    });
    expect(await run.stderrShows(`athanor-test: paused after statement ${pauseAfter}\n`)).toBe(true);
    return run;
  };

  it("Ctrl-C mid-run rolls the whole run back and says so once it read the version table back", async () => {
    const run = await paused();
    process.kill(run.pid, "SIGINT");
    const stopped = await run.exited;
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stdout).toContain("rolled back the run's one transaction");
    expect(stopped.stdout).not.toContain("committed");
    expect(stopped.stderr).toContain("error[ATHANOR_INTERRUPTED]");
    expect(stopped.stderr).toContain(
      "it was rolled back: no revision of it stays applied (the version table, read back, is at r1",
    );
    expect(await snapshot(backend, project)).toEqual(before);
  }, 120_000);

  it("kill -9 mid-run leaves the database as before the run", async () => {
    const run = await paused();
    run.kill9();
    expect((await run.exited).signal).toBe("SIGKILL");
    expect(await snapshot(backend, project)).toEqual(before);
    // and the next run goes through
    const again = await runBin(project, ["upgrade", "--single-transaction"], env());
    expect(again.code, again.stderr).toBe(0);
    expect((await snapshot(backend, project)).versions).toEqual([{ version_num: "r4" }]);
    const back = await runBin(project, ["downgrade", "r1"], env());
    expect(back.code, back.stderr).toBe(0);
    before = await snapshot(backend, project);
  }, 120_000);

  // a server's session only: SQLite runs in this process
  if (_name === "PostgreSQL")
    it("pg_terminate_backend of its session mid-run: rolled back, verified on a new session", async () => {
      const run = await paused();
      const [holder] = await backend.query<{ pid: number }>(
        project,
        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()",
      );
      expect(holder).toBeDefined();
      await backend.query(project, `SELECT pg_terminate_backend(${holder?.pid})`);
      process.kill(run.pid, "SIGUSR2");
      const stopped = await run.exited;
      expect(stopped.code, stopped.stderr).toBe(1);
      expect(stopped.stdout).not.toContain("committed");
      expect(stopped.stderr).toContain(
        "it was rolled back: no revision of it stays applied (the version table, read back, is at r1",
      );
      expect(await snapshot(backend, project)).toEqual(before);
    }, 120_000);
});
