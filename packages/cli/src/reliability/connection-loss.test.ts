import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBin, runBin, startBin } from "./bin-process.js";
import { appliedOnChain, type ChainProject, chainProject } from "./chain-project.js";
import { type ScratchDatabase, type ServerDialect, scratchDatabase } from "./scratch-server.js";

// The database side goes away while a revision runs: the runner's backend is terminated from
// another session (pg_terminate_backend / KILL) in the middle of a slow statement.
const SLOW_S = 4;

for (const dialect of ["postgresql", "mysql"] as const satisfies readonly ServerDialect[]) {
  describe(dialect, () => {
    let db: ScratchDatabase;
    let project: ChainProject;
    const slow = dialect === "postgresql" ? `SELECT pg_sleep(${SLOW_S})` : `DO SLEEP(${SLOW_S})`;
    beforeAll(async () => {
      await buildBin();
      db = await scratchDatabase(dialect, "cut");
      project = await chainProject(dialect, [
        { up: ["CREATE TABLE one (id int PRIMARY KEY)"], down: ["DROP TABLE one"] },
        // the statement before the sleep is what a partial run on MariaDB leaves behind
        { up: ["CREATE TABLE two (id int PRIMARY KEY)", slow], down: ["DROP TABLE two"] },
        { up: ["CREATE TABLE three (id int PRIMARY KEY)"], down: ["DROP TABLE three"] },
      ]);
    }, 300_000);
    afterAll(() => db?.dispose());

    it("a terminated connection ends the run with a coded error, records nothing wrongly, and the run resumes", async () => {
      await db.reset();
      const run = startBin(project.dir, ["upgrade", "head", "--json"], { DATABASE_URL: db.url });
      const victim = await sessionRunning(db, dialect === "postgresql" ? "pg_sleep" : "SLEEP(");
      await db.killSession(victim);
      const exit = await run.exited;

      expect(exit, `stdout: ${exit.stdout}\nstderr: ${exit.stderr}`).toMatchObject({ code: 1, signal: null });
      const { error } = JSON.parse(exit.stdout) as {
        error: { code: string; message: string; meta: Record<string, unknown> };
      };
      expect(["ATHANOR_MIGRATION_FAILED", "ATHANOR_CONNECTION_FAILED"]).toContain(error.code);
      expect(error.message).toContain("r002");

      // nothing recorded wrongly: r001 is applied and recorded, r002 is not recorded as applied
      await db.waitForNoOtherSessions();
      expect(appliedOnChain(project.ids, await db.versionRows())).toEqual(["r001"]);
      const ok = ((await db.historyRows()) ?? []).filter((h) => h.status === "ok").map((h) => h.revision);
      expect(ok).toEqual(["r001"]);
      const tables = (await db.model()).match(/"name": "(one|two|three)"/g) ?? [];
      if (dialect === "postgresql") {
        // one transaction per revision: r002's table was rolled back with it
        expect(tables).toEqual(['"name": "one"']);
      } else {
        // MariaDB committed `CREATE TABLE two` before the sleep: the next run must say so, not skip it
        expect(tables).toEqual(['"name": "one"', '"name": "two"']);
        const again = await runBin(project.dir, ["upgrade", "head", "--json"], { DATABASE_URL: db.url });
        expect(again.code).toBe(1);
        const refused = JSON.parse(again.stdout).error as { code: string; meta: { revision?: string } };
        expect(["ATHANOR_PARTIAL_REVISION", "ATHANOR_MIGRATION_FAILED"]).toContain(refused.code);
        expect(refused.meta.revision).toBe("r002");
        // the refusal names the way on: --resume runs the statements after the recorded one
        expect(JSON.parse(again.stdout).error.message).toContain("athanor upgrade --resume");
      }

      const resumeArgs = dialect === "postgresql" ? ["upgrade", "head"] : ["upgrade", "head", "--resume"];
      const resume = await runBin(project.dir, resumeArgs, { DATABASE_URL: db.url });
      expect(resume, resume.stderr).toMatchObject({ code: 0, signal: null });
      expect(await db.versionRows()).toEqual(["r003"]);
      const history = ((await db.historyRows()) ?? [])
        .filter((h) => h.status === "ok")
        .map((h) => h.revision);
      expect(history).toEqual(["r001", "r002", "r003"]);
    }, 180_000);
  });
}

/**
 * The id of the session that is sleeping in a statement containing `marker`, once it is. The
 * runner sends a revision's statements as one batch, so the session's statement text (PostgreSQL
 * `query`, MariaDB `INFO`) holds the whole batch — `CREATE TABLE two` and the sleep — from the
 * moment the batch starts: the text alone would let the kill land while `CREATE TABLE two` still
 * runs. The sleep itself is proved by the server's state: PostgreSQL's `PgSleep` wait event,
 * MariaDB's `User sleep`.
 */
async function sessionRunning(db: ScratchDatabase, marker: string): Promise<number> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    const rows = await db.query<{ id: number | string }>(
      db.dialect === "postgresql"
        ? "SELECT pid AS id FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND position($2 in query) > 0 AND state = 'active' AND wait_event = 'PgSleep'"
        : "SELECT id FROM information_schema.processlist WHERE db = ? AND id <> CONNECTION_ID() AND LOCATE(?, info) > 0 AND state = 'User sleep'",
      [db.name, marker],
    );
    if (rows[0] !== undefined) return Number(rows[0].id);
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no session of ${db.name} was sleeping in ${marker} within 60 s`);
}
