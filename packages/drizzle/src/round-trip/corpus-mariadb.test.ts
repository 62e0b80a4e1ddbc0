import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { mariadbCorpusBackend, type OwnedCorpusBackend } from "../testing/autogen-corpus/mariadb-backend.js";
import { MYSQL_CASES } from "../testing/autogen-corpus/mysql-cases.js";
import { runCorpusCase } from "../testing/autogen-corpus/run-corpus-case.js";

// The autogenerate corpus on MariaDB 10.11, with the same driver loop as PostgreSQL.
describe("autogenerate corpus on MariaDB 10.11", () => {
  let backend: OwnedCorpusBackend;

  beforeAll(async () => {
    backend = await mariadbCorpusBackend("corpus");
  });
  afterAll(async () => {
    await backend?.dispose();
  });

  test("has at least 40 cases", () => {
    expect(MYSQL_CASES.length).toBeGreaterThanOrEqual(40);
  });

  test.each(MYSQL_CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const outcome = await runCorpusCase(backend, c);
    expect(outcome.upgrade.length, outcome.revision).toBeGreaterThan(0);
    expect(outcome.afterUpgrade, outcome.revision).toEqual([]);
    expect(outcome.downgradeError, outcome.revision).toBeUndefined();
    expect(outcome.afterDowngrade, outcome.revision).toEqual([]);
  });
});
