import { HistoryWalker } from "../history-walker.js";
import type { CheckResult, MigrationTestConfig } from "../migration-test-config.js";
import type { TestDatabase } from "../test-database.js";

/**
 * From an empty database, applies every revision on its own, parents first (pytest-alembic's
 * `test_upgrade`): each revision must upgrade from the schema its parents leave. The first
 * failure names the revision, the runner's error and the failing statement.
 *
 * @example
 * ```ts
 * const result = await checkUpgradeEachFromParent(db, { revisions: "./migrations/versions" });
 * ```
 */
export async function checkUpgradeEachFromParent(
  db: TestDatabase,
  config: MigrationTestConfig,
): Promise<CheckResult> {
  const check = "upgrade-each-from-parent";
  await db.reset();
  const walker = await HistoryWalker.open(config, db.dialect);
  for (const revision of walker.order) {
    const up = await walker.upgradeOne(revision.id, "upgrade");
    if (!up.ok) return { ok: false, check, failure: up.failure };
  }
  return { ok: true, check, revisions: walker.order.map((r) => r.id) };
}
