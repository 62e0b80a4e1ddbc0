import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { upgrade } from "@athanor/core";
import { afterAll, describe, expect, test } from "vitest";
import { sqliteDialect } from "./sqlite-dialect.js";
import type { SqliteFileDriver } from "./sqlite-driver.js";
import { FILE_DRIVERS } from "./testing/drivers.js";
import { ROWS, revisions } from "./testing/kill-history.mjs";

const folder = mkdtempSync(join(tmpdir(), "athanor-sqlite-kill-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Runs the child until it starts the rebuild's copy, then kills it with SIGKILL. */
function killDuringRebuild(file: string, driver: SqliteFileDriver): Promise<string> {
  const child = spawn(
    process.execPath,
    [
      fileURLToPath(new URL("./testing/rebuild-then-die.mjs", import.meta.url)),
      file,
      new URL("../dist/index.js", import.meta.url).href,
      driver,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  return new Promise((resolve, reject) => {
    let seen = "";
    child.stdout.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes("copying")) child.kill("SIGKILL");
    });
    child.on("error", reject);
    child.on("exit", () => resolve(seen));
  });
}

describe.each(FILE_DRIVERS)("kill -9 in the middle of a SQLite rebuild (%s)", (driver) => {
  test(`afterwards the file passes integrity_check and foreign_key_check, holds the old or the new ${ROWS}-row table (never neither), and a rerun completes`, async () => {
    const file = join(folder, `killed-${driver.replace("/", "+")}.db`);
    const dialect = sqliteDialect({ file, driver });
    expect((await upgrade({ dialect, revisions: revisions() }, "r1")).error).toBeUndefined();

    const seen = await killDuringRebuild(file, driver);
    expect(seen).toContain("copying");

    const conn = await dialect.connect();
    try {
      expect((await conn.query("PRAGMA integrity_check")).rows).toEqual([{ integrity_check: "ok" }]);
      expect((await conn.query("PRAGMA foreign_key_check")).rows).toEqual([]);
      const tables = await conn.query<{ name: string; sql: string }>(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name IN ('big', '__athanor_new_big')",
      );
      expect(tables.rows.map((t) => t.name)).toEqual(["big"]);
      const version = await conn.query<{ v: string }>("SELECT version_num AS v FROM athanor_version");
      // the old table at r1, or the new one at r2: the version row commits with the rebuild
      const at = version.rows[0]?.v;
      expect(tables.rows[0]?.sql).toContain(at === "r2" ? "DEFAULT ('y')" : "DEFAULT ('x')");
      const counts = await conn.query<{ big: number; leaf: number }>(
        "SELECT (SELECT count(*) FROM big) AS big, (SELECT count(*) FROM leaf) AS leaf",
      );
      expect(counts.rows[0]).toEqual({ big: ROWS, leaf: ROWS });
    } finally {
      await conn.close();
    }

    const rerun = await upgrade({ dialect, revisions: revisions() }, "heads");
    expect(rerun.error, String(rerun.error?.message)).toBeUndefined();
    expect(rerun.heads.after).toEqual(["r2"]);
    const after = await dialect.connect();
    try {
      const counts = await after.query<{ big: number; leaf: number }>(
        "SELECT (SELECT count(*) FROM big) AS big, (SELECT count(*) FROM leaf) AS leaf",
      );
      expect(counts.rows[0]).toEqual({ big: ROWS, leaf: ROWS });
      expect((await after.query("PRAGMA integrity_check")).rows).toEqual([{ integrity_check: "ok" }]);
    } finally {
      await after.close();
    }
  });
});
