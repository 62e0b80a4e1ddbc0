import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type ScratchMysqlDatabase, scratchMysqlDatabase } from "./testing/scratch-database.js";

const run = promisify(execFile);
const child = fileURLToPath(new URL("./testing/concurrent-upgrade.mjs", import.meta.url));

let db: ScratchMysqlDatabase;
beforeAll(async () => {
  db = await scratchMysqlDatabase();
  await db.connection.executeScript([
    "CREATE TABLE applied_log (id int AUTO_INCREMENT PRIMARY KEY, revision varchar(8) NOT NULL)",
  ]);
});
afterAll(async () => {
  await db?.dispose();
});

test("8 processes running `upgrade heads` at once apply each revision exactly once", async () => {
  if (!existsSync(fileURLToPath(new URL("../dist/index.js", import.meta.url)))) {
    throw new Error(
      "packages/mysql/dist is missing: run `npx tsc -b` before this test (the child processes use the built package)",
    );
  }
  const outputs = await Promise.all(
    Array.from({ length: 8 }, () => run(process.execPath, [child, db.url], { timeout: 90_000 })),
  );
  const results = outputs.map(
    (o) => JSON.parse(o.stdout) as { applied: number; waited: number; error: unknown },
  );
  expect(results.map((r) => r.error)).toEqual(Array(8).fill(null));
  // Exactly one process applied all 12 revisions; the others found nothing to do after waiting.
  expect(results.map((r) => r.applied).sort((a, b) => a - b)).toEqual([0, 0, 0, 0, 0, 0, 0, 12]);
  const log = await db.connection.query<{ revision: string; n: number }>(
    "SELECT revision, COUNT(*) AS n FROM applied_log GROUP BY revision",
  );
  expect(log.rows).toHaveLength(12);
  expect(log.rows.every((r) => Number(r.n) === 1)).toBe(true);
  const heads = await db.connection.query<{ version_num: string }>("SELECT version_num FROM athanor_version");
  expect(heads.rows.map((r) => r.version_num)).toEqual(["c11"]);
  const history = await db.connection.query<{ n: number }>(
    "SELECT COUNT(*) AS n FROM athanor_version_history WHERE direction = 'upgrade' AND status = 'ok'",
  );
  expect(Number(history.rows[0]?.n)).toBe(12);
}, 120_000);
