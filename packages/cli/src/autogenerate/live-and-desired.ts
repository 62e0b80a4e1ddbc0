import {
  AthanorError,
  type Connection,
  current,
  type Operation,
  type SchemaModel,
  type StageHooks,
} from "@athanor/core";
import {
  auditModelProperties,
  canonicalizeSchemaModel,
  type DifferDialect,
  drizzleToSchemaModel,
  loadDrizzleSchema,
  type PropertyWarning,
  settleCheckExpressions,
} from "@athanor/drizzle";
import type { DatabaseRun } from "../database/open-database-run.js";
import { cliRevisionImporter } from "../database/revision-importer.js";
import { withDevDatabase } from "../dev-database/dev-database.js";

/** The two models autogenerate compares, and the dialect they are in. */
export interface LiveAndDesired {
  readonly dialect: DifferDialect;
  readonly desired: SchemaModel;
  readonly live: SchemaModel;
  /** The self-check: properties of the models that are not compared (warnings, never silent). */
  readonly notCompared: readonly PropertyWarning[];
  /** What the stager needs to know of the live server (its version, which type changes rewrite). */
  readonly stage: StageHooks;
}

/** Filters from the command line. */
export interface ScopeFlags {
  readonly includeSchema?: readonly string[] | undefined;
  readonly excludeTable?: readonly string[] | undefined;
}

const WHY = {
  autogenerate: "Autogenerate compares the models with the database, so it must be at every head first.",
  check:
    "`athanor check` compares the models with the migrated database, so it must be at every head first; the pending revisions may well hold what the models add.",
} as const;

/**
 * Refuses to autogenerate against a database that is not at every head (Alembic's "Target
 * database is not up to date"): the diff would re-propose what unapplied revisions already do.
 */
export async function requireAtHeads(
  run: DatabaseRun,
  command: "autogenerate" | "check" = "autogenerate",
): Promise<void> {
  const state = await current(run.migration);
  const heads = [...run.graph.heads()].sort();
  const at = [...state.heads].sort();
  if (heads.length === at.length && heads.every((h, i) => h === at[i])) return;
  throw new AthanorError(
    "ATHANOR_NOT_UP_TO_DATE",
    `Target database is not up to date: it is at ${at.length === 0 ? "base" : at.join(", ")} but the revisions end at ${heads.join(", ") || "base"}. ${WHY[command]}`,
    { databaseHeads: at, heads, hint: "athanor upgrade heads" },
  );
}

/**
 * Reads the Drizzle schema named by the config, introspects the live database and canonicalises
 * the models in the dev database (devUrl, else a scratch database on the target server, see
 * {@link withDevDatabase}), so both models are in the server's own printed form.
 */
export async function liveAndDesired(run: DatabaseRun, flags: ScopeFlags): Promise<LiveAndDesired> {
  const { config, target } = run;
  if (config.schema === undefined) {
    throw new AthanorError(
      "ATHANOR_CONFIG_INVALID",
      `${config.file} names no Drizzle schema, so there are no models to compare with the database.`,
      { file: config.file, field: "schema", hint: 'add `schema: "src/db/schema.ts"` to the config' },
    );
  }
  const exports = await loadDrizzleSchema(config.schema, {
    cwd: config.root,
    importer: (file) => cliRevisionImporter(file) as Promise<Record<string, unknown>>,
  });
  const exclude = flags.excludeTable ?? [];
  const { module } = run;
  const family = module.family;
  const conn = await run.migration.options.dialect.connect();
  try {
    // Tables carry their database's name where a schema is a database (MySQL).
    const database = module.schemasAreDatabases ? await module.currentDatabase(conn) : undefined;
    const model = drizzleToSchemaModel(
      exports,
      family === "mysql" ? { dialect: family, database: database ?? "" } : { dialect: family },
    );
    const schemas =
      database === undefined ? [...new Set([...model.schemas, ...(flags.includeSchema ?? [])])] : undefined;
    const live = await module.introspect(conn, { schemas, exclude, versionTable: config.versionTable.name });
    const stage = await module.stageHooks(conn, target.flavour);
    const { desired, settledLive } = await withDevSession(run, async (scratch, scratchDatabase) => {
      const options = {
        dialect: family,
        scratch,
        scratchDatabase,
        render: (op: Operation) => run.migration.options.dialect.render(op),
        introspect: (c: Connection, scope: { readonly schemas: readonly string[] }) =>
          module.introspect(c, { schemas: scope.schemas }),
      } as const;
      // Check texts are compared in the form the server settles on, on both sides.
      return {
        desired: await canonicalizeSchemaModel(model, options),
        settledLive: await settleCheckExpressions(live, options),
      };
    });
    return {
      dialect: module.differDialect(target.flavour) as DifferDialect,
      desired,
      live: settledLive,
      notCompared: auditModelProperties(exports, model, desired),
      stage,
    };
  } finally {
    await conn.close();
  }
}

/** Runs `body` on a session of the (empty) dev database, see {@link withDevDatabase}. */
async function withDevSession<T>(
  run: DatabaseRun,
  body: (scratch: Connection, database: string | undefined) => Promise<T>,
): Promise<T> {
  return withDevDatabase(run, "scratch", async (dev) => {
    const conn = await dev.dialect.connect();
    try {
      return await body(conn, dev.database);
    } finally {
      await conn.close();
    }
  });
}
