import { adoptConstraintNames, stageDiff, withIgnores } from "@athanor/autogenerate";
import { headerOf, lintRevisions, type SchemaModel } from "@athanor/core";
import { introspectSqlite, sqliteDifferHooks, sqliteLintRules, sqliteMemoryDialect } from "@athanor/sqlite";
import fc from "fast-check";
import { afterAll, describe, expect, test } from "vitest";
import { type SchemaSpec, schemaSpec, sqliteSchemaOf } from "../testing/random-sqlite-schema.js";
import {
  applySqlite as apply,
  diffSqlite as diff,
  sqliteDiffHarness,
} from "../testing/sqlite-diff-harness.js";

// One part held to another's verdict: whatever autogenerate writes for a change between random
// sqlite-core schemas A and B — its operations with the lint silences it writes into the file
// (each with its reason) — has no lint error. A rebuild is a warning with its cost; an error
// would be a revision our own `athanor lint` and `upgrade` refuse.
const harness = sqliteDiffHarness();
afterAll(() => harness.close());
const canonical = (spec: SchemaSpec): Promise<SchemaModel> => harness.canonical(sqliteSchemaOf(spec));

function lintErrors(desired: SchemaModel, live: SchemaModel) {
  const adopted = adoptConstraintNames(desired, live);
  const step = diff(desired, live);
  const { ignores } = stageDiff({ diff: step, desired, live: adopted, hooks: sqliteDifferHooks });
  const header = withIgnores(headerOf({ id: "b1", upgrade() {}, downgrade() {} }), ignores);
  const report = lintRevisions([{ header, operations: step.operations, queries: [] }], {
    rules: sqliteLintRules,
    dialect: { name: "sqlite" },
  });
  return { errors: report.findings.filter((f) => f.severity === "error"), step };
}

describe("SQLite: what autogenerate writes passes lint (fast-check)", () => {
  test("A from nothing, then B from A: no lint error in either revision", async () => {
    await fc.assert(
      fc.asyncProperty(schemaSpec, schemaSpec, async (a, b) => {
        const db = sqliteMemoryDialect();
        try {
          const conn = await db.dialect.connect();
          const [wantA, wantB] = [await canonical(a), await canonical(b)];
          const first = lintErrors(wantA, await introspectSqlite(conn));
          expect(first.errors).toEqual([]);
          await apply(conn, first.step.operations);
          expect(lintErrors(wantB, await introspectSqlite(conn)).errors).toEqual([]);
        } finally {
          await db.close();
        }
      }),
      { numRuns: Number(process.env.ATHANOR_SQLITE_ROUNDTRIP_RUNS ?? 40) },
    );
  });
});
