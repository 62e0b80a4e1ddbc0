import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { OwnedCorpusBackend } from "../testing/autogen-corpus/mariadb-backend.js";
import { postgresCorpusBackend } from "../testing/autogen-corpus/pg-backends.js";
import { PG_CASES } from "../testing/autogen-corpus/pg-cases.js";
import { runCorpusCase } from "../testing/autogen-corpus/run-corpus-case.js";

// The autogenerate corpus on PostgreSQL 15: every case goes start → autogenerate → upgrade →
// no diff → downgrade → no diff against the old models, on a real server.
describe("autogenerate corpus on PostgreSQL 15", () => {
  let backend: OwnedCorpusBackend;

  beforeAll(async () => {
    backend = await postgresCorpusBackend("corpus");
  });
  afterAll(async () => {
    await backend?.dispose();
  });

  test("has at least 40 cases", () => {
    expect(PG_CASES.length).toBeGreaterThanOrEqual(40);
  });

  test.each(PG_CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const outcome = await runCorpusCase(backend, c);
    expect(outcome.upgrade.length, outcome.revision).toBeGreaterThan(0);
    expect(outcome.afterUpgrade, outcome.revision).toEqual([]);
    if (c.irreversible === true) {
      expect(outcome.downgradeError).toMatch(/ATHANOR_IRREVERSIBLE_OPERATION/);
      expect(outcome.revision).toContain("TODO(athanor): irreversible");
    } else {
      expect(outcome.downgradeError, outcome.revision).toBeUndefined();
      expect(outcome.afterDowngrade, outcome.revision).toEqual([]);
    }
    if (c.renames !== undefined) {
      const renamesSomething = (o: (typeof outcome.upgrade)[number]) =>
        o.kind === "renameColumn" ||
        o.kind === "renameTable" ||
        o.kind === "renameEnumValue" ||
        o.kind === "renameEnum";
      expect(outcome.upgrade.some(renamesSomething), outcome.revision).toBe(true);
      const kinds = outcome.upgrade.map((o) => o.kind);
      for (const lossy of ["dropColumn", "dropEnum", "createEnum"] as const)
        expect(kinds, outcome.revision).not.toContain(lossy);
    }
  });
});
