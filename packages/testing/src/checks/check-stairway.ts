import { HistoryWalker } from "../history-walker.js";
import type { CheckResult, MigrationTestConfig } from "../migration-test-config.js";
import type { TestDatabase } from "../test-database.js";

/**
 * The stairway: for each revision in order, upgrade it, downgrade it, upgrade it again. Catches
 * downgrades that fail, and downgrades that leave something behind the next upgrade trips over
 * (`relation "users" already exists`). Revisions listed in `config.irreversible` are only
 * upgraded.
 *
 * @example
 * ```ts
 * const result = await checkStairway(db, { revisions: "./migrations/versions" });
 * // { ok: false, failure: { revision: "c3", step: "upgrade again", message: "upgrade again of revision c3 … failed: …" } }
 * ```
 */
export async function checkStairway(db: TestDatabase, config: MigrationTestConfig): Promise<CheckResult> {
  const check = "stairway";
  await db.reset();
  const walker = await HistoryWalker.open(config, db.dialect);
  const irreversible = new Set(config.irreversible ?? []);
  for (const { id } of walker.order) {
    const steps = irreversible.has(id)
      ? [() => walker.upgradeOne(id, "upgrade")]
      : [
          () => walker.upgradeOne(id, "upgrade"),
          () => walker.downgradeOne(id, "downgrade"),
          () => walker.upgradeOne(id, "upgrade again"),
        ];
    for (const step of steps) {
      const outcome = await step();
      if (!outcome.ok) return { ok: false, check, failure: outcome.failure };
    }
  }
  return { ok: true, check, revisions: walker.order.map((r) => r.id) };
}
