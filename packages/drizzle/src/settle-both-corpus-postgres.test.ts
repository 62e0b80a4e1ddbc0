import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { compareFastPath } from "./testing/autogen-corpus/fast-path-differential.js";
import type { OwnedCorpusBackend } from "./testing/autogen-corpus/mariadb-backend.js";
import { postgresCorpusBackend } from "./testing/autogen-corpus/pg-backends.js";
import { PG_CASES } from "./testing/autogen-corpus/pg-cases.js";
import { PG_VIEW_CASES } from "./testing/autogen-corpus/view-cases.js";

// Issue 21: `check` and autogenerate settle only the checks the two sides do not already agree
// on, canonicalising by probes. Proved against the reference (full materialisation, every check
// of each side settled) on every PostgreSQL corpus case at four database states: the same
// operations and the same revision text, character for character.
// The probes on the live database (what `check` does without devUrl) are proved the same way,
// and the live database's catalogue must read the same before and after them.
// Three cases at a time (a case mostly waits on the server): case i runs on lane i % 3, each lane
// its own pair of databases, one case after another.
const LANES = 3;
describe("fast canonicalise-and-settle path equals the reference on the PostgreSQL corpus", () => {
  let backends: OwnedCorpusBackend[] = [];
  const queues: Promise<unknown>[] = [];
  const onLane = <T>(i: number, work: (backend: OwnedCorpusBackend) => Promise<T>): Promise<T> => {
    const lane = i % LANES;
    const run = (queues[lane] ?? Promise.resolve()).then(() => work(backends[lane] as OwnedCorpusBackend));
    queues[lane] = run.catch(() => undefined);
    return run;
  };
  let probedOnLive = 0;
  beforeAll(async () => {
    backends = await Promise.all(
      Array.from({ length: LANES }, (_, lane) => postgresCorpusBackend(`settle_both_corpus_${lane}`)),
    );
  });
  afterAll(async () => {
    await Promise.all(backends.map((backend) => backend.dispose()));
    // most states take the live probes (a new enum or sequence the live database lacks does not)
    expect(probedOnLive).toBeGreaterThan(200);
  });

  const cases = [...PG_CASES, ...PG_VIEW_CASES];
  test.concurrent.each(cases.map((c, i) => [c.name, c, i] as const))("%s", async (_name, c, i) => {
    const comparisons = await onLane(i, (backend) => compareFastPath(backend, c));
    expect(comparisons).toHaveLength(4);
    for (const cmp of comparisons) {
      expect(cmp.fast, cmp.state).toBe(cmp.reference);
      expect(cmp.live, `${cmp.state}, probed on the live database`).toBe(cmp.reference);
      expect(cmp.catalogue[1], `${cmp.state}: the live database after the probes`).toBe(cmp.catalogue[0]);
      if (cmp.onLive) probedOnLive++;
    }
  });
});
