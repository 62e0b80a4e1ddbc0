import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Connection, upgrade } from "@athanor/core";
import { afterAll, describe, expect, test } from "vitest";
import type { SqliteDriverName } from "./sqlite-driver.js";
import { ROWS, revisions } from "./testing/kill-history.mjs";
import { sqliteTestTargets } from "./testing/targets.js";

const folder = mkdtempSync(join(tmpdir(), "athanor-sqlite-kill-"));
const targets = sqliteTestTargets();
afterAll(async () => {
  for (const target of targets) await target.dispose();
  rmSync(folder, { recursive: true, force: true });
});

/**
 * Runs the child (r1, then r2's rebuild) until it starts the rebuild's copy, then kills its process
 * group with SIGKILL (D1: miniflare's workerd, the engine, dies with it).
 */
function killDuringRebuild(file: string, driver: SqliteDriverName): Promise<string> {
  const child = spawn(
    process.execPath,
    [
      fileURLToPath(new URL("./testing/rebuild-then-die.mjs", import.meta.url)),
      file,
      new URL("../dist/index.js", import.meta.url).href,
      driver,
    ],
    { stdio: ["ignore", "pipe", "inherit"], detached: true },
  );
  return new Promise((resolve, reject) => {
    let seen = "";
    child.stdout.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes("copying") && child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    });
    child.on("error", reject);
    child.on("exit", () => resolve(seen));
  });
}

const ok = async (conn: Connection, check: string) =>
  (await conn.query<Record<string, unknown>>(check)).rows.map((r) => Object.values(r)[0]);

describe.each(targets.map((t) => [t.driver, t] as const))(
  "kill -9 in the middle of a SQLite rebuild (%s)",
  (driver, target) => {
    test(`afterwards the database passes integrity_check and foreign_key_check, holds the old or the new ${ROWS}-row table (never neither), and a rerun completes`, async () => {
      const file = join(folder, `killed-${driver.replace("/", "+")}.db`);
      const seen = await killDuringRebuild(file, driver);
      expect(seen).toContain("copying");

      const dialect = target.dialect(file);
      const conn = await dialect.connect();
      try {
        expect(await ok(conn, target.integrityCheck)).toEqual(["ok"]);
        expect((await conn.query("PRAGMA foreign_key_check")).rows).toEqual([]);
        const tables = await conn.query<{ name: string; sql: string }>(
          "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name IN ('big', '__athanor_new_big')",
        );
        expect(tables.rows.map((t) => t.name)).toEqual(["big"]);
        const version = await conn.query<{ v: string }>("SELECT version_num AS v FROM athanor_version");
        // the old table at r1, or the new one at r2: the version row commits with the rebuild
        const at = version.rows[0]?.v;
        if (target.transactional || at === "r2")
          expect(tables.rows[0]?.sql).toContain(at === "r2" ? "DEFAULT ('y')" : "DEFAULT ('x')");
        // D1: the rebuild is one batch and its progress marker the next, so the old table at r1, or the
        // new one at r2 or (killed between the two) at r1 with r2 recorded partial
        else expect(tables.rows[0]?.sql).toMatch(/DEFAULT \('[xy]'\)/);
        const counts = await conn.query<{ big: number; leaf: number }>(
          "SELECT (SELECT count(*) FROM big) AS big, (SELECT count(*) FROM leaf) AS leaf",
        );
        expect(counts.rows[0]).toEqual({ big: ROWS, leaf: ROWS });
      } finally {
        await conn.close();
      }

      // --resume continues a revision recorded partial (D1); without one it is an ordinary run
      const rerun = await upgrade({ dialect, revisions: revisions() }, "heads", { resume: true });
      expect(rerun.error, String(rerun.error?.message)).toBeUndefined();
      expect(rerun.heads.after).toEqual(["r2"]);
      const after = await dialect.connect();
      try {
        const counts = await after.query<{ big: number; leaf: number }>(
          "SELECT (SELECT count(*) FROM big) AS big, (SELECT count(*) FROM leaf) AS leaf",
        );
        expect(counts.rows[0]).toEqual({ big: ROWS, leaf: ROWS });
        expect(await ok(after, target.integrityCheck)).toEqual(["ok"]);
      } finally {
        await after.close();
      }
    }, 180_000); // D1: two miniflare start-ups and a killed engine
  },
);
