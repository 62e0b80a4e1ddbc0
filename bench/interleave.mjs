// Interleaved floor/athanor runs (issue 21, measurement fairness): a benchmark that runs every
// floor first and athanor after lets the floor's autovacuum, checkpoints and WAL recycling land in
// athanor's runs. The benchmarks instead run rounds in which every side runs once, in an order
// that reverses from one round to the next (ABBA…), each run from the same clean state, and
// report the ratio of each round's pair besides the best-of figures.

/**
 * The order of `sides` in round `round` (0-based): as given in even rounds, reversed in odd ones,
 * so over two rounds every side has run both before and after every other.
 *
 * @example
 * ```js
 * roundOrder(["floor", "athanor"], 1); // ["athanor", "floor"]
 * ```
 */
export function roundOrder(sides, round) {
  return round % 2 === 0 ? [...sides] : [...sides].reverse();
}

/**
 * The median, minimum and maximum of a round's ratios (`null` entries, a side that could not
 * run, are left out); `null` when none is left.
 *
 * @example
 * ```js
 * ratioSpread([1.1, 0.9, 1.3]); // { n: 3, median: 1.1, min: 0.9, max: 1.3 }
 * ```
 */
export function ratioSpread(ratios) {
  const xs = ratios.filter((r) => r !== null && Number.isFinite(r)).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const mid = Math.floor(xs.length / 2);
  const median = xs.length % 2 === 1 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
  return { n: xs.length, median, min: xs[0], max: xs.at(-1) };
}

/**
 * One report line, `per-pair ratio, <what>: median 1.10× (min 0.98×, max 1.25×, spread 0.27×; 3 pairs)`,
 * the form bench-catalogue.mjs reads back.
 */
export function spreadLine(what, ratios) {
  const s = ratioSpread(ratios);
  if (s === null) return `per-pair ratio, ${what}: — (no pair)`;
  const x = (v) => `${v.toFixed(2)}×`;
  return `per-pair ratio, ${what}: median ${x(s.median)} (min ${x(s.min)}, max ${x(s.max)}, spread ${x(s.max - s.min)}; ${s.n} pair${s.n === 1 ? "" : "s"})`;
}

/**
 * The `spreadLine` of every direction × floor: `rounds[i][direction][side]` holds a run's
 * `{ wall }` (or a number of seconds, or null when the side could not run).
 *
 * @example
 * ```js
 * spreadLines("MariaDB", rounds, [["up", "base → head"]], [["bare", "DDL alone"]]);
 * ```
 */
export function spreadLines(dialect, rounds, directions, floors) {
  const value = (run) =>
    run === null || run === undefined ? null : typeof run === "number" ? run : run.wall;
  return directions.flatMap(([direction, label]) =>
    floors.map(([side, floorName]) =>
      spreadLine(
        `${dialect} ${label} vs ${floorName}`,
        rounds.map((r) => {
          const a = value(r[direction].athanor);
          const f = value(r[direction][side]);
          return a === null || f === null ? null : a / f;
        }),
      ),
    ),
  );
}
