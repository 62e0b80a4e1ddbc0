import { AthanorError, type Connection, current, type SchemaModel } from "@athanor/core";
import {
  auditModelProperties,
  canonicalizeSchemaModel,
  type DifferDialect,
  drizzleToSchemaModel,
  loadDrizzleSchema,
  type PropertyWarning,
  settleCheckExpressions,
} from "@athanor/drizzle";
import { loadMysqlPackage, loadPostgresPackage } from "../database/dialect-packages.js";
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
  const conn = await run.migration.options.dialect.connect();
  try {
    if (target.kind === "mysql") {
      const mysql = await loadMysqlPackage();
      const [row] = (await conn.query<{ db: string }>("SELECT DATABASE() AS db")).rows;
      const database = row?.db ?? "";
      const model = drizzleToSchemaModel(exports, { dialect: "mysql", database });
      const live = await mysql.introspectMysql(conn, { exclude, versionTable: config.versionTable.name });
      const desired = await withDevSession(run, (scratch, scratchDatabase) =>
        canonicalizeSchemaModel(model, {
          dialect: "mysql",
          scratch,
          scratchDatabase,
          render: (op) => run.migration.options.dialect.render(op),
          introspect: (c, { schemas }) => mysql.introspectMysql(c, { database: schemas[0] }),
        }),
      );
      return {
        dialect: "mysql",
        desired,
        live,
        notCompared: auditModelProperties(exports, model, desired),
      };
    }
    const pg = await loadPostgresPackage(target.kind);
    const model = drizzleToSchemaModel(exports, { dialect: "postgresql" });
    const schemas = [...new Set([...model.schemas, ...(flags.includeSchema ?? [])])];
    const live = await pg.introspectPostgres(conn, {
      schemas,
      exclude,
      versionTable: config.versionTable.name,
    });
    const { desired, settledLive } = await withDevSession(run, async (scratch) => {
      const options = {
        dialect: "postgresql",
        scratch,
        render: pg.renderPostgres,
        introspect: (c: Connection, scope: { readonly schemas: readonly string[] }) =>
          pg.introspectPostgres(c, { schemas: scope.schemas }),
      } as const;
      // Check texts are compared in the form the server settles on, on both sides.
      return {
        desired: await canonicalizeSchemaModel(model, options),
        settledLive: await settleCheckExpressions(live, options),
      };
    });
    return {
      dialect: target.kind === "pglite" ? "pglite" : "postgresql",
      desired,
      live: settledLive,
      notCompared: auditModelProperties(exports, model, desired),
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
