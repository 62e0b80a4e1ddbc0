import { execFile, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const PACKAGE_DIR = fileURLToPath(new URL("../..", import.meta.url));
const BIN = fileURLToPath(new URL("../../bin.js", import.meta.url));

/** How a spawned `athanor` process ended. `signal` is set when it was killed. */
export interface BinExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** A running `athanor` process. */
export interface BinProcess {
  readonly pid: number;
  readonly exited: Promise<BinExit>;
  /** kill -9: no exit handlers, no socket shutdown, exactly what an OOM kill or power cut does. */
  kill9(): void;
  /** Resolves true once stderr contains `text`, false if the process exits first. */
  stderrShows(text: string): Promise<boolean>;
}

/**
 * Brings `dist/` up to date (`tsc -b` and the bundles, scripts/build-package.mjs) so spawned
 * processes run the code under test.
 *
 * @example
 * ```ts
 * beforeAll(() => buildBin(), 300_000);
 * ```
 */
export async function buildBin(): Promise<void> {
  try {
    await promisify(execFile)(
      process.execPath,
      [fileURLToPath(new URL("../../../../scripts/build-package.mjs", import.meta.url)), PACKAGE_DIR],
      { cwd: PACKAGE_DIR },
    );
  } catch (error) {
    const { stderr = "" } = error as { stderr?: string };
    throw new Error(`the build of packages/cli failed, so the spawned CLI would be stale:\n${stderr}`);
  }
}

/**
 * Starts `node bin.js ...argv` in `cwd`. A process still running after `hangMs` is killed and
 * reported with `signal: "SIGKILL"`, so a hang fails a test instead of stalling it.
 *
 * @example
 * ```ts
 * const run = startBin(project, ["upgrade", "head"], { DATABASE_URL: url });
 * setTimeout(() => run.kill9(), 300);
 * const { signal } = await run.exited;
 * ```
 */
export function startBin(
  cwd: string,
  argv: readonly string[],
  env: Record<string, string>,
  hangMs = 180_000,
): BinProcess {
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, ...argv], {
    cwd,
    env: { ...process.env, NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const watchers = new Set<() => void>();
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const watch of watchers) watch();
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), hangMs);
  const exited = new Promise<BinExit>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: performance.now() - t0 });
    });
  });
  const stderrShows = (text: string) =>
    new Promise<boolean>((resolve) => {
      const watch = () => {
        if (!stderr.includes(text)) return;
        watchers.delete(watch);
        resolve(true);
      };
      watchers.add(watch);
      watch();
      const settle = () => {
        watchers.delete(watch);
        resolve(stderr.includes(text));
      };
      exited.then(settle, settle);
    });
  return { pid: child.pid ?? -1, exited, kill9: () => child.kill("SIGKILL"), stderrShows };
}

/** Runs the built CLI to completion. */
export function runBin(
  cwd: string,
  argv: readonly string[],
  env: Record<string, string>,
  hangMs?: number,
): Promise<BinExit> {
  return startBin(cwd, argv, env, hangMs).exited;
}
