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
describe("fast canonicalise-and-settle path equals the reference on the PostgreSQL corpus", () => {
  let backend: OwnedCorpusBackend;
  let probedOnLive = 0;
  beforeAll(async () => {
    backend = await postgresCorpusBackend("settle_both_corpus");
  });
  afterAll(async () => {
    await backend?.dispose();
    // most states take the live probes (a new enum or sequence the live database lacks does not)
    expect(probedOnLive).toBeGreaterThan(200);
  });

  test.each([...PG_CASES, ...PG_VIEW_CASES].map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const comparisons = await compareFastPath(backend, c);
    expect(comparisons).toHaveLength(4);
    for (const cmp of comparisons) {
      expect(cmp.fast, cmp.state).toBe(cmp.reference);
      expect(cmp.live, `${cmp.state}, probed on the live database`).toBe(cmp.reference);
      expect(cmp.catalogue[1], `${cmp.state}: the live database after the probes`).toBe(cmp.catalogue[0]);
      if (cmp.onLive) probedOnLive++;
    }
  });
});
