import { moveSchemaModel } from "@athanor/autogenerate";
import {
  AthanorError,
  diffSchemaModels,
  type FleetReading,
  type FleetTarget,
  type FleetTargetRecord,
  formatSchemaDifferences,
  readFleet,
  type SchemaDifference,
  type SchemaModel,
} from "@athanor/core";
import { current } from "@athanor/core/runner";
import { inertText } from "@athanor/core/text";
import { refuseBehindHeads } from "../autogenerate/live-and-desired.js";
import type { DatabaseRun } from "../database/open-database-run.js";
import { replay } from "../drift/compare-with-migrations.js";
import { driftEntries } from "../drift/drift-report.js";
import { drizzleBookkeeping, withoutDrizzleBookkeeping } from "../drift/drizzle-bookkeeping.js";
import { liveDatabase, withScratchDatabase } from "../drift/scratch-database.js";
import { type CleanTarget, readOptions, refuseOtherEngine } from "./fleet-check.js";
import type { OpenedFleet } from "./fleet-targets.js";

/**
 * `check --fleet --against migrations`: the revisions are replayed **once**, up to the heads, into
 * one scratch database (the dev database, as `check --against migrations` does), and every target
 * is compared structurally with that schema: its own tables read on a pooled session
 * (`--concurrency` at a time) and moved, for the comparison, into the scratch's schema name (a
 * PostgreSQL tenant schema stands for `public`, a MySQL tenant database for the config's
 * database). A target not at every head fails with ATHANOR_NOT_UP_TO_DATE (the one replay is of
 * the heads); one that differs with ATHANOR_MIGRATION_DRIFT, `meta.differences` one line per
 * difference (`+` only in the tenant, `-` missing from it, `~` changed). Reads only; no lock.
 */
export async function checkFleetAgainstMigrations(
  run: DatabaseRun,
  opened: OpenedFleet,
  options: {
    readonly excludeTables?: readonly string[] | undefined;
    readonly concurrency?: number | undefined;
    readonly onRecord?: ((record: FleetTargetRecord) => void) | undefined;
  },
): Promise<FleetReading<CleanTarget>> {
  const { module } = run;
  const engine = run.migration.options.dialect.name;
  const heads = [...run.graph.heads()].sort();
  const excluded = new Set(options.excludeTables ?? []);
  const scope = (model: SchemaModel): SchemaModel =>
    excluded.size === 0 ? model : { ...model, tables: model.tables.filter((t) => !excluded.has(t.name)) };
  const versionTable = run.config.versionTable.name;
  const bookkeeping = drizzleBookkeeping(run.config);
  // where the replayed tables live: the config's database, or the dialect's default schema
  const canonical = module.schemasAreDatabases
    ? await liveDatabase(run)
    : module.differHooks(run.target.flavour).defaultSchema;
  const built = await withScratchDatabase(run, async (scratch) => {
    await replay(run, scratch, heads, "script");
    const conn = await scratch.dialect.connect();
    try {
      return scope(await scratch.introspect(conn));
    } finally {
      await conn.close();
    }
  });
  return readFleet(readOptions(run, opened, options), async (context, target) => {
    refuseOtherEngine(target, engine);
    const state = await current(context);
    refuseBehindHeads(state.heads, run.graph, "check");
    const conn = await context.options.dialect.connect();
    let live: SchemaModel;
    try {
      const own = target.schema ?? (await module.currentDatabase(conn));
      const read = await module.introspect(conn, {
        versionTable,
        ...(own === undefined ? {} : { schemas: [own] }),
      });
      live = own === undefined || canonical === undefined ? read : moveSchemaModel(read, own, canonical);
    } finally {
      await conn.close();
    }
    const differences = diffSchemaModels(built, scope(withoutDrizzleBookkeeping(live, bookkeeping)));
    if (differences.length > 0) throw targetMigrationDrift(target, heads, differences);
    return { heads: state.heads, value: { notCompared: 0 } };
  });
}

/** ATHANOR_MIGRATION_DRIFT for one target: its differences as lines in `meta.differences`. */
function targetMigrationDrift(
  target: FleetTarget,
  heads: readonly string[],
  differences: readonly SchemaDifference[],
): AthanorError {
  const n = differences.length;
  return new AthanorError(
    "ATHANOR_MIGRATION_DRIFT",
    `${inertText(target.name)} differs from the schema its revisions build up to ${heads.join(", ") || "base"} (${n} difference${n === 1 ? "" : "s"}): it was changed outside the migrations. Put the change into a revision, or undo it by hand.`,
    {
      target: target.name,
      heads: [...heads],
      differences: formatSchemaDifferences(differences).split("\n"),
      entries: driftEntries(differences),
      hint: "athanor check --against migrations with this tenant's URL shows the same differences",
    },
  );
}
