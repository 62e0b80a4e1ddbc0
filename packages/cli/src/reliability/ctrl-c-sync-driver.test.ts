import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok, tempDir } from "../testing/harness.js";
import { revisionFile, setBody } from "../testing/sample-database-project.js";
import { buildBin, runBin } from "./bin-process.js";

// Ctrl-C on a synchronous driver (better-sqlite3): nothing in the runner used to leave the event
// loop, so the SIGINT handler only ran once the run was over — a backfill without sleepMs applied
// every batch and the revisions after the one running applied too, exit 0. Each revision here
// sends SIGINT to its own process (aimed by the run itself, not by timing): the run must stop
// after the batch, or before the next revision, with exit 130.
const ROWS = 2000;
const BATCH = 100;

describe("Ctrl-C on better-sqlite3", () => {
  let project: string;
  const env = { DATABASE_URL: "file:./app.db" };
  const file = () => join(project, "app.db");

  beforeAll(async () => {
    await buildBin();
    project = tempDir("athanor-ctrl-c-sync-");
    await ok(project, ["init", "--dialect", "sqlite"]);
    for (const id of ["r001", "r002", "r003", "r004"])
      await ok(project, ["revision", "-m", id, "--rev-id", id]);
    setBody(
      project,
      "r001",
      [
        'op.execute("CREATE TABLE accounts (id integer PRIMARY KEY, w integer NOT NULL DEFAULT 0)")',
        `op.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS}) INSERT INTO accounts (id) SELECT i FROM n")`,
      ].join(";\n    "),
      'op.execute("DROP TABLE accounts")',
    );
    // not idempotent (w + 1): a batch applied twice or skipped shows in the rows
    setBody(
      project,
      "r002",
      `await op.backfill({ table: "accounts", batchSize: ${BATCH}, columns: ["w"], compute: (rows) => {
      if (process.env.CTRL_C_IN_BATCH === "1" && !globalThis.sentCtrlC) {
        globalThis.sentCtrlC = true;
        process.kill(process.pid, "SIGINT");
      }
      return rows.map((r) => ({ id: r.id, w: Number(r.w) + 1 }));
    } })`,
      'op.execute("UPDATE accounts SET w = 0")',
    );
    setBody(
      project,
      "r003",
      `if (process.env.CTRL_C_IN_R003 !== undefined && !globalThis.sentCtrlC) {
      globalThis.sentCtrlC = true;
      for (let i = 0; i < Number(process.env.CTRL_C_IN_R003); i++) process.kill(process.pid, "SIGINT");
    }
    op.execute("CREATE TABLE t3 (id integer PRIMARY KEY)")`,
      'op.execute("DROP TABLE t3")',
    );
    setBody(
      project,
      "r004",
      'op.execute("CREATE TABLE t4 (id integer PRIMARY KEY)")',
      'op.execute("DROP TABLE t4")',
    );
    const r002 = revisionFile(project, "r002");
    writeFileSync(r002, readFileSync(r002, "utf8").replace("upgrade(op) {", "async upgrade(op) {"));
  }, 300_000);
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it("stops between batches, exit 130; --resume applies every row once", async () => {
    const up1 = await runBin(project, ["upgrade", "r001"], env);
    expect(up1.code, up1.stderr).toBe(0);

    const stopped = await runBin(project, ["upgrade", "r002"], { ...env, CTRL_C_IN_BATCH: "1" });
    expect(stopped.code, stopped.stdout + stopped.stderr).toBe(130);
    expect(stopped.stderr).toContain("ATHANOR_INTERRUPTED");
    expect(stopped.stderr).toContain("`athanor upgrade --resume`");
    const db = new Database(file(), { readonly: true });
    try {
      // the handler runs at the first turn of the event loop that polls: after this batch or the next
      const [{ n: done }] = db.prepare("SELECT rows_done AS n FROM athanor_version_backfill").all() as [
        { n: number },
      ];
      expect([BATCH, 2 * BATCH]).toContain(done);
      expect(db.prepare("SELECT w, count(*) AS n FROM accounts GROUP BY w ORDER BY w").all()).toEqual([
        { w: 0, n: ROWS - done },
        { w: 1, n: done },
      ]);
    } finally {
      db.close();
    }

    const status = await runBin(project, ["status"], env);
    expect(status.stdout).toMatch(/blocked: .*r002 stopped part-way .*athanor upgrade --resume/);
    const resumed = await runBin(project, ["upgrade", "r002", "--resume"], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    const after = new Database(file(), { readonly: true });
    try {
      expect(after.prepare("SELECT w, count(*) AS n FROM accounts GROUP BY w").all()).toEqual([
        { w: 1, n: ROWS },
      ]);
    } finally {
      after.close();
    }
  }, 300_000);

  it("a Ctrl-C during one revision stops the run before the next, exit 130", async () => {
    const stopped = await runBin(project, ["upgrade"], { ...env, CTRL_C_IN_R003: "1" });
    expect(stopped.code, stopped.stdout + stopped.stderr).toBe(130);
    expect(stopped.stderr).toContain("interrupted by SIGINT before revision r004");
    const current = await runBin(project, ["current"], env);
    expect(current.stdout).toContain("r003");
    const db = new Database(file(), { readonly: true });
    try {
      expect(db.prepare("SELECT name FROM sqlite_schema WHERE name IN ('t3', 't4')").all()).toEqual([
        { name: "t3" },
      ]);
    } finally {
      db.close();
    }
    const rest = await runBin(project, ["upgrade"], env);
    expect(rest.code, rest.stderr).toBe(0);
    expect(rest.stdout).toContain("now at r004");
  }, 300_000);

  it("a second Ctrl-C stops at once with exit 130, not as a command that never settled", async () => {
    const back = await runBin(project, ["downgrade", "r002"], env);
    expect(back.code, back.stderr).toBe(0);
    const stopped = await runBin(project, ["upgrade"], { ...env, CTRL_C_IN_R003: "2" });
    expect(stopped.code, stopped.stdout + stopped.stderr).toBe(130);
    expect(stopped.stderr).toContain("SIGINT again: stopping at once");
    expect(stopped.stderr).not.toContain("ATHANOR_UNHANDLED_ERROR");
    const status = await runBin(project, ["status"], env);
    expect(status.stdout).toContain("Version table: r003");
  }, 300_000);
});
