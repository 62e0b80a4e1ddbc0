import { beforeAll, beforeEach, describe, expect, test } from "vitest";
import { upgrade } from "./index.js";
import { useTestDatabase } from "./testing/fresh-database.js";
import { freshPglite } from "./testing/pglite-from-snapshot.js";
import { pgliteTestDialect } from "./testing/pglite-test-dialect.js";
import { sqlRevision } from "./testing/revision-fixtures.js";

const t = useTestDatabase({ beforeAll, beforeEach }, freshPglite);

// A MySQL-like dialect (DDL commits implicitly, data statements do not) with a transaction guard.
function guardedDialect(guard: string) {
  const dialect = pgliteTestDialect(t.db, { transactionalDdl: false });
  return Object.assign(dialect, {
    commitsImplicitly: (sql: string) => !/^(?:insert|update)\b/i.test(sql),
    transactionGuard: async () => guard,
  });
}

const GUARD = "SELECT 'transaction still open'";

describe("Dialect.transactionGuard", () => {
  test("precedes every statement sent inside an open transaction, none after a statement that commits by itself", async () => {
    const dialect = guardedDialect(GUARD);
    const revision = sqlRevision(
      "g1",
      [],
      ["CREATE TABLE g (id int)", "INSERT INTO g VALUES (1)", "UPDATE g SET id = 2"],
      ["DROP TABLE g"],
    );
    const run = await upgrade({ dialect, revisions: [revision] }, "heads");
    expect(run.error ?? null).toBeNull();
    // guards are not op statements: the step counts its three
    expect(run.results).toMatchObject([{ status: "applied", statements: 3 }]);
    const sent = dialect.executed;
    const at = (sql: string) => sent.indexOf(sql);
    // the DDL's own record autocommits after it: no guard there
    expect(sent[at("CREATE TABLE g (id int)") + 1]).not.toBe(GUARD);
    expect(sent[at("INSERT INTO g VALUES (1)") - 1]).toBe(GUARD);
    expect(sent[at("UPDATE g SET id = 2") - 1]).toBe(GUARD);
    const commit = sent.lastIndexOf("COMMIT");
    expect(sent[commit - 1]).toBe(GUARD);
    const versionRow = sent.findIndex((sql) => sql.startsWith('INSERT INTO "athanor_version"'));
    expect(sent[versionRow - 1]).toBe(GUARD);
    // inside the transaction every statement but BEGIN's settings is guarded
    const begin = sent.lastIndexOf("BEGIN", commit);
    const inside = sent.slice(begin + 1, commit + 1).filter((sql) => !sql.startsWith("SET "));
    inside.forEach((sql, n) => {
      expect(n % 2 === 0 ? sql : GUARD).toBe(GUARD);
    });
    expect((await t.db.query("SELECT id FROM g")).rows).toEqual([{ id: 2 }]);
  });

  test("a failing guard stops the step: nothing after it runs, and the failure says the transaction was rolled back", async () => {
    await upgrade(
      {
        dialect: t.dialect,
        revisions: [sqlRevision("h1", [], ["CREATE TABLE h (id int)"], ["DROP TABLE h"])],
      },
      "heads",
    );
    const dialect = guardedDialect("SELECT 1 / 0");
    const revisions = [
      sqlRevision("h1", [], ["CREATE TABLE h (id int)"], ["DROP TABLE h"]),
      sqlRevision("h2", ["h1"], ["INSERT INTO h VALUES (1)"], ["DELETE FROM h"]),
    ];
    const run = await upgrade({ dialect, revisions }, "heads");
    expect(run.results).toMatchObject([{ revision: "h2", status: "failed" }]);
    const error = run.results[0]?.error;
    expect(error).toMatchObject({
      code: "ATHANOR_MIGRATION_FAILED",
      meta: { role: "guard", outcome: "nothing" },
    });
    expect(error?.sql).toBeUndefined();
    expect(error?.message).toContain("failed because the database rolled its transaction back");
    expect(error?.message).toContain("Nothing of it was applied");
    expect((await t.db.query("SELECT id FROM h")).rows).toEqual([]);
    expect((await t.db.query("SELECT version_num FROM athanor_version")).rows).toEqual([
      { version_num: "h1" },
    ]);
  });
});
