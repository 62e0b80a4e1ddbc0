import { AthanorError, current } from "@athanor/core";
import { type DevSession, type LiveAndDesired, loadDrizzleSchema, readModels } from "@athanor/drizzle";
import type { DatabaseRun } from "../database/open-database-run.js";
import { cliRevisionImporter } from "../database/revision-importer.js";
import { withDevDatabase } from "../dev-database/dev-database.js";
import { drizzleBookkeeping } from "../drift/drizzle-bookkeeping.js";

export type { LiveAndDesired } from "@athanor/drizzle";

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
  const dialect = run.migration.options.dialect;
  const conn = await dialect.connect();
  try {
    return await readModels({
      exports,
      live: conn,
      withDev: (body) => withDevSession(run, body),
      dialect: { module: run.module, flavour: target.flavour, render: (op) => dialect.render(op) },
      scope: {
        includeSchema: flags.includeSchema,
        // drizzle-kit's bookkeeping is no model (MySQL reads it with the database's tables)
        exclude: [...(flags.excludeTable ?? []), drizzleBookkeeping(config).table],
        versionTable: config.versionTable.name,
      },
    });
  } finally {
    await conn.close();
  }
}

/** Runs `body` on a session of the (empty) dev database, see {@link withDevDatabase}. */
function withDevSession<T>(run: DatabaseRun, body: (dev: DevSession) => Promise<T>): Promise<T> {
  return withDevDatabase(run, "scratch", async (dev) => {
    const connection = await dev.dialect.connect();
    try {
      return await body({ connection, database: dev.database });
    } finally {
      await connection.close();
    }
  });
}
