import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { AthanorError, current, fileAccessError, stamp } from "@athanor/core";
import { makeDirectory } from "@athanor/core/dialect";
import {
  type AppliedStatus,
  catchUpCommands,
  type DrizzleKitDialect,
  type DrizzleKitImportPlan,
  type DrizzleMigrationsRow,
  matchAppliedMigrations,
  planDrizzleKitImport,
  readDrizzleKitFolder,
} from "@athanor/drizzle";
import { DRIZZLE_CONFIG_NAMES, findConfig } from "../config/find-config.js";
import { type DrizzleKitSettings, loadConfig, type ResolvedConfig } from "../config/load-config.js";
import type { Context } from "../context.js";
import { dialectModule } from "../database/dialect-registry.js";
import { withDatabaseRun } from "../database/open-database-run.js";
import { readDrizzleMigrations } from "./read-drizzle-migrations.js";

/** Options of {@link importDrizzleKit} (the command's flags). */
export interface ImportDrizzleKitOptions {
  /** The drizzle-kit migrations folder; default drizzle.config's `out`, else `drizzle`. */
  readonly out?: string | undefined;
  /** Write the revisions but leave the database alone. */
  readonly stamp: boolean;
  /** Report what would happen; write and stamp nothing. */
  readonly dryRun: boolean;
}

/** What the database said, when it was asked. */
export interface DatabaseAdoption {
  /** False when drizzle's table does not exist in the database. */
  readonly drizzleTableFound: boolean;
  readonly statuses: readonly {
    readonly tag: string;
    readonly revision: string;
    readonly status: AppliedStatus;
  }[];
  /** The revision stamped (or that would be), `null` when none ran. */
  readonly stampedAt: string | null;
  /** True when athanor's version table already had rows, so nothing was stamped. */
  readonly alreadyTracked: boolean;
  readonly unknownRows: readonly DrizzleMigrationsRow[];
  /** Commands that finish the adoption after migrations drizzle skipped. */
  readonly nextSteps: readonly string[];
}

/** The outcome of `athanor import drizzle`. */
export interface ImportDrizzleKitReport {
  readonly folder: string;
  readonly format: "journal" | "folders";
  readonly dialect: DrizzleKitDialect;
  readonly versions: string;
  readonly plan: DrizzleKitImportPlan;
  /** `--dry-run`: nothing was written; the revisions listed are what a real run would write. */
  readonly dryRun: boolean;
  /** Absent when no database URL is configured, with `--no-stamp`, or in a dry run. */
  readonly database?: DatabaseAdoption | undefined;
  /** Why the database was not consulted, when it was not. */
  readonly databaseSkipped?: string | undefined;
}

/**
 * Imports a drizzle-kit migrations folder into the versions folder and stamps the database
 * from drizzle's `__drizzle_migrations`: writes one revision per new migration, then (unless
 * the version table already tracks something) stamps the last migration of the unbroken applied
 * prefix. Migrations drizzle skipped are reported with the commands that finish the adoption.
 *
 * @example
 * ```ts
 * const report = await importDrizzleKit(ctx, undefined, { stamp: true, dryRun: false });
 * report.plan.revisions.length; // one revision per drizzle-kit migration
 * ```
 */
export async function importDrizzleKit(
  ctx: Context,
  configPath: string | undefined,
  options: ImportDrizzleKitOptions,
): Promise<ImportDrizzleKitReport> {
  const config = await loadConfig(findConfig(ctx.cwd, configPath, ctx.env), ctx.env);
  const settings = config.drizzleKit ?? (await siblingDrizzleKitSettings(config, ctx.env));
  const folder = options.out === undefined ? settings.out : resolve(ctx.cwd, options.out);
  // drizzle-kit's own dialect names: a registered dialect of another name gives no hint
  const hint = (["postgresql", "mysql", "sqlite"] as const).find((d) => d === config.dialect);
  const history = readDrizzleKitFolder(folder, hint);
  if (config.dialect !== undefined && config.dialect !== history.dialect) {
    throw new AthanorError(
      "ATHANOR_CONFIG_INVALID",
      `${config.file} selects ${config.dialect}, but the drizzle-kit migrations in ${folder} are for ${history.dialect}.`,
      { file: config.file, field: "dialect", folder },
    );
  }
  // The downgrades are diffed with the decisions of the database the migrations are for.
  const module = await dialectModule(history.dialect, { url: config.url });
  const hooks = module.differHooks(module.flavours[0] ?? module.name);
  const plan = planDrizzleKitImport(history, existingRevisions(config.versions), { hooks });
  if (!options.dryRun) writeNewRevisions(config.versions, plan);
  const base = {
    folder,
    format: history.format,
    dialect: history.dialect,
    versions: config.versions,
    plan,
    dryRun: options.dryRun,
  };
  const skipped = options.dryRun
    ? "dry run"
    : !options.stamp
      ? "--no-stamp"
      : config.url === undefined && history.dialect !== "postgresql"
        ? "no database URL is configured (set dbCredentials.url, url, or DATABASE_URL)"
        : undefined; // PostgreSQL without a URL: the embedded PGlite database every other command uses
  if (skipped !== undefined) return { ...base, databaseSkipped: skipped };
  const database = await withDatabaseRun(ctx, configPath, {}, async (run) => {
    const dialect = run.migration.options.dialect;
    const conn = await dialect.connect();
    let rows: DrizzleMigrationsRow[] | null;
    try {
      rows = await readDrizzleMigrations(conn, run.module, {
        name: settings.migrationsTable,
        schema: settings.migrationsSchema,
      });
    } finally {
      await conn.close();
    }
    const match = matchAppliedMigrations(history.migrations, rows ?? []);
    const ids = plan.revisions.map((r) => r.id);
    const stampedAt = match.stampIndex >= 0 ? (ids[match.stampIndex] ?? null) : null;
    const state = await current(run.migration);
    const alreadyTracked = state.heads.length > 0;
    // Never move an existing athanor history: stamping an older revision would roll the heads back.
    if (stampedAt !== null && !alreadyTracked) await stamp(run.migration, [stampedAt]);
    return {
      drizzleTableFound: rows !== null,
      statuses: plan.revisions.map((r, i) => ({
        tag: r.migration.tag,
        revision: r.id,
        status: match.statuses[i] ?? "pending",
      })),
      stampedAt,
      alreadyTracked,
      unknownRows: match.unknownRows,
      nextSteps: catchUpCommands(ids, match.statuses, match.stampIndex),
    } satisfies DatabaseAdoption;
  });
  return { ...base, database };
}

/** drizzle.config beside an athanor config (or defaults), for `out` and the migrations table. */
async function siblingDrizzleKitSettings(
  config: ResolvedConfig,
  env: Readonly<Record<string, string | undefined>>,
): Promise<DrizzleKitSettings> {
  for (const name of DRIZZLE_CONFIG_NAMES) {
    const file = join(config.root, name);
    if (existsSync(file)) {
      const settings = (await loadConfig(file, env)).drizzleKit;
      if (settings !== undefined) return settings;
    }
  }
  return {
    out: join(config.root, "drizzle"),
    migrationsTable: "__drizzle_migrations",
    migrationsSchema: "drizzle",
  };
}

function existingRevisions(versions: string): { file: string; text: string }[] {
  if (!existsSync(versions)) return [];
  return readdirSync(versions)
    .filter((name) => /\.(?:[mc]?ts|[mc]?js)$/.test(name) && !name.endsWith(".d.ts"))
    .map((name) => join(versions, name))
    .map((file) => ({ file, text: readFileSync(file, "utf8") }));
}

/**
 * Writes the plan's new revision files, all or none: a file already there (not an imported one:
 * its marker is gone) refuses before anything is written, and a write that fails removes the
 * files this import wrote before it.
 */
function writeNewRevisions(versions: string, plan: DrizzleKitImportPlan): void {
  const files = plan.revisions.flatMap((r) =>
    r.status === "new" ? [{ file: join(versions, r.fileName), text: r.text }] : [],
  );
  const taken = files.find((f) => existsSync(f.file));
  if (taken !== undefined) {
    throw new AthanorError(
      "ATHANOR_FILE_EXISTS",
      `${taken.file} already exists but does not carry the import marker of the migration it would hold; nothing was written. Move it away (or restore its \`athanor-import\` comment) and import again.`,
      { file: taken.file },
    );
  }
  makeDirectory(versions);
  const written: string[] = [];
  try {
    for (const f of files) {
      writeFileSync(f.file, f.text, { flag: "wx" });
      written.push(f.file);
    }
  } catch (error) {
    for (const file of written) rmSync(file, { force: true });
    throw fileAccessError(error, files[written.length]?.file ?? versions, "write");
  }
}
