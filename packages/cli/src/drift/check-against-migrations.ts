import type { Context } from "../context.js";
import { withDatabaseRun } from "../database/open-database-run.js";
import { printJson, printLines } from "../output.js";
import { compareWithMigrations, recordedHeads } from "./compare-with-migrations.js";
import { driftEntries, driftLines, migrationDrift } from "./drift-report.js";

/**
 * `athanor check --against migrations`: replays the revisions up to the heads the database
 * records into a scratch database and compares the two schemas. Prints "No drift" and returns
 * when they match; prints the differences and throws ATHANOR_MIGRATION_DRIFT (exit 1) when
 * someone changed the live database outside the migrations. Needs no Drizzle models;
 * `excludeTables` (`--exclude-table`) leaves tables out on both sides.
 *
 * @example
 * ```ts
 * await checkAgainstMigrations(ctx, configPath, { json: false });
 * ```
 */
export async function checkAgainstMigrations(
  ctx: Context,
  configPath: string | undefined,
  options: { readonly json: boolean; readonly excludeTables?: readonly string[] | undefined },
): Promise<void> {
  await withDatabaseRun(ctx, configPath, { mustExist: true }, async (run) => {
    const comparison = await compareWithMigrations(run, await recordedHeads(run), {
      excludeTables: options.excludeTables,
    });
    const clean = comparison.differences.length === 0;
    if (options.json && clean)
      printJson(ctx, {
        database: run.description,
        against: "migrations",
        heads: comparison.heads,
        scratch: comparison.scratch,
        differences: driftEntries(comparison.differences),
      });
    else if (!options.json) printLines(ctx, driftLines(comparison, run.description));
    if (!clean) throw migrationDrift(comparison);
  });
}
