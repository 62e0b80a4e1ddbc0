import { isAthanorError } from "@athanor/core";
import { describe, expect, it } from "vitest";
import { assertCheck } from "./check-error.js";
import { checkDowngradeLeavesNoTrace } from "./checks/check-downgrade-leaves-no-trace.js";
import { describeMigrations } from "./describe-migrations.js";
import { createTestDatabase } from "./test-database.js";
import { FORGOTTEN_INDEX } from "./testing/broken-histories.js";
import { sampleDrizzleSchema } from "./testing/sample-drizzle-schema.js";
import { SAMPLE_HISTORY, sampleOldApp } from "./testing/sample-history.js";

// The one-line form, as users write it: six tests on one PGlite database.
describeMigrations(
  {
    revisions: SAMPLE_HISTORY,
    database: { url: "pglite" },
    desired: { drizzleModules: [sampleDrizzleSchema("pglite").matching] },
    smoke: sampleOldApp,
  },
  { name: "describeMigrations on the sample history" },
);

describe("describeMigrations options", () => {
  const config = { revisions: SAMPLE_HISTORY };

  it("rejects an unknown check name", () => {
    const error = (() => {
      try {
        describeMigrations(config, { skip: ["stairs" as never] });
      } catch (e) {
        return e;
      }
    })();
    expect(isAthanorError(error) && error.code).toBe("ATHANOR_CONFIG_INVALID");
    expect((error as Error).message).toContain('unknown check "stairs"');
  });

  it("refuses `only` naming a check whose input is missing", () => {
    const error = (() => {
      try {
        describeMigrations(config, { only: ["stairway", "old-code-runs-on-expanded-schema"] });
      } catch (e) {
        return e;
      }
    })();
    expect(isAthanorError(error) && error.code).toBe("ATHANOR_CONFIG_INVALID");
    expect((error as Error).message).toContain('"old-code-runs-on-expanded-schema" needs `smoke`');
  });
});

describe("assertCheck", () => {
  it("throws a failed check as ATHANOR_MIGRATION_TEST_FAILED with the check, revision and differences", async () => {
    const db = await createTestDatabase({ url: "pglite" });
    try {
      const result = await checkDowngradeLeavesNoTrace(db, { revisions: FORGOTTEN_INDEX });
      const error = (() => {
        try {
          assertCheck(result);
        } catch (e) {
          return e;
        }
      })();
      expect(isAthanorError(error)).toBe(true);
      if (!isAthanorError(error)) return;
      expect(error.code).toBe("ATHANOR_MIGRATION_TEST_FAILED");
      expect(error.message).toContain("Downgrading revision c3");
      expect(error.meta).toEqual({
        check: "downgrade-leaves-no-trace",
        revision: "c3",
        step: "downgrade",
        differences: [{ change: "added", path: ['table "public"."users"', 'index "users_email_idx"'] }],
      });
      expect(() => assertCheck({ ok: true, check: "stairway", revisions: ["a1"] })).not.toThrow();
    } finally {
      await db.dispose();
    }
  });
});
