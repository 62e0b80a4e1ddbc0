import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { OwnedCorpusBackend } from "../testing/autogen-corpus/mariadb-backend.js";
import { pgliteCorpusBackend, postgresCorpusBackend } from "../testing/autogen-corpus/pg-backends.js";
import { runCorpusCase } from "../testing/autogen-corpus/run-corpus-case.js";
import { PG_VIEW_CASES } from "../testing/autogen-corpus/view-cases.js";

// Views, materialized views, row-level security and policies on PostgreSQL 15 and PGlite:
// autogenerate → upgrade → no diff → downgrade → no diff against the old models.
for (const [name, make] of [
  ["PostgreSQL 15", () => postgresCorpusBackend("views")],
  ["PGlite", () => pgliteCorpusBackend()],
] as const) {
  describe(`autogenerate views and policies on ${name}`, () => {
    let backend: OwnedCorpusBackend;

    beforeAll(async () => {
      backend = await make();
    });
    afterAll(async () => {
      await backend?.dispose();
    });

    test.each(PG_VIEW_CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
      const outcome = await runCorpusCase(backend, c);
      expect(outcome.upgrade.length, outcome.revision).toBeGreaterThan(0);
      expect(outcome.afterUpgrade, outcome.revision).toEqual([]);
      expect(outcome.downgradeError, outcome.revision).toBeUndefined();
      expect(outcome.afterDowngrade, outcome.revision).toEqual([]);
    });
  });
}
