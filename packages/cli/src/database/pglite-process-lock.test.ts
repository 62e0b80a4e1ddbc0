import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { tempDir } from "../testing/harness.js";
import { acquirePgliteProcessLock } from "./pglite-process-lock.js";

const lockFile = () => join(tempDir(), "pglite.lock");

it("holds the folder with this process's pid and lets go on release", async () => {
  const file = lockFile();
  const lock = await acquirePgliteProcessLock(file, { timeoutMs: 1_000 });
  expect(readFileSync(file, "utf8")).toMatch(new RegExp(`^${process.pid} [0-9a-f-]{36} \\d+\\n$`));
  lock.release();
  lock.release();
  expect(existsSync(file)).toBe(false);
});

it("takes over a file naming this very pid from an earlier process (pid 1 in a container after an OOM kill)", async () => {
  const file = lockFile();
  const boot = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  // the same pid, on this boot, but a process that started at another time
  writeFileSync(file, `${process.pid} ${boot} 1\n`);
  const lock = await acquirePgliteProcessLock(file, { timeoutMs: 500 });
  expect(readFileSync(file, "utf8").startsWith(`${process.pid} ${boot} `)).toBe(true);
  expect(readFileSync(file, "utf8")).not.toBe(`${process.pid} ${boot} 1\n`);
  lock.release();
  // and one written before a reboot
  writeFileSync(file, `${process.pid} 00000000-0000-0000-0000-000000000000 1\n`);
  (await acquirePgliteProcessLock(file, { timeoutMs: 500 })).release();
});

it("takes over the file of a process that no longer runs", async () => {
  const file = lockFile();
  const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
    encoding: "utf8",
  });
  writeFileSync(file, `${dead.stdout}\n`);
  const waits: number[] = [];
  const lock = await acquirePgliteProcessLock(file, { timeoutMs: 1_000, onWait: (pid) => waits.push(pid) });
  expect(waits).toEqual([]);
  expect(readFileSync(file, "utf8")).toMatch(new RegExp(`^${process.pid} [0-9a-f-]{36} \\d+\\n$`));
  lock.release();
});

it("waits for a live holder, says which, and gets the folder when it exits", async () => {
  const file = lockFile();
  const holder = spawn(process.execPath, ["-e", "setTimeout(() => {}, 800)"]);
  writeFileSync(file, `${holder.pid}\n`);
  const waits: number[] = [];
  const started = performance.now();
  const lock = await acquirePgliteProcessLock(file, {
    timeoutMs: 10_000,
    pollMs: 20,
    onWait: (pid) => waits.push(pid),
  });
  expect(performance.now() - started).toBeGreaterThan(300);
  expect(waits).toEqual([holder.pid]);
  lock.release();
});

it("gives up after the timeout with a coded error naming the holder", async () => {
  const file = lockFile();
  const holder = spawn(process.execPath, ["-e", "setTimeout(() => {}, 5000)"]);
  writeFileSync(file, `${holder.pid}\n`);
  try {
    await expect(acquirePgliteProcessLock(file, { timeoutMs: 150, pollMs: 20 })).rejects.toMatchObject({
      code: "ATHANOR_LOCK_TIMEOUT",
      meta: { holder: { pid: holder.pid } },
    });
  } finally {
    holder.kill();
  }
});
