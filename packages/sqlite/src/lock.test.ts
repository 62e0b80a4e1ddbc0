import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isAthanorError } from "@athanor/core";
import { afterAll, describe, expect, test } from "vitest";
import { acquireSqliteLock, releaseSqliteLock, sqliteLockHolder } from "./lock.js";
import { openSqliteConnection, type SqliteFileDriver } from "./sqlite-driver.js";
import { FILE_DRIVERS } from "./testing/drivers.js";

const folder = mkdtempSync(join(tmpdir(), "athanor-sqlite-lock-"));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  rmSync(folder, { recursive: true, force: true });
});

const KEY = "athanor:.athanor_version";
const OPTIONS = { timeoutMs: 300, pollMs: 25 };

/** Another process that takes the lock on `file` and holds it until killed. */
function holderProcess(file: string, driver: SqliteFileDriver): Promise<ChildProcess> {
  const dist = new URL("../dist/index.js", import.meta.url).href;
  const script = `const m = await import(${JSON.stringify(dist)});
const conn = await m.openSqliteConnection(${JSON.stringify(file)}, { driver: ${JSON.stringify(driver)} });
await m.acquireSqliteLock(conn, ${JSON.stringify(KEY)}, { timeoutMs: 5000, pollMs: 25 });
process.stdout.write("held\\n");
setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("held")) resolve(child);
    });
    child.on("exit", (code) => reject(new Error(`holder exited with ${code}`)));
  });
}

describe.each(FILE_DRIVERS)("SQLite migration lock across processes on one file (%s)", (driver) => {
  test("a second process times out with ATHANOR_LOCK_TIMEOUT naming the holder's pid; after the holder is killed -9 the lock is taken over", async () => {
    const file = join(folder, `locked-${driver.replace("/", "+")}.db`);
    const holder = await holderProcess(file, driver);
    const conn = await openSqliteConnection(file, { driver });
    try {
      const seen = await sqliteLockHolder(conn, KEY);
      expect(seen?.pid).toBe(holder.pid);
      expect(seen?.applicationName).toBe("athanor");

      const error = await acquireSqliteLock(conn, KEY, OPTIONS).catch((e: unknown) => e);
      expect(isAthanorError(error) ? error.code : error).toBe("ATHANOR_LOCK_TIMEOUT");
      expect(isAthanorError(error) ? error.meta.holderPid : undefined).toBe(holder.pid);
      expect(String((error as Error).message)).toContain(`process ${holder.pid}`);

      const exited = new Promise((resolve) => holder.once("exit", resolve));
      holder.kill("SIGKILL");
      await exited;
      expect(await sqliteLockHolder(conn, KEY)).toBeNull();
      const { waitedMs } = await acquireSqliteLock(conn, KEY, OPTIONS);
      expect(waitedMs).toBeLessThan(OPTIONS.timeoutMs);
    } finally {
      await releaseSqliteLock(conn, KEY);
      await conn.close();
    }
  });

  test("two sessions of one process exclude each other; release lets the other in", async () => {
    const file = join(folder, `same-process-${driver.replace("/", "+")}.db`);
    const a = await openSqliteConnection(file, { driver });
    const b = await openSqliteConnection(file, { driver });
    try {
      await acquireSqliteLock(a, KEY, OPTIONS);
      const error = await acquireSqliteLock(b, KEY, OPTIONS).catch((e: unknown) => e);
      expect(isAthanorError(error) ? error.code : error).toBe("ATHANOR_LOCK_TIMEOUT");
      await releaseSqliteLock(a, KEY);
      await acquireSqliteLock(b, KEY, OPTIONS);
      const rows = await a.query<{ n: number }>("SELECT count(*) AS n FROM athanor_lock");
      expect(rows.rows[0]?.n).toBe(1);
    } finally {
      await releaseSqliteLock(b, KEY);
      await a.close();
      await b.close();
    }
  });
});
