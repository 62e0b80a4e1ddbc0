import { diffSchemaModels, formatSchemaDifferences, type SchemaDifference } from "@athanor/core";
import { HistoryWalker } from "../history-walker.js";
import type { CheckResult, MigrationTestConfig } from "../migration-test-config.js";
import type { TestDatabase } from "../test-database.js";

/**
 * For each revision in order: read the schema, upgrade, downgrade, read it again; the two
 * readings must be equal (pytest-alembic's experimental `test_downgrade_leaves_no_trace`, but
 * compared by introspecting the database, so it sees indexes, defaults, data-bearing columns and
 * column order). Column order counts where the dialect can place a column (MySQL `AFTER`);
 * where it cannot (PostgreSQL, SQLite add every column last) a changed order is a note on the
 * passing result, unless `strictColumnOrder` is set. The failure names the revision and lists
 * the differences (`-` lost, `+` left behind, `~` changed).
 *
 * @example
 * ```ts
 * const result = await checkDowngradeLeavesNoTrace(db, { revisions: "./migrations/versions" });
 * // failure.message: 'Downgrading revision c3 ("index users.email") did not restore …\n+ table "public"."users" › index "users_email_idx"'
 * ```
 */
export async function checkDowngradeLeavesNoTrace(
  db: TestDatabase,
  config: MigrationTestConfig,
): Promise<CheckResult> {
  const check = "downgrade-leaves-no-trace";
  await db.reset();
  const walker = await HistoryWalker.open(config, db.dialect);
  const irreversible = new Set(config.irreversible ?? []);
  const read = () => db.introspect({ versionTable: config.versionTable });
  const orderCounts = config.strictColumnOrder === true || db.dialect.capabilities.placesColumns === true;
  const notes: string[] = [];
  for (const { id } of walker.order) {
    const before = irreversible.has(id) ? undefined : await read();
    const up = await walker.upgradeOne(id, "upgrade");
    if (!up.ok) return { ok: false, check, failure: up.failure };
    if (before === undefined) continue;
    const down = await walker.downgradeOne(id, "downgrade");
    if (!down.ok) return { ok: false, check, failure: down.failure };
    const all = diffSchemaModels(before, await read()).filter(
      (d) => !(config.ignoreDifference?.(d) ?? false),
    );
    const differences = orderCounts ? all : all.filter((d) => !isColumnOrder(d));
    const order = all.filter((d) => !differences.includes(d));
    if (order.length > 0)
      notes.push(
        `Downgrading revision ${walker.describe(id)} changed the column order, which ${db.dialect.name} cannot restore (it adds a column last); accepted (strictColumnOrder: true makes it a failure):\n${formatSchemaDifferences(order)}`,
      );
    if (differences.length > 0) {
      const message =
        `Downgrading revision ${walker.describe(id)} did not restore the schema its upgrade started from. ` +
        `Before the upgrade → after the downgrade:\n${formatSchemaDifferences(differences)}\n` +
        "Make the downgrade undo every change of the upgrade, or list the revision in `irreversible`.";
      return { ok: false, check, failure: { revision: id, step: "downgrade", message, differences } };
    }
    const again = await walker.upgradeOne(id, "upgrade again");
    if (!again.ok) return { ok: false, check, failure: again.failure };
  }
  return {
    ok: true,
    check,
    revisions: walker.order.map((r) => r.id),
    ...(notes.length > 0 ? { notes } : {}),
  };
}

/** A difference in the order of a table's columns only (`… › column order`). */
function isColumnOrder(difference: SchemaDifference): boolean {
  return difference.path.at(-1) === "column order";
}
