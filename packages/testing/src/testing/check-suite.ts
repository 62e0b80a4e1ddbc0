import { type RevisionDefinition, upgrade } from "@athanor/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkDowngradeLeavesNoTrace } from "../checks/check-downgrade-leaves-no-trace.js";
import { checkModelsMatchMigrations } from "../checks/check-models-match-migrations.js";
import { checkOldCodeRunsOnExpandedSchema } from "../checks/check-old-code-runs.js";
import { checkSingleHead } from "../checks/check-single-head.js";
import { checkStairway } from "../checks/check-stairway.js";
import { checkUpgradeEachFromParent } from "../checks/check-upgrade-each-from-parent.js";
import type { CheckFailure, CheckResult } from "../migration-test-config.js";
import { createTestDatabase, type TestDatabase } from "../test-database.js";
import {
  EXPAND_RENAMES_COLUMN,
  emailReadded,
  FAILING_DOWNGRADE,
  FAILING_UPGRADE,
  FORGOTTEN_INDEX,
  FORGOTTEN_TABLE,
} from "./broken-histories.js";
import { sampleDrizzleSchema } from "./sample-drizzle-schema.js";
import { SAMPLE_HISTORY, sampleOldApp } from "./sample-history.js";

const ALL_IDS = SAMPLE_HISTORY.map((r) => r.id);

/** The failure of a result that must have failed. */
export function failureOf(result: CheckResult): CheckFailure {
  if (result.ok)
    throw new Error(`expected ${result.check} to fail, but it passed over ${result.revisions.join(", ")}`);
  return result.failure;
}

function expectPassed(result: CheckResult): readonly string[] {
  if (!result.ok) throw new Error(`expected ${result.check} to pass:\n${result.failure.message}`);
  return result.revisions;
}

/**
 * Every check on the sample history and its broken variants, against the database `url`
 * (`"pglite"`, or a server URL on which a database is created for this file).
 */
export function describeCheckSuite(label: string, url: string): void {
  describe(`migration checks on ${label}`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase({ url, prefix: "checks" });
    });
    afterAll(async () => {
      await db?.dispose();
    });
    const config = (revisions: readonly RevisionDefinition[]) => ({ revisions, database: db });

    it("the sample history passes every check", async () => {
      expect(expectPassed(await checkSingleHead(config(SAMPLE_HISTORY)))).toEqual(["m8"]);
      expect(expectPassed(await checkUpgradeEachFromParent(db, config(SAMPLE_HISTORY)))).toEqual(ALL_IDS);
      expect(expectPassed(await checkStairway(db, config(SAMPLE_HISTORY)))).toEqual(ALL_IDS);
      expect(expectPassed(await checkDowngradeLeavesNoTrace(db, config(SAMPLE_HISTORY)))).toEqual(ALL_IDS);
      // enforced after the expand (b2) and migrate (e5) revisions; f6 (contract) may break it
      expect(
        expectPassed(await checkOldCodeRunsOnExpandedSchema(db, config(SAMPLE_HISTORY), sampleOldApp)),
      ).toEqual(["b2", "e5"]);
      // the stairway leaves the database at the heads, every revision applied once
      const tables = (await db.introspect()).tables.map((t) => t.name).sort();
      expect(tables).toEqual(["posts", "tags", "users"]);
    });

    it("a model read from the migrated database matches; one with an extra column does not", async () => {
      await db.reset();
      const run = await upgrade({ dialect: db.dialect, revisions: SAMPLE_HISTORY }, "heads");
      expect(run.error).toBeUndefined();
      const model = await db.introspect();
      expect(expectPassed(await checkModelsMatchMigrations(db, config(SAMPLE_HISTORY), { model }))).toEqual([
        "m8",
      ]);

      const users = model.tables.find((t) => t.name === "users");
      const email = users?.columns.find((c) => c.name === "email");
      if (users === undefined || email === undefined) throw new Error("no users.email in the model");
      const extra = { ...users, columns: [...users.columns, { ...email, name: "nickname" }] };
      const wanted = { ...model, tables: model.tables.map((t) => (t === users ? extra : t)) };
      const failure = failureOf(
        await checkModelsMatchMigrations(db, config(SAMPLE_HISTORY), { model: wanted }),
      );
      expect(failure.message).toMatch(/does not match the models/);
      expect(failure.message).toMatch(/\+ table .*"users" › column "nickname"/);
      expect(failure.differences?.map((d) => d.change)).toContain("added");
    });

    it("the sample's Drizzle models match the history at head; models with an extra column fail with the SQL to add it", async () => {
      const schema = sampleDrizzleSchema(db.kind);
      const ok = await checkModelsMatchMigrations(db, config(SAMPLE_HISTORY), {
        drizzleModules: [schema.matching],
      });
      expect(expectPassed(ok)).toEqual(["m8"]);

      const failure = failureOf(
        await checkModelsMatchMigrations(db, config(SAMPLE_HISTORY), {
          drizzleModules: [schema.extraColumn],
        }),
      );
      expect(failure.step).toBe("compare");
      expect(failure.message).toMatch(
        /`athanor check` would propose 1 operation\(s\):\n {2}ALTER TABLE .users. ADD COLUMN .nickname. (varchar|character varying)\(40\)/,
      );
      expect(failure.message).toMatch(/\+ table .*"users" › column "nickname"/);
    });

    it("a downgrade that forgets to drop an index fails the no-trace check, naming the revision and the index", async () => {
      const failure = failureOf(await checkDowngradeLeavesNoTrace(db, config(FORGOTTEN_INDEX)));
      expect(failure.revision).toBe("c3");
      expect(failure.step).toBe("downgrade");
      expect(failure.message).toContain('Downgrading revision c3 ("index users.email") did not restore');
      expect(failure.message).toMatch(/\+ table .*"users" › index "users_email_idx"/);
      expect(failure.differences).toHaveLength(1);
    });

    it("a downgrade that leaves a table behind fails the stairway when upgrading again", async () => {
      const failure = failureOf(await checkStairway(db, config(FORGOTTEN_TABLE)));
      expect(failure.revision).toBe("d4");
      expect(failure.step).toBe("upgrade again");
      expect(failure.message).toMatch(/^upgrade again of revision d4 \("posts"\) failed: /);
      expect(failure.message).toMatch(/posts/);
      expect(failure.error?.code).toBe("ATHANOR_MIGRATION_FAILED");
    });

    it("a failing downgrade fails the stairway and the no-trace check at that revision", async () => {
      for (const check of [checkStairway, checkDowngradeLeavesNoTrace]) {
        const failure = failureOf(await check(db, config(FAILING_DOWNGRADE)));
        expect(failure.revision).toBe("d4");
        expect(failure.step).toBe("downgrade");
        expect(failure.message).toContain("no_such_table");
      }
    });

    it("a failing upgrade fails the upgrade check naming the revision and the statement", async () => {
      const failure = failureOf(await checkUpgradeEachFromParent(db, config(FAILING_UPGRADE)));
      expect(failure.revision).toBe("c3");
      expect(failure.step).toBe("upgrade");
      expect(failure.message).toMatch(/^upgrade of revision c3 \("index users.email"\) failed: /);
      expect(failure.message).toMatch(/SQL: ALTER TABLE .no_such_table. ADD/);
    });

    it("an expand revision that renames a column breaks the old code's smoke function", async () => {
      // the rename itself is a perfectly reversible revision: only the smoke check catches it
      expectPassed(await checkStairway(db, config(EXPAND_RENAMES_COLUMN)));
      const failure = failureOf(
        await checkOldCodeRunsOnExpandedSchema(db, config(EXPAND_RENAMES_COLUMN), sampleOldApp),
      );
      expect(failure.revision).toBe("b2");
      expect(failure.step).toBe("smoke");
      expect(failure.message).toContain(
        'Old code broke after expand revision b2 ("rename users.email to users.mail")',
      );
      expect(failure.message).toMatch(/email/);
    });

    it("a smoke function that never passes fails instead of proving nothing", async () => {
      const failure = failureOf(
        await checkOldCodeRunsOnExpandedSchema(db, config(SAMPLE_HISTORY), async ({ connection }) => {
          await connection.query("SELECT nothing FROM nowhere");
        }),
      );
      expect(failure.revision).toBeUndefined();
      expect(failure.message).toMatch(/failed after every revision/);
      expect(failure.message).toMatch(/nowhere/);
    });

    it("a downgrade that re-adds a column last: order counts where the dialect can place a column, else a note (strictColumnOrder: a failure)", async () => {
      const result = await checkDowngradeLeavesNoTrace(db, config(emailReadded("last")));
      const strict = await checkDowngradeLeavesNoTrace(db, {
        ...config(emailReadded("last")),
        strictColumnOrder: true,
      });
      for (const failure of db.dialect.capabilities.placesColumns === true ? [failureOf(result)] : []) {
        expect(failure.revision).toBe("z9");
        expect(failure.message).toMatch(/› column order: \["\\"id\\"","\\"email\\"",/);
      }
      if (db.dialect.capabilities.placesColumns !== true) {
        expect(expectPassed(result)).toEqual([...ALL_IDS, "z9"]);
        expect(result.ok && result.notes).toEqual([
          expect.stringMatching(
            /^Downgrading revision z9 \("drop users.email"\) changed the column order, which .* cannot restore[\s\S]*› column order: /,
          ),
        ]);
      }
      expect(failureOf(strict).differences?.map((d) => d.path.at(-1))).toEqual(["column order"]);
    });

    it("a column order a dialect cannot restore never hides a real difference", async () => {
      const failure = failureOf(await checkDowngradeLeavesNoTrace(db, config(emailReadded("nullable-last"))));
      expect(failure.revision).toBe("z9");
      const kept = failure.differences?.map((d) => d.path.at(-1));
      expect(kept).toContain("nullable");
      expect(kept?.includes("column order")).toBe(db.dialect.capabilities.placesColumns === true);
    });

    it("a downgrade that puts the column back where it was leaves no trace", async () => {
      const result = await checkDowngradeLeavesNoTrace(db, {
        ...config(emailReadded("placed")),
        strictColumnOrder: db.dialect.capabilities.placesColumns === true,
      });
      expect(expectPassed(result)).toEqual([...ALL_IDS, "z9"]);
      if (db.dialect.capabilities.placesColumns === true) expect(result.ok && result.notes).toBeFalsy();
    });

    it("revisions listed as irreversible are only upgraded", async () => {
      const config2 = { ...config(FAILING_DOWNGRADE), irreversible: ["d4"] };
      expect(expectPassed(await checkStairway(db, config2))).toEqual(ALL_IDS);
      expect(expectPassed(await checkDowngradeLeavesNoTrace(db, config2))).toEqual(ALL_IDS);
    });
  });
}
