import {
  AthanorError,
  createMigrationContext,
  current,
  diffSchemaModels,
  type MigrationContext,
  type SchemaDifference,
  type SchemaModel,
  upgrade,
} from "@athanor/core";
import { renderSql } from "@athanor/core/runner";
import type { DatabaseRun } from "../database/open-database-run.js";
import { replayInMemory } from "./memory-replay/replay-in-memory.js";
import { sameSchemaModel } from "./memory-replay/same-model.js";
import { liveReader, type ScratchDatabase, withScratchDatabase } from "./scratch-database.js";

/**
 * The live database next to the schema its revisions build. `differences` reads from the
 * migrations' side to the live side: `added` is in the live database only (someone created
 * it by hand), `removed` is missing from it, `changed` was altered outside the migrations.
 */
export interface MigrationComparison {
  /** The revisions replayed into the scratch database (the heads it ended at), sorted. */
  readonly heads: readonly string[];
  readonly differences: readonly SchemaDifference[];
  /** Where the revisions were replayed, for the report. */
  readonly scratch: string;
  /** How they were replayed: in memory, as one script, or revision by revision (see {@link ReplayWay}). */
  readonly replayedAs: ReplayWay;
}

/**
 * How the revisions are replayed, see {@link compareWithMigrations}: `memory` (their operations
 * applied to a model without a server, trusted only when it equals the live database exactly),
 * `script` (one script into the scratch database), `per-revision` (the runner's own upgrade).
 */
export type ReplayWay = "memory" | "script" | "per-revision";

// PostgreSQL "permission denied for schema", MySQL "CREATE command denied", "Access denied"
const DENIED = /permission denied|command denied|access denied/i;

function replayFailed(heads: readonly string[], reason: string, meta: Record<string, unknown>): AthanorError {
  const denied = DENIED.test(reason);
  const next = denied
    ? "the scratch database's user may not create objects there: grant it (PostgreSQL: make the role the database's owner or GRANT CREATE ON SCHEMA public; MySQL/MariaDB: GRANT ALL ON that database), or point devUrl at a database it owns"
    : "fix the revision, or compare with the models instead (athanor check)";
  return new AthanorError(
    "ATHANOR_REPLAY_FAILED",
    `Replaying the revisions up to ${heads.join(", ") || "base"} into a scratch database failed: ${reason}. The comparison needs every revision to apply to an empty database; ${next}.`,
    { heads: [...heads], ...meta, privilege: denied },
  );
}

/**
 * Replays the revisions up to one head as a single script — what `upgrade --sql` renders, run
 * in one round trip — instead of one transaction and round trip per revision, into a server's
 * scratch database. `false` (nothing left behind) when it cannot: an in-memory dev database, several heads, a revision the offline renderer refuses
 * (`op.query`, a rebuild that needs the live definition), or a script the server refused; the
 * caller then replays revision by revision, which names the failing revision as before.
 */
async function replayAsScript(
  run: DatabaseRun,
  scratch: ScratchDatabase,
  heads: readonly string[],
): Promise<boolean> {
  const [head, ...others] = heads;
  if (head === undefined || others.length > 0) return false;
  // An in-memory dev database (PGlite, SQLite) has no round trips to save.
  const inMemory =
    run.target.dataDir !== undefined ||
    run.module.scratch.serverless === true ||
    run.config.devUrl === "pglite";
  if (inMemory) return false;
  const context = await createMigrationContext({
    ...run.migration.options,
    dialect: scratch.dialect,
    onProgress: undefined,
  });
  let statements: readonly string[];
  try {
    statements = (await renderSql(context, { direction: "upgrade", target: head })).statements;
  } catch {
    return false;
  }
  const conn = await scratch.dialect.connect();
  try {
    await conn.executeScript([...(run.module.scratch.replaySession ?? []), ...statements]);
    return true;
  } catch {
    // The per-revision replay that follows names the failing revision. Emptying can itself be
    // refused (a dev database the role may not build in, whose script failed at its first
    // statement): the replay then reports that refusal as ATHANOR_REPLAY_FAILED, never INTERNAL.
    await run.module.scratch.empty(conn).catch(() => undefined);
    return false;
  } finally {
    await conn.close();
  }
}

/**
 * Builds the schema of the revisions up to `heads` in `scratch`: as one script when they render
 * offline (`"script"`), else revision by revision. Fails with ATHANOR_REPLAY_FAILED naming the
 * revision that does not apply to an empty database.
 *
 * @example
 * ```ts
 * await withScratchDatabase(run, (scratch) => replay(run, scratch, ["ae10"], "script"));
 * ```
 */
export async function replay(
  run: DatabaseRun,
  scratch: ScratchDatabase,
  heads: readonly string[],
  way: Exclude<ReplayWay, "memory">,
): Promise<Exclude<ReplayWay, "memory">> {
  if (way === "script" && (await replayAsScript(run, scratch, heads))) return "script";
  const context: MigrationContext = await createMigrationContext({
    ...run.migration.options,
    dialect: scratch.dialect,
    onProgress: undefined,
  });
  // One upgrade per recorded head: a branched database is at several, and each pulls in its ancestors.
  for (const head of heads) {
    let result: Awaited<ReturnType<typeof upgrade>>;
    try {
      result = await upgrade(context, head);
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      throw replayFailed(heads, message, { revision: head });
    }
    const failed = result.results.find((r) => r.error !== undefined);
    const error = failed?.error ?? result.error;
    if (error !== undefined)
      throw replayFailed(heads, `revision ${failed?.revision ?? head}: ${error.message}`, {
        revision: failed?.revision ?? head,
        cause: { code: error.code, sql: error.sql ?? null },
      });
  }
  return "per-revision";
}

/**
 * Replays the revisions up to `heads` into an empty scratch database (see
 * {@link withScratchDatabase}), reads both it and the live database with the dialect's
 * introspector (athanor's version and history tables left out), and compares them
 * structurally with `diffSchemaModels`. No revision code touches the live database.
 *
 * @example
 * ```ts
 * const { differences } = await compareWithMigrations(run, (await current(run.migration)).heads);
 * if (differences.length > 0) console.log(formatSchemaDifferences(differences));
 * ```
 */
export async function compareWithMigrations(
  run: DatabaseRun,
  heads: readonly string[],
  options: {
    readonly excludeTables?: readonly string[] | undefined;
    /**
     * `"memory"` (default): the revisions' operations applied to a model without a server — the
     * answer when it equals the live database, else `"script"`: one script when the revisions
     * render offline, else revision by revision; `"per-revision"`: always the runner's own
     * upgrade — the reference.
     */
    readonly replay?: ReplayWay | undefined;
  } = {},
): Promise<MigrationComparison> {
  const excluded = new Set(options.excludeTables ?? []);
  // drizzle-kit's tablesFilter and schemaFilter leave other applications' objects out of both sides
  const { tablesFilter, schemaFilter } = run.config;
  const schemas = run.module.schemasAreDatabases ? undefined : schemaFilter;
  const filtered =
    tablesFilter === undefined && schemas === undefined
      ? (model: SchemaModel) => model
      : await import("@athanor/drizzle").then(({ keepSchemas, keepTables, tablesFilterOf }) => {
          const keep = tablesFilter === undefined ? undefined : tablesFilterOf(tablesFilter);
          return (model: SchemaModel) => {
            const inSchemas = schemas === undefined ? model : keepSchemas(model, schemas);
            return keep === undefined ? inSchemas : keepTables(inSchemas, keep);
          };
        });
  const scope = (model: SchemaModel): SchemaModel =>
    filtered(
      excluded.size === 0 ? model : { ...model, tables: model.tables.filter((t) => !excluded.has(t.name)) },
    );
  const read = liveReader(run);
  const conn = await run.migration.options.dialect.connect();
  let live: Awaited<ReturnType<typeof read>>;
  let database: string | undefined;
  try {
    live = await read(conn);
    database = run.module.schemasAreDatabases ? await run.module.currentDatabase(conn) : undefined;
  } finally {
    await conn.close();
  }
  const way = options.replay ?? "memory";
  if (way === "memory") {
    // Only agreement is trusted: a model that differs (text the server prints otherwise, an
    // operation not modelled) says nothing, and the server replay below decides and reports.
    const { model } = await replayInMemory(run, heads, database ?? undefined);
    if (model !== undefined && sameSchemaModel(scope(model), scope(live)))
      return { heads: [...heads].sort(), differences: [], scratch: "memory", replayedAs: "memory" };
  }
  return withScratchDatabase(run, async (scratch) => {
    const replayedAs = await replay(run, scratch, heads, way === "memory" ? "script" : way);
    const scratchConn = await scratch.dialect.connect();
    try {
      const built = await scratch.introspect(scratchConn);
      return {
        heads: [...heads].sort(),
        differences: diffSchemaModels(scope(built), scope(live)),
        scratch: scratch.description,
        replayedAs,
      };
    } finally {
      await scratchConn.close();
    }
  });
}

/**
 * The heads recorded in the live database, refusing rows that name no revision file (those
 * cannot be replayed; `stamp --purge` recovers).
 *
 * @example
 * ```ts
 * const heads = await recordedHeads(run); // ["3f2a9c1b7d4e"]
 * ```
 */
export async function recordedHeads(run: DatabaseRun): Promise<readonly string[]> {
  const state = await current(run.migration);
  if (state.unknownHeads.length > 0) {
    throw replayFailed(
      state.heads,
      `the version table names revisions that no file declares (${state.unknownHeads.join(", ")})`,
      {
        unknownHeads: [...state.unknownHeads],
        hint: "athanor stamp --purge <rev> once you know where the database is",
      },
    );
  }
  return state.heads;
}
