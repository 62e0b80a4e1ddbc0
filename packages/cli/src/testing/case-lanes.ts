/**
 * Cases of a `test.concurrent` list run a few at a time, each lane on a resource of its own
 * (a database): case i runs on lane i % lanes, one case after another on each lane.
 *
 * `caseTimeoutMs` limits a case's own work, timed from when its lane takes it up. Vitest's
 * per-test timeout of a concurrent test starts when vitest starts the test (up to
 * `maxConcurrency`, 5, at once), so it also counts the wait behind the cases ahead on its lane: a
 * case could time out for its neighbours' slowness. Give the test a timeout that covers the wait
 * ({@link laneWaitBackstop}); this timer is the per-case limit. A case that ran out of time may
 * still be at work on its lane's resource: failures after it on that lane can follow from it.
 *
 * @example
 * ```ts
 * const lanes = caseLanes(() => dbs, 120_000);
 * it.concurrent.each(cases.map((c, i) => [c.name, c, i] as const))(
 *   "%s",
 *   (name, c, i) => lanes.run(i, name, (db) => sweep(c, db)),
 *   laneWaitBackstop(120_000),
 * );
 * ```
 */
export function caseLanes<R>(resources: () => readonly R[], caseTimeoutMs: number) {
  const queues: Promise<unknown>[] = [];
  return {
    run<T>(i: number, name: string, work: (resource: R) => Promise<T>): Promise<T> {
      const all = resources();
      const lane = i % all.length;
      const timed = (queues[lane] ?? Promise.resolve()).then(() =>
        withinTimeout(work(all[lane] as R), caseTimeoutMs, name),
      );
      // the next case on the lane starts once this one ended or ran out of time
      queues[lane] = timed.catch(() => undefined);
      return timed;
    },
  };
}

/**
 * A concurrent test's vitest timeout when its case may wait for its lane: vitest runs up to 5
 * concurrent tests at once, so on a slow lane a case can wait behind up to four others, each held
 * to `caseTimeoutMs` by {@link caseLanes}. Only a backstop: a case's limit is the lane's timer.
 */
export function laneWaitBackstop(caseTimeoutMs: number): number {
  return 5 * caseTimeoutMs + 60_000;
}

function withinTimeout<T>(work: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${name}: its own work took over ${ms} ms (the wait for its lane not counted)`)),
      ms,
    );
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
