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
describe("fast canonicalise-and-settle path equals the reference on the PostgreSQL corpus", () => {
  let backend: OwnedCorpusBackend;
  beforeAll(async () => {
    backend = await postgresCorpusBackend("settle_both_corpus");
  });
  afterAll(async () => {
    await backend?.dispose();
  });

  test.each([...PG_CASES, ...PG_VIEW_CASES].map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const comparisons = await compareFastPath(backend, c);
    expect(comparisons).toHaveLength(4);
    for (const cmp of comparisons) expect(cmp.fast, cmp.state).toBe(cmp.reference);
  });
});
