import { ciSample } from "@athanor/core/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { OwnedCorpusBackend } from "../testing/autogen-corpus/mariadb-backend.js";
import { pgliteCorpusBackend } from "../testing/autogen-corpus/pg-backends.js";
import { PG_CASES } from "../testing/autogen-corpus/pg-cases.js";
import { runCorpusCase } from "../testing/autogen-corpus/run-corpus-case.js";

// The same corpus and driver as on PostgreSQL 15, on embedded PGlite (live and scratch are two
// in-memory instances). PostgreSQL 15 runs every case every run (corpus-postgres.test.ts); here CI
// runs a seeded 1-in-3 slice that rotates with the run's seed, as the CLI's CI samples do
// (`ciSample` of @athanor/core/testing: ATHANOR_RELIABILITY_SEED replays it,
// ATHANOR_RELIABILITY_FULL=1 runs every case). The whole list was ~30 s of CPU of CI's run.
const { cases, note } = ciSample(PG_CASES, 3);

describe(`autogenerate corpus on PGlite ${note}`, () => {
  let backend: OwnedCorpusBackend;

  beforeAll(async () => {
    backend = await pgliteCorpusBackend();
  });
  afterAll(async () => {
    await backend?.dispose();
  });

  test.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const outcome = await runCorpusCase(backend, c);
    expect(outcome.upgrade.length, outcome.revision).toBeGreaterThan(0);
    expect(outcome.afterUpgrade, outcome.revision).toEqual([]);
    if (c.irreversible === true) expect(outcome.downgradeError).toMatch(/ATHANOR_IRREVERSIBLE_OPERATION/);
    else expect(outcome.afterDowngrade, outcome.revision).toEqual([]);
  });
});
