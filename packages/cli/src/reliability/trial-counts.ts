/**
 * How hard the reliability suite pushes. CI gets a size that fits its 2-core budget (every trial
 * and round spawns CLI processes: a kill -9 trial takes ~2 s of CI, a race round ~8 s); the figures
 * published in docs/guarantees.md come from `ATHANOR_RELIABILITY_FULL=1`, and any single count
 * can be overridden (e.g. `ATHANOR_RELIABILITY_CRASH_TRIALS=500`).
 *
 * @example
 * ```ts
 * for (let round = 0; round < TRIALS.concurrencyRounds; round++) { ... }
 * ```
 */
export const TRIALS = {
  /** Processes running `upgrade head` at the same moment. */
  processes: count("PROCESSES", 16, 16),
  /** Rounds of the concurrent start-up, each on a database reset to base. */
  concurrencyRounds: count("ROUNDS", 3, 50),
  /** kill -9 trials on PostgreSQL. */
  crashTrials: count("CRASH_TRIALS", 12, 100),
  /** kill -9 trials on MariaDB. */
  mysqlCrashTrials: count("MYSQL_CRASH_TRIALS", 6, 50),
  /** fast-check runs per fuzz property. */
  fuzzRuns: count("FUZZ_RUNS", 200, 2000),
} as const;

/** True when the suite runs at the published sizes. */
export { FULL } from "@athanor/core/testing";

function count(name: string, ci: number, full: number): number {
  const raw = process.env[`ATHANOR_RELIABILITY_${name}`];
  if (raw !== undefined && raw !== "") {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`ATHANOR_RELIABILITY_${name} must be a positive integer, got "${raw}"`);
    return n;
  }
  return process.env.ATHANOR_RELIABILITY_FULL === "1" ? full : ci;
}
