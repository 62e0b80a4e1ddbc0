import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildBin, startBin } from "../reliability/bin-process.js";
import { ok, runCli, tempDir } from "./harness.js";
import { revisionFile, setBody } from "./sample-database-project.js";

/** Where the suite's project keeps its database. */
export interface BackfillStopBackend {
  readonly dialect: "postgresql" | "mysql" | "sqlite";
  env(project: string): Record<string, string>;
  /** Quotes a constraint name for the server's CREATE TABLE. */
  quote(name: string): string;
}

const ROWS = 50;
/** A CHECK constraint named like a backfill's own error: a statement violating it quotes these words. */
const LOOKALIKE = "Backfill of users stopped between batches";
/** r003 commits statement #0, then its backfill at #1 commits batches 1–3 (ids 1–30) before it stops. */
const STORY =
  "the upgrade of revision r003 stopped part-way: statement #0 is applied and committed; the backfill of accounts (statement #1) was under way: 3 batches of it are committed, and a resume continues from its saved cursor";
const UNDO =
  "undo statement #0 and the 3 batches the backfill of statement #1 committed by hand, then `athanor stamp r002`";

/**
 * A run stopped inside a backfill — by a failed batch, or by Ctrl-C between batches — is told by
 * the runner's own record of it: the failing run, `status`, `current` (and `--json`) and the
 * refused `upgrade` name the backfill and its 3 committed batches in the same words. A statement
 * that is no backfill, whose error quotes a backfill's words (a CHECK constraint named
 * "Backfill of users stopped between batches"), is not told as one.
 */
export function describeBackfillStopStory(name: string, backend: BackfillStopBackend): void {
  describe(`a run stopped inside a backfill (${name})`, () => {
    let dir: string;
    let env: Record<string, string>;
    const cli = (...argv: string[]) => runCli(dir, argv, { env });
    /** r003's compute: throws in batch 4 while this file exists; waits in batch 3 for `go` while `wait` does. */
    const switchFile = (name: string) => join(dir, name);

    beforeAll(async () => {
      await buildBin(); // the Ctrl-C run is a process of its own
      dir = tempDir("athanor-backfill-stop-");
      env = backend.env(dir);
      await ok(dir, ["init", "--dialect", backend.dialect]);
      for (const id of ["r001", "r002", "r003"]) await ok(dir, ["revision", "-m", id, "--rev-id", id]);
      const exec = (sql: string) => `op.execute(${JSON.stringify(sql)})`;
      const values = Array.from({ length: ROWS }, (_, i) => `(${i + 1}, 100)`).join(", ");
      setBody(
        dir,
        "r001",
        [
          exec("CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL)"),
          exec(`INSERT INTO accounts VALUES ${values}`),
          exec(
            `CREATE TABLE gate (id int PRIMARY KEY, n int, CONSTRAINT ${backend.quote(LOOKALIKE)} CHECK (n > 0))`,
          ),
        ].join(";\n    "),
        [exec("DROP TABLE gate"), exec("DROP TABLE accounts")].join(";\n    "),
      );
      const fs = 'await import("node:fs")';
      const compute = `async (rows) => {
      const { existsSync } = ${fs};
      if (existsSync(${JSON.stringify(switchFile("fail"))}) && rows.some((r) => Number(r.id) === 31)) throw new Error("batch 4 refused");
      if (existsSync(${JSON.stringify(switchFile("wait"))}) && rows.some((r) => Number(r.id) === 21)) {
        process.stderr.write("athanor-test: in batch 3\\n");
        while (!existsSync(${JSON.stringify(switchFile("go"))})) await new Promise((r) => setTimeout(r, 20));
      }
      return rows.map((r) => ({ id: r.id, balance: Number(r.balance) * 2 }));
    }`;
      // r002 commits statement #0, then #1 violates the CHECK whose name reads like a backfill's error
      setBody(
        dir,
        "r002",
        [exec("UPDATE accounts SET balance = balance + 1"), exec("INSERT INTO gate VALUES (1, 0)")].join(
          ";\n    ",
        ),
        [exec("DELETE FROM gate"), exec("UPDATE accounts SET balance = balance - 1")].join(";\n    "),
      );
      setBody(
        dir,
        "r003",
        [
          exec("UPDATE accounts SET balance = balance + 50"),
          `await op.backfill({ table: "accounts", columns: ["balance"], batchSize: 10, compute: ${compute} })`,
        ].join(";\n    "),
        exec("UPDATE accounts SET balance = 100"),
      );
      for (const id of ["r002", "r003"]) {
        const file = revisionFile(dir, id);
        const header = id === "r002" ? '  message: "r002",\n  transactional: false,' : '  message: "r003",';
        writeFileSync(
          file,
          readFileSync(file, "utf8")
            .replace("upgrade(op) {", "async upgrade(op) {")
            .replace(`  message: "${id}",`, header),
        );
      }
    }, 300_000);

    /** What every command says of r003 stopped in its backfill with 3 batches committed. */
    const expectBackfillStory = async (run: { code: number | null; stderr: string }) => {
      expect(run.stderr).toContain(`${STORY.charAt(0).toUpperCase()}${STORY.slice(1)}`);
      expect(run.stderr).toContain(UNDO);
      const status = await cli("status");
      expect(status.code).toBe(1);
      expect(status.stdout).toContain(STORY);
      expect(status.stdout).toContain(UNDO);
      const current = await cli("current");
      expect(current.stdout).toContain(STORY);
      expect(current.stdout).toContain(UNDO);
      const json = JSON.parse((await cli("current", "--json")).stdout);
      expect(json.partialRuns).toMatchObject([
        {
          revision: "r003",
          statementsDone: 1,
          backfill: { statementIndex: 1, table: "accounts", batches: 3 },
          summary: STORY,
          undo: UNDO,
        },
      ]);
      const refused = await cli("upgrade");
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("ATHANOR_PARTIAL_REVISION");
      expect(refused.stderr).toContain(`${STORY.charAt(0).toUpperCase()}${STORY.slice(1)}`);
      expect(refused.stderr).toContain(UNDO);
    };

    it("a statement whose error quotes a backfill's words is not told as a backfill", async () => {
      const failed = await cli("upgrade");
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain(LOOKALIKE);
      const story = "the upgrade of revision r002 stopped part-way: statement #0 is applied and committed";
      const undo = "undo statement #0 by hand, then `athanor stamp r001`";
      expect(failed.stderr).toContain(`T${story.slice(1)}. Next:`);
      const status = await cli("status");
      expect(status.stdout).toContain(`${story}; next:`);
      expect(status.stdout).toContain(undo);
      const json = JSON.parse((await cli("current", "--json")).stdout);
      expect(json.partialRuns).toMatchObject([{ revision: "r002", summary: story, undo }]);
      expect(json.partialRuns[0].backfill).toBeUndefined();
      const refused = await cli("upgrade");
      expect(refused.stderr).toContain(`T${story.slice(1)}. Next:`);
      expect(refused.stderr).not.toContain("backfill of users");
      // recorded as applied, so r003's backfill runs next
      expect((await cli("stamp", "r002")).code).toBe(0);
    }, 120_000);
    it("a failed batch, then Ctrl-C between batches: every command tells the backfill and its batches", async () => {
      writeFileSync(switchFile("fail"), "");
      const failed = await cli("upgrade");
      expect(failed.code, failed.stderr).toBe(1);
      expect(failed.stderr).toContain("Backfill of accounts failed in batch #4: batch 4 refused");
      await expectBackfillStory(failed);
      rmSync(switchFile("fail"));
      const resumed = await cli("upgrade", "--resume");
      expect(resumed.code, resumed.stderr).toBe(0);
      expect((await cli("downgrade", "r002")).code).toBe(0);

      writeFileSync(switchFile("wait"), "");
      const run = startBin(dir, ["upgrade"], env);
      expect(await run.stderrShows("athanor-test: in batch 3")).toBe(true);
      process.kill(run.pid, "SIGINT");
      expect(await run.stderrShows("SIGINT: stopping")).toBe(true);
      writeFileSync(switchFile("go"), "");
      const stopped = await run.exited;
      expect(stopped.code, stopped.stderr).toBe(130);
      expect(stopped.stderr).toContain("Backfill of accounts stopped between batches: 30 rows in 3 batches");
      await expectBackfillStory(stopped);
      rmSync(switchFile("wait"));
      expect((await cli("upgrade", "--resume")).code).toBe(0);
    }, 300_000);
  });
}
