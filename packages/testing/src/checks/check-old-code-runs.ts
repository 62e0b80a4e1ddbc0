import { AthanorError, type RevisionSource } from "@athanor/core";
import { HistoryWalker } from "../history-walker.js";
import type { CheckResult, MigrationTestConfig, SmokeFunction } from "../migration-test-config.js";
import type { TestDatabase } from "../test-database.js";

type SmokeOutcome = { readonly passed: true } | { readonly passed: false; readonly error: unknown };

async function runSmoke(
  db: TestDatabase,
  smoke: SmokeFunction,
  revision: RevisionSource,
): Promise<SmokeOutcome> {
  const connection = await db.connect();
  try {
    await connection.executeScript([db.dialect.beginTransaction]);
    try {
      await smoke({ connection, dialect: db.dialect, revision: revision.id, phase: revision.phase });
      return { passed: true };
    } catch (error) {
      return { passed: false, error };
    } finally {
      // the rows the old code wrote must not shape the next revision's upgrade
      await connection.executeScript(["ROLLBACK"]);
    }
  } finally {
    await connection.close();
  }
}

const describeError = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Old code keeps working on the expanded schema: after every revision the smoke function (a
 * few queries of the previous application version) runs in a transaction that is rolled back.
 * Once it passes, every following `expand` or `migrate` revision must leave it passing; a
 * `contract` revision (or an ordinary one) may break it, because old code is gone by then, and
 * the smoke then has to pass again before it is enforced. A smoke that never passes at all fails
 * the check, since it would prove nothing.
 *
 * @example
 * ```ts
 * const result = await checkOldCodeRunsOnExpandedSchema(db, config, async ({ connection }) => {
 *   await connection.query("SELECT id, email FROM users");
 * });
 * // failure.message: 'Old code broke after expand revision b2 ("rename users.email"): column "email" does not exist'
 * ```
 */
export async function checkOldCodeRunsOnExpandedSchema(
  db: TestDatabase,
  config: MigrationTestConfig,
  smoke: SmokeFunction | undefined = config.smoke,
): Promise<CheckResult> {
  const check = "old-code-runs-on-expanded-schema";
  if (smoke === undefined) {
    throw new AthanorError(
      "ATHANOR_CONFIG_INVALID",
      "checkOldCodeRunsOnExpandedSchema needs a smoke function: pass it as the third argument or as `smoke` in the config.",
      {},
    );
  }
  await db.reset();
  const walker = await HistoryWalker.open(config, db.dialect);
  const guarded: string[] = [];
  let passing = false;
  let everPassed = false;
  let lastError: unknown;
  for (const revision of walker.order) {
    const up = await walker.upgradeOne(revision.id, "upgrade");
    if (!up.ok) return { ok: false, check, failure: up.failure };
    const outcome = await runSmoke(db, smoke, revision);
    const expanding = revision.phase === "expand" || revision.phase === "migrate";
    if (expanding && passing) guarded.push(revision.id);
    if (!outcome.passed && expanding && passing) {
      const message =
        `Old code broke after ${revision.phase} revision ${walker.describe(revision.id)}: ${describeError(outcome.error)}\n` +
        `The smoke function passed before this revision and fails after it, so the previous app version would fail during the rollout. ` +
        "Keep expand and migrate revisions backward compatible (add, never rename or drop) and move the breaking part to a contract revision.";
      return { ok: false, check, failure: { revision: revision.id, step: "smoke", message } };
    }
    passing = outcome.passed;
    everPassed ||= outcome.passed;
    if (!outcome.passed) lastError = outcome.error;
  }
  if (!everPassed) {
    return {
      ok: false,
      check,
      failure: {
        step: "smoke",
        message: `The smoke function failed after every revision, so it cannot show that old code survives the expand revisions. Last error: ${describeError(lastError)}`,
      },
    };
  }
  return { ok: true, check, revisions: guarded };
}
