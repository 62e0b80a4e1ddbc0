import { FULL, trialSeed } from "@athanor/core/testing";
import { test } from "vitest";
import type { SqliteDriverName } from "../sqlite-driver.js";

/** One in this many of a file's D1 tests runs in CI; ATHANOR_RELIABILITY_FULL=1 runs them all. */
const D1_EVERY = FULL ? 1 : 2;
const seed = trialSeed();

/**
 * `test` for one engine of a describe.each over sqliteTestTargets(). The file drivers declare
 * every test; D1, where every statement is a round trip to miniflare (~85 % of such a file's CPU
 * for a quarter of its tests), declares a seeded half of them in CI: the tests at positions
 * `seed % 2`, `seed % 2 + 2`, ... in declaration order, rotating with the run's seed as the CLI's CI
 * samples do (`ciSample`, @athanor/core/testing), so two runs cover every D1 test.
 * `ATHANOR_RELIABILITY_SEED` replays a run's half; `ATHANOR_RELIABILITY_FULL=1` runs all. `note`
 * is for the describe name.
 *
 * @example
 * ```ts
 * describe.each(targets.map((t) => [t.driver, t] as const))("rebuilds (%s)", (driver) => {
 *   const { test } = engineTests(driver);
 *   test("keeps every row", async () => { ... });
 * });
 * ```
 */
export function engineTests(driver: SqliteDriverName): {
  test: (name: string, fn: () => unknown, timeout?: number) => void;
  note: string;
} {
  const every = driver === "d1" ? D1_EVERY : 1;
  let position = 0;
  return {
    test(name, fn, timeout) {
      if (position++ % every === seed % every) test(name, fn, timeout);
    },
    note:
      every === 1
        ? ""
        : ` (CI sample: 1 test in ${every}, slice ${seed % every}, seed ${seed}; ATHANOR_RELIABILITY_FULL=1 runs all)`,
  };
}
