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
import type { DatabaseRun } from "../database/open-database-run.js";
import { replay } from "../drift/compare-with-migrations.js";
import { driftEntries } from "../drift/drift-report.js";
import { drizzleBookkeeping, withoutDrizzleBookkeeping } from "../drift/drizzle-bookkeeping.js";
import { replayInMemory } from "../drift/memory-replay/replay-in-memory.js";
import { sameSchemaModel } from "../drift/memory-replay/same-model.js";
import { liveDatabase, withScratchDatabase } from "../drift/scratch-database.js";
import { type CleanTarget, readOptions, refuseOtherEngine } from "./fleet-check.js";
import type { OpenedFleet } from "./fleet-targets.js";

/**
 * `check --fleet --against migrations`: every target is compared structurally with the schema
 * its own revisions build. The revisions are replayed **once per distinct set of heads** the
 * targets sit at (a fleet mid-rollout has a few such sets, not one per tenant): first in memory
 * (as `check --against migrations` does: their operations applied to a model, trusted only where
 * it equals a target exactly), and into a scratch database (the dev database) only for heads
 * the memory replay refuses or a target that differs from it — the revisions' heads first,
 * before any target is read. Each target's own tables are read on a pooled session
 * (`--concurrency` at a time) and moved, for the comparison, into the scratch's schema name (a
 * PostgreSQL tenant schema stands for `public`, a MySQL tenant database for the config's
 * database). A target that differs fails with ATHANOR_MIGRATION_DRIFT, `meta.differences` one
 * line per difference (`+` only in the tenant, `-` missing from it, `~` changed); one whose
 * version table names a revision no file declares, or whose heads do not replay, with
 * ATHANOR_REPLAY_FAILED. Reads only; no lock.
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
  // One replay per distinct set of heads the tenants sit at, in order and one at a time (they
  // share the scratch or dev database, and the memory replay one cache file); the heads of the
  // revisions first, before any tenant is read, so a revision that does not apply stops the
  // command as before.
  let replays: Promise<unknown> = Promise.resolve();
  const oncePerHeads = <T>(build: (at: readonly string[]) => Promise<T>) => {
    const made = new Map<string, Promise<T>>();
    return (at: readonly string[]): Promise<T> => {
      const key = at.join("\n");
      let model = made.get(key);
      if (model === undefined) {
        model = replays.then(() => build(at));
        replays = model.catch(() => undefined);
        made.set(key, model);
      }
      return model;
    };
  };
  // the memory replay's model, or undefined where it refuses
  const modelAt = oncePerHeads(async (at) => {
    const { model } = await replayInMemory(run, at, canonical);
    return model === undefined ? undefined : scope(model);
  });
  const schemaAt = oncePerHeads(async (at) => scope(await replayed(run, at)));
  if ((await modelAt(heads)) === undefined) await schemaAt(heads);
  return readFleet(readOptions(run, opened, options), async (context, target) => {
    refuseOtherEngine(target, engine);
    const state = await current(context);
    if (state.unknownHeads.length > 0) throw unknownHeads(target, state.heads, state.unknownHeads);
    const at = [...state.heads].sort();
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
    const own = scope(withoutDrizzleBookkeeping(live, bookkeeping));
    const inMemory = await modelAt(at);
    if (inMemory !== undefined && sameSchemaModel(inMemory, own))
      return { heads: state.heads, value: { notCompared: 0 } };
    // only the server's replay names differences
    const differences = diffSchemaModels(await schemaAt(at), own);
    if (differences.length > 0) throw targetMigrationDrift(target, at, differences);
    return { heads: state.heads, value: { notCompared: 0 } };
  });
}

/** The schema the revisions build up to `heads`, replayed into a scratch database and read. */
function replayed(run: DatabaseRun, heads: readonly string[]): Promise<SchemaModel> {
  return withScratchDatabase(run, async (scratch) => {
    await replay(run, scratch, heads, "script");
    const conn = await scratch.dialect.connect();
    try {
      return await scratch.introspect(conn);
    } finally {
      await conn.close();
    }
  });
}

/** ATHANOR_REPLAY_FAILED for a target whose version table names revisions no file declares. */
function unknownHeads(
  target: FleetTarget,
  heads: readonly string[],
  unknown: readonly string[],
): AthanorError {
  return new AthanorError(
    "ATHANOR_REPLAY_FAILED",
    `${inertText(target.name)} records revisions that no file declares (${unknown.map(inertText).join(", ")}): they cannot be replayed to compare it. Run athanor stamp --purge <rev> on it once you know where it is.`,
    {
      heads: [...heads],
      target: target.name,
      unknownHeads: [...unknown],
      hint: "athanor stamp --purge <rev>",
    },
  );
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
