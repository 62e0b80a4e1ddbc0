import { runCli } from "../testing/harness.js";
import { startBin } from "./bin-process.js";
import { appliedOnChain, type ChainProject } from "./chain-project.js";
import type { ScratchDatabase } from "./scratch-server.js";

/**
 * A small seeded generator (mulberry32), so a failing trial can be replayed with
 * `ATHANOR_RELIABILITY_SEED=<the printed seed>`.
 *
 * @example
 * ```ts
 * const random = seededRandom(42);
 * random(); // 0 <= x < 1
 * ```
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of this run (shared with the CI samples of other suites). */
export { trialSeed } from "@athanor/core/testing";

/**
 * The schema a database must have after the first `n` revisions of the chain, computed by
 * replaying exactly those revisions into a scratch database (cached per `n`).
 *
 * @example
 * ```ts
 * const expected = expectedModels(project, scratch);
 * expect(await db.model()).toBe(await expected(3));
 * ```
 */
export function expectedModels(
  project: ChainProject,
  scratch: ScratchDatabase,
): (n: number) => Promise<string> {
  const cache = new Map<number, string>();
  return async (n) => {
    const known = cache.get(n);
    if (known !== undefined) return known;
    await scratch.reset();
    if (n > 0) {
      const run = await runCli(project.dir, ["upgrade", project.ids[n - 1] as string], {
        env: { DATABASE_URL: scratch.url },
      });
      if (run.code !== 0) throw new Error(`replaying ${n} revisions failed: ${run.stderr}${run.stdout}`);
    }
    const model = await scratch.model();
    cache.set(n, model);
    return model;
  };
}

/** What one kill -9 trial left behind. */
export interface KilledRun {
  /** The process finished before the kill landed. */
  readonly finishedFirst: boolean;
  /** Revisions the version table says are applied, in order. */
  readonly applied: readonly string[];
}

/**
 * Resets the database to base, starts `athanor upgrade head`, and `delayMs` after it has
 * connected kills it with SIGKILL; then waits until its server session is gone (an in-flight
 * COMMIT has then either landed or not) and reads what the version table says is applied.
 * Counting from the connection, not the spawn, aims the kills at the database work rather than
 * at node's start-up. `cutSession` also ends the runner's server session at the same moment;
 * `afterReset` prepares the database before the run starts.
 *
 * @example
 * ```ts
 * const { applied } = await killedUpgrade(project, db, 250);
 * ```
 */
export async function killedUpgrade(
  project: ChainProject,
  db: ScratchDatabase,
  delayMs: number,
  options: { readonly cutSession?: boolean; readonly afterReset?: () => Promise<void> } = {},
): Promise<KilledRun> {
  await db.reset();
  await options.afterReset?.();
  const run = startBin(project.dir, ["upgrade", "head"], { DATABASE_URL: db.url });
  let done = false;
  void run.exited.then(() => (done = true));
  while (!done && (await db.otherSessions()).length === 0) await pause(10);
  const timer = setTimeout(() => {
    run.kill9();
    // the database side dies too (server restart, failover): what it was running is cut short
    if (options.cutSession === true)
      void db.otherSessions().then((ids) => Promise.all(ids.map((id) => db.killSession(id))));
  }, delayMs);
  const exit = await run.exited;
  clearTimeout(timer);
  if (exit.signal === null && exit.code !== 0) throw new Error(`upgrade failed on its own: ${exit.stderr}`);
  // A killed client cannot commit, but a COMMIT already on the wire still lands: let it settle.
  await db.waitForNoOtherSessions();
  return {
    finishedFirst: exit.signal === null,
    applied: appliedOnChain(project.ids, await db.versionRows()),
  };
}

/**
 * Milliseconds from the moment a complete `upgrade head` (from base) connects until it exits:
 * the window in which the trials choose their kill moments.
 */
export async function applyWindow(project: ChainProject, db: ScratchDatabase): Promise<number> {
  // the first run pays for cold caches: the best of three is what a trial will see
  const times = [await timeOnce(project, db), await timeOnce(project, db), await timeOnce(project, db)];
  return Math.min(...times);
}

async function timeOnce(project: ChainProject, db: ScratchDatabase): Promise<number> {
  await db.reset();
  const run = startBin(project.dir, ["upgrade", "head"], { DATABASE_URL: db.url });
  let done = false;
  void run.exited.then(() => (done = true));
  while (!done && (await db.otherSessions()).length === 0) await pause(10);
  const connected = performance.now();
  const exit = await run.exited;
  if (exit.code !== 0) throw new Error(`upgrade failed: ${exit.stderr}`);
  return performance.now() - connected;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Counts of where the kills landed: revisions applied → trials. */
export function histogram(values: readonly number[]): string {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([k, n]) => `${k}:${n}`)
    .join(" ");
}
