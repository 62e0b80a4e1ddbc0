import { readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { AthanorError } from "@athanor/core/errors";

/** A held {@link acquirePgliteProcessLock}; `release()` is idempotent. */
export interface PgliteProcessLock {
  release(): void;
}

/** How long to wait for another process, and how to tell the user that it is waiting. */
export interface PgliteProcessLockOptions {
  readonly timeoutMs: number;
  readonly pollMs?: number | undefined;
  onWait?(holderPid: number): void;
}

/**
 * Keeps a PGlite data folder to one athanor process at a time. PGlite is PostgreSQL compiled to
 * WASM and runs inside the process that opens it; it takes no file lock, and two processes
 * writing one folder corrupt it (two terminals running `athanor upgrade`, say). The lock is a
 * file created exclusively next to the folder, holding the owner's pid; a file whose pid is no
 * longer running (a killed process) is taken over. Waits up to `timeoutMs`, then fails with
 * ATHANOR_LOCK_TIMEOUT naming the holder.
 *
 * @example
 * ```ts
 * const lock = await acquirePgliteProcessLock("/repo/.athanor/pglite.lock", { timeoutMs: 60_000 });
 * try { ... } finally { lock.release(); }
 * ```
 */
export async function acquirePgliteProcessLock(
  file: string,
  options: PgliteProcessLockOptions,
): Promise<PgliteProcessLock> {
  const started = performance.now();
  let reported = false;
  for (;;) {
    const holder = tryCreate(file);
    if (holder === undefined) return ownLock(file);
    if (holder === tryCreateAgainLater) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      continue;
    }
    if (!isRunning(holder, file)) {
      // the owner died without cleaning up; remove its file and race for a fresh one
      removeIfOwnedBy(file, holder);
      continue;
    }
    if (!reported) {
      options.onWait?.(holder);
      reported = true;
    }
    if (performance.now() - started >= options.timeoutMs) {
      throw new AthanorError(
        "ATHANOR_LOCK_TIMEOUT",
        `Gave up after ${options.timeoutMs} ms waiting for the embedded PGlite database: process ${holder} has it open, and PGlite allows one process at a time. Let that command finish (or stop it) and run this one again.`,
        { file, holder: { pid: holder }, timeoutMs: options.timeoutMs },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 100));
  }
}

/** Creates the file with our pid, or returns the pid of the process that holds it. */
function tryCreate(file: string): number | undefined {
  try {
    writeFileSync(file, `${process.pid} ${identity(process.pid) ?? ""}\n`, { flag: "wx" });
    return undefined;
  } catch (error) {
    if ((error as { code?: unknown })?.code !== "EEXIST") throw error;
  }
  const pid = readPid(file);
  if (pid !== undefined) return pid;
  // empty or garbled: a writer that is mid-write (look again next poll), or one that crashed
  // between creating and writing the file long ago (take it over)
  if (ageMs(file) > STALE_UNREADABLE_MS) {
    try {
      unlinkSync(file);
    } catch {}
  }
  return tryCreateAgainLater;
}

/** A sentinel pid meaning "look again": never a real process, since pids are positive. */
const tryCreateAgainLater = -1;
const STALE_UNREADABLE_MS = 2_000;

function ageMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function ownLock(file: string): PgliteProcessLock {
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.removeListener("exit", release);
    removeIfOwnedBy(file, process.pid);
  };
  // the OS frees nothing on exit: a file left behind would make the next run check a dead pid
  process.on("exit", release);
  return { release };
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, "utf8"), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Is `pid` still the process that wrote `file`? A pid alone is not enough: after a reboot, or in
 * a container whose CLI is always pid 1, the same number names another process (which would then
 * wait for itself forever). The file also holds the boot id and the process's start time (from
 * /proc, Linux); when they no longer match, the holder is gone.
 */
function isRunning(pid: number, file: string): boolean {
  const recorded = readFileSafe(file).split(/\s+/).slice(1).join(" ").trim();
  if (recorded !== "") {
    const now = identity(pid);
    if (now !== undefined) return now === recorded;
  }
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user
    return (error as { code?: unknown })?.code === "EPERM";
  }
}

function removeIfOwnedBy(file: string, pid: number): void {
  if (readPid(file) !== pid) return;
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

/** `<boot id> <start time in clock ticks>` of a running process; undefined without /proc. */
function identity(pid: number): string | undefined {
  const boot = readFileSafe("/proc/sys/kernel/random/boot_id").trim();
  const stat = readFileSafe(`/proc/${pid}/stat`);
  // field 22 (starttime), counted after the command name, which may hold spaces and parentheses
  const start = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  return boot === "" || start === undefined ? undefined : `${boot} ${start}`;
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}
