import { createPglite, introspectPostgres, pgliteConnection, renderPostgres } from "@athanor/postgres";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PG_CASES } from "../testing/autogen-corpus/pg-cases.js";
import { type CorpusBackend, runCorpusCase } from "../testing/autogen-corpus/run-corpus-case.js";

// The same corpus and driver as on PostgreSQL 15, on embedded PGlite (live and scratch are two
// in-memory instances).
describe("autogenerate corpus on PGlite", () => {
  let backend: CorpusBackend;
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    const [live, scratch] = await Promise.all([createPglite(undefined), createPglite(undefined)]);
    const liveConn = pgliteConnection(live, async () => {});
    const scratchConn = pgliteConnection(scratch, async () => {});
    closers.push(
      () => live.close(),
      () => scratch.close(),
    );
    backend = {
      dialect: "pglite",
      live: liveConn,
      scratch: scratchConn,
      render: renderPostgres,
      introspect: (conn, schemas) => introspectPostgres(conn, { schemas }),
      reset: () =>
        liveConn.executeScript([
          "DROP SCHEMA IF EXISTS audit CASCADE",
          "DROP SCHEMA public CASCADE",
          "CREATE SCHEMA public",
        ]),
    };
  });
  afterAll(async () => {
    await Promise.all(closers.map((close) => close()));
  });

  test.each(PG_CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const outcome = await runCorpusCase(backend, c);
    expect(outcome.upgrade.length, outcome.revision).toBeGreaterThan(0);
    expect(outcome.afterUpgrade, outcome.revision).toEqual([]);
    if (c.irreversible === true) expect(outcome.downgradeError).toMatch(/ATHANOR_IRREVERSIBLE_OPERATION/);
    else expect(outcome.afterDowngrade, outcome.revision).toEqual([]);
  });
});
