import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Connection, defineRevision, type RunnerEvent, upgrade } from "@athanor/core";
import { afterAll, describe, expect, test } from "vitest";
import { sqliteTestTargets } from "./testing/targets.js";

// A rebuild (rendered from the table's definition read just before it) and then a backfill, in
// one revision, interrupted in the backfill. The rebuild is done and committed, so a resume
// renders it again from the rebuilt table: other text, the same work. The resume must skip it and
// finish the backfill — the rendering fingerprint (1ee7d85) first refused it as "statement #3 of
// the revision differs from the one that ran", found walking SQLite's backfill → kill → resume.
const ROWS = 3000;
const BATCH = 250;
const folder = mkdtempSync(join(tmpdir(), "athanor-sqlite-resume-rebuild-"));
const targets = sqliteTestTargets().filter((t) => t.driver !== "@libsql/client");
afterAll(async () => {
  for (const target of targets) await target.dispose();
  rmSync(folder, { recursive: true, force: true });
});

const first = defineRevision({ id: "r1", parents: [], message: "start", upgrade() {}, downgrade() {} });
const rebuildThenBackfill = defineRevision({
  id: "r2",
  parents: ["r1"],
  message: "a rebuild, then a backfill",
  async upgrade(op) {
    op.alterColumn("accounts", "note", { nullable: true, existingNullable: false, existingType: "text" });
    op.addColumn("accounts", { name: "w", type: "integer" });
    await op.backfill({ table: "accounts", set: { w: "balance * 2" }, batchSize: BATCH });
  },
  downgrade(op) {
    op.dropColumn("accounts", "w");
    op.alterColumn("accounts", "note", { nullable: false, existingNullable: true, existingType: "text" });
  },
});

for (const target of targets) {
  describe(`SQLite (${target.driver})`, () => {
    test("interrupted in the backfill after a rebuild: --resume skips the rebuilt statements and fills every row once", async () => {
      const dialect = target.dialect(join(folder, `${target.driver}.db`));
      const conn: Connection = await dialect.connect();
      try {
        await conn.executeScript([
          "CREATE TABLE accounts (id integer PRIMARY KEY, balance integer NOT NULL, note text NOT NULL)",
          `INSERT INTO accounts WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < ${ROWS}) SELECT n, n, 'x' FROM g`,
        ]);
        const options = { dialect, revisions: [first, rebuildThenBackfill] };
        const controller = new AbortController();
        const onProgress = (e: RunnerEvent) => {
          if (e.type === "backfill-progress" && e.batches >= 2) controller.abort("SIGINT");
        };
        const stopped = await upgrade({ ...options, onProgress }, "heads", { signal: controller.signal });
        expect(stopped.error?.code).toBe("ATHANOR_INTERRUPTED");
        const filled = async () =>
          (
            await conn.query<{ n: number; w: number; filled: number }>(
              "SELECT count(*) AS n, sum(w) AS w, count(w) AS filled FROM accounts",
            )
          ).rows[0];
        expect((await filled())?.filled).toBeLessThan(ROWS);

        const resumed = await upgrade(options, "heads", { resume: true });
        expect(resumed.error?.message ?? null).toBeNull();
        expect(await filled()).toEqual({ n: ROWS, w: ROWS * (ROWS + 1), filled: ROWS });
        const notNull = await conn.query<{ notnull: number }>(
          "SELECT \"notnull\" FROM pragma_table_info('accounts') WHERE name = 'note'",
        );
        expect(notNull.rows).toEqual([{ notnull: 0 }]);
      } finally {
        await conn.close();
      }
    }, 120_000);
  });
}
