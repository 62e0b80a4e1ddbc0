import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { isAthanorError } from "@athanor/core";
import { afterAll, describe, expect, test } from "vitest";
import { acquireSqliteLock, CREATE_LOCK_TABLE, releaseSqliteLock, sqliteLockHolder } from "./lock.js";
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
/** Succeeds only if the first attempt takes the lock, however long the loaded machine takes for it. */
const FIRST_ATTEMPT = { timeoutMs: 0, pollMs: 25 };

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
      // taken at the first attempt: a timeout of 0 allows no other (no timing asserted)
      await acquireSqliteLock(conn, KEY, FIRST_ATTEMPT);
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

  // A holder killed -9 leaves its row. When its pid is given again — a restarted container runs
  // athanor as pid 1 under the same hostname, or the OS reuses the number — the process now at that
  // pid started after the row was written, so it is not the holder: the lock is taken over at once.
  // A process that started before the row was written still holds it.
  test("a row whose pid now belongs to a process started after the row was written is taken over", async () => {
    const file = join(folder, `reused-pid-${driver.replace("/", "+")}.db`);
    const conn = await openSqliteConnection(file, { driver });
    const other = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    children.push(other);
    await new Promise((resolve) => other.once("spawn", resolve));
    const leaveRow = async (pid: number, acquiredAt: Date) => {
      await conn.query(CREATE_LOCK_TABLE);
      await conn.query("DELETE FROM athanor_lock");
      await conn.query(
        "INSERT INTO athanor_lock (key, host, pid, os_user, acquired_at, statement) VALUES (?, ?, ?, 'x', ?, 'athanor upgrade')",
        [KEY, hostname(), pid, acquiredAt.toISOString()],
      );
    };
    const anHourAgo = new Date(performance.timeOrigin - 3_600_000);
    try {
      for (const pid of [process.pid, other.pid as number]) {
        await leaveRow(pid, anHourAgo);
        expect(await sqliteLockHolder(conn, KEY)).toBeNull();
        await acquireSqliteLock(conn, KEY, FIRST_ATTEMPT);
        const [row] = (await conn.query<{ pid: number }>("SELECT pid FROM athanor_lock")).rows;
        expect(Number(row?.pid)).toBe(process.pid);
        await releaseSqliteLock(conn, KEY);
      }

      // written after the other process started: that process may hold it, and does
      await leaveRow(other.pid as number, new Date());
      expect((await sqliteLockHolder(conn, KEY))?.pid).toBe(other.pid);
      const error = await acquireSqliteLock(conn, KEY, OPTIONS).catch((e: unknown) => e);
      expect(isAthanorError(error) ? error.meta.holderPid : error).toBe(other.pid);
    } finally {
      other.kill("SIGKILL");
      await conn.query("DELETE FROM athanor_lock");
      await conn.close();
    }
  });

  // Another connection's write transaction longer than the busy timeout (an application's batch
  // job): BEGIN IMMEDIATE failed with SQLITE_BUSY, which escaped as "the session ended" after 5 s
  // whatever the lock timeout. The lock now waits for it like for a holder; at the timeout it says
  // the file stayed busy (no run holds the lock, no row to delete), and the busy timeout is restored.
  test("a write transaction on the file past the busy timeout makes the lock wait, and a timeout says the file stayed busy", async () => {
    const file = join(folder, `busy-${driver.replace("/", "+")}.db`);
    const conn = await openSqliteConnection(file, { driver, busyTimeoutMs: 200 });
    await conn.query("CREATE TABLE IF NOT EXISTS t (a integer)");
    try {
      const writer = await writerProcess(file, 1500);
      const exited = new Promise((resolve) => writer.once("exit", resolve));
      const { waitedMs } = await acquireSqliteLock(conn, KEY, { timeoutMs: 30_000, pollMs: 50 });
      expect(waitedMs).toBeGreaterThan(200);
      await exited;
      await releaseSqliteLock(conn, KEY);

      const longer = await writerProcess(file, 30_000);
      const error = await acquireSqliteLock(conn, KEY, { timeoutMs: 600, pollMs: 50 }).catch(
        (e: unknown) => e,
      );
      longer.kill("SIGKILL");
      expect(isAthanorError(error) ? error.code : error).toBe("ATHANOR_LOCK_TIMEOUT");
      expect((error as Error).message).toContain("stayed busy");
      expect((error as Error).message).not.toContain("DELETE FROM");
      const [busy] = (await conn.query<{ timeout: number }>("PRAGMA busy_timeout")).rows;
      expect(Number(busy?.timeout)).toBe(200);
    } finally {
      await conn.close();
    }
  });
});

/** Another process holding a write transaction on `file` for `ms`, then rolling it back. */
function writerProcess(file: string, ms: number): Promise<ChildProcess> {
  const dist = new URL("../dist/index.js", import.meta.url).href;
  const script = `const m = await import(${JSON.stringify(dist)});
const conn = await m.openSqliteConnection(${JSON.stringify(file)});
await conn.query("BEGIN IMMEDIATE");
await conn.query("INSERT INTO t VALUES (1)");
process.stdout.write("writing\\n");
setTimeout(async () => { await conn.query("ROLLBACK"); await conn.close(); }, ${ms});`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("writing")) resolve(child);
    });
    child.on("exit", (code) => reject(new Error(`writer exited with ${code}`)));
  });
}
