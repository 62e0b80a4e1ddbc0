import { existsSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  type DialectModule,
  type DialectTarget,
  makeDirectory,
  type OpenedDialect,
} from "@athanor/core/dialect";
import { RUNNER_DEFAULTS } from "@athanor/core/preflight";
import { acquirePgliteProcessLock, type PgliteProcessLock } from "./pglite-process-lock.js";

export type { OpenedDialect } from "@athanor/core/dialect";

/** What {@link openDialect} may tell its caller, and how long it may wait. */
export interface OpenDialectHooks {
  /** Another process has the embedded database open; this one waits (one process at a time). */
  readonly onEmbeddedWait?: ((holderPid: number) => void) | undefined;
  readonly lockTimeoutMs?: number | undefined;
  /** Runs under the process lock each time the embedded database is about to be opened. */
  readonly onEmbeddedOpen?: (() => void) | undefined;
  /** Runs under the process lock after the embedded database closed, before the lock goes. */
  readonly onEmbeddedClosed?: (() => Promise<void>) | undefined;
}

/** {@link openDialect}'s result: for an embedded target, also a way to hold its lock without opening it. */
export interface OpenedCliDialect extends OpenedDialect {
  /** Takes the process lock of the embedded folder (held until `close`); undefined for a server. */
  readonly lockEmbedded?: (() => Promise<void>) | undefined;
}

/**
 * Builds the runner's dialect for a target through its module. Creating it connects to
 * nothing, so `--sql` works without a database. An embedded database (a target with a data
 * folder: PGlite) is opened by one process at a time, so connecting first takes a process lock
 * next to the folder, and the folder's parent gets a `.gitignore`. `lockEmbedded` takes that lock
 * without opening the database (to read a record of it), and `close` runs `onEmbeddedClosed`
 * before letting it go.
 *
 * @example
 * ```ts
 * const { dialect, close } = openDialect(module, target);
 * ```
 */
export function openDialect(
  module: DialectModule,
  target: DialectTarget,
  hooks: OpenDialectHooks = {},
): OpenedCliDialect {
  const opened = module.open(target);
  const dataDir = target.dataDir;
  if (dataDir === undefined) return opened;
  let lock: Promise<PgliteProcessLock> | undefined;
  const lockEmbedded = async () => {
    ensureEmbeddedFolder(dataDir);
    lock ??= acquirePgliteProcessLock(`${dataDir}.lock`, {
      timeoutMs: hooks.lockTimeoutMs ?? RUNNER_DEFAULTS.lockTimeoutMs,
      onWait: hooks.onEmbeddedWait,
    });
    await lock;
  };
  const connect = async () => {
    await lockEmbedded();
    hooks.onEmbeddedOpen?.();
    return opened.dialect.connect();
  };
  const close = async () => {
    try {
      await opened.close();
    } finally {
      const held = await lock?.catch(() => undefined);
      try {
        if (held !== undefined) await hooks.onEmbeddedClosed?.();
      } finally {
        held?.release();
      }
    }
  };
  return { dialect: { ...opened.dialect, connect }, close, lockEmbedded };
}

/**
 * Creates the embedded data folder's parent with a `.gitignore` that ignores the whole folder, so
 * the embedded database never ends up in a commit (whatever created the config).
 *
 * @example
 * ```ts
 * ensureEmbeddedFolder("/repo/.athanor/pglite"); // writes /repo/.athanor/.gitignore once
 * ```
 */
export function ensureEmbeddedFolder(dataDir: string): void {
  const parent = dirname(dataDir);
  makeDirectory(parent);
  const ignore = join(parent, ".gitignore");
  if (existsSync(ignore)) return;
  try {
    writeFileSync(ignore, "# athanor's local embedded database; never commit it\n*\n", { flag: "wx" });
  } catch (error) {
    // another process wrote it first
    if ((error as { code?: unknown })?.code !== "EEXIST") throw error;
  }
}
