/**
 * CI runs some long case lists as a sample; `ATHANOR_RELIABILITY_FULL=1` runs every case. The
 * sample is a 1-in-`every` slice that rotates with the run's seed (printed in the test names), so
 * successive CI runs cover the whole list and a failure replays with
 * `ATHANOR_RELIABILITY_SEED=<seed>`. CONTRIBUTING.md lists what CI samples. Shared by every
 * package's tests (the CLI's reliability and contract suites, drizzle's PGlite corpus, SQLite's D1
 * tests), so one run's seed picks every slice.
 */

/** True when the suite runs at full size: every case, the published trial counts. */
export const FULL = process.env.ATHANOR_RELIABILITY_FULL === "1";

/** The seed of this run: `ATHANOR_RELIABILITY_SEED` or the clock. */
export function trialSeed(): number {
  const fixed = process.env.ATHANOR_RELIABILITY_SEED;
  return fixed === undefined || fixed === "" ? Date.now() % 2 ** 31 : Number(fixed);
}

export interface CiSample<T> {
  /** The cases to run: all of them with ATHANOR_RELIABILITY_FULL=1. */
  readonly cases: readonly T[];
  /** For a describe/test title: which slice ran and how to replay or widen it. */
  readonly note: string;
}

/**
 * Every `every`-th case starting at `seed % every` (the seed's slice), or every case at full size.
 *
 * @example
 * ```ts
 * const { cases, note } = ciSample(corpus.cases, 6);
 * describe(`contract on PGlite ${note}`, () => { for (const c of cases) test(c.name, ...) });
 * // "contract on PGlite (CI sample: 10 of 57, slice 3 of 6, seed 1733362800; ATHANOR_RELIABILITY_FULL=1 runs all)"
 * ```
 */
export function ciSample<T>(items: readonly T[], every: number, seed = trialSeed()): CiSample<T> {
  if (FULL || every <= 1) return { cases: items, note: "(every case)" };
  const slice = seed % every;
  const cases = items.filter((_, i) => i % every === slice);
  return {
    cases,
    note: `(CI sample: ${cases.length} of ${items.length}, slice ${slice} of ${every}, seed ${seed}; ATHANOR_RELIABILITY_FULL=1 runs all)`,
  };
}
