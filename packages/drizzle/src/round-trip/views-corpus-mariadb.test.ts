import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { mariadbCorpusBackend, type OwnedCorpusBackend } from "../testing/autogen-corpus/mariadb-backend.js";
import { runCorpusCase } from "../testing/autogen-corpus/run-corpus-case.js";
import { MYSQL_VIEW_CASES } from "../testing/autogen-corpus/view-cases.js";

// Views on MariaDB 10.11, with the same driver loop as the table corpus.
describe("autogenerate views on MariaDB 10.11", () => {
  let backend: OwnedCorpusBackend;

  beforeAll(async () => {
    backend = await mariadbCorpusBackend("views");
  });
  afterAll(async () => {
    await backend?.dispose();
  });

  test.each(MYSQL_VIEW_CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const outcome = await runCorpusCase(backend, c);
    expect(outcome.upgrade.length, outcome.revision).toBeGreaterThan(0);
    expect(outcome.afterUpgrade, outcome.revision).toEqual([]);
    expect(outcome.downgradeError, outcome.revision).toBeUndefined();
    expect(outcome.afterDowngrade, outcome.revision).toEqual([]);
  });
});
