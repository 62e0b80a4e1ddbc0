import {
  AthanorError,
  type LintDialectInfo,
  type LintReport,
  type LintRule,
  lintRevisions,
  loadRevisionModule,
  type MigrationContext,
  recordLintRevisions,
  revisionsToLint,
} from "@athanor/core";
import type { ResolvedConfig } from "../config/load-config.js";
import type { Context } from "../context.js";
import { databaseTargetOf, dialectModuleOf, dialectSettings } from "../database/database-target.js";
import { cliRevisionImporter } from "../database/revision-importer.js";
import { loadProject, type Project } from "../project/load-project.js";

/** What `athanor lint` was asked. */
export interface LintProjectRequest {
  /** `start:end` in the grammar of `history -r`; absent = the whole history. */
  readonly range?: string | undefined;
  /** `--server-version`: `11`, `15.4`, `8.0.29`, `10.11.6-MariaDB`. */
  readonly serverVersion?: string | undefined;
}

/**
 * Lints a project's revisions without a database: reads the config and the graph, imports each
 * revision in range, records the operations of its `upgrade(op)` and checks them against the
 * rules of the configured dialect (PostgreSQL from `@athanor/postgres`, MySQL/MariaDB from the
 * optional `@athanor/mysql`).
 *
 * @example
 * ```ts
 * const { report } = await lintProject(ctx, undefined, { range: "ae10:heads" });
 * ```
 */
export async function lintProject(
  ctx: Context,
  configPath: string | undefined,
  request: LintProjectRequest,
): Promise<{ project: Project; report: LintReport }> {
  const project = await loadProject(ctx, configPath);
  const ids = revisionsToLint(project.graph, request.range);
  return { project, report: await lintRevisionIds(project, ids, request.serverVersion) };
}

/**
 * Lints exactly the given revisions of a project (in graph order): what `revision
 * --autogenerate` and `upgrade --sql` run on the revisions they write or render. `cached`: the
 * `--sql` run's context; what its render (or op cache) recorded is replayed, not run again.
 *
 * @example
 * ```ts
 * const report = await lintRevisionIds({ graph, config }, ["b2"]);
 * ```
 */
export async function lintRevisionIds(
  project: Pick<Project, "graph" | "config">,
  ids: readonly string[],
  serverVersion?: string,
  cached?: MigrationContext,
): Promise<LintReport> {
  const { dialect, rules, tableRows } = await lintSetup(project.config, serverVersion);
  const revisions = await recordLintRevisions(
    project.graph,
    ids,
    async (source) => (await loadRevisionModule(source, cliRevisionImporter)).definition,
    // through a `--sql` run, under the dialect it rendered for: its recordings are replayed, so
    // lint judges the rendered operations (PGlite's render and the "postgresql" lint flavour
    // would otherwise run every revision function twice)
    cached?.options.dialect.name ?? dialect.name,
    cached,
  );
  return lintRevisions(revisions, { rules, dialect, tableRows });
}

/**
 * What lint judges against: the config's dialect module (a `mysql://`/`mariadb://` URL implies
 * MySQL) names the flavour, refined by `--server-version` (a version naming MariaDB selects the
 * MariaDB rules' variants), and gives the rules for that server; MySQL's rules know the config's
 * `mysql: { algorithm, lock }`.
 *
 * @example
 * ```ts
 * (await lintSetup(config, "10.11.6-MariaDB")).dialect; // { name: "mariadb", version: [10, 11, 6] }
 * ```
 */
export async function lintSetup(
  config: ResolvedConfig,
  serverVersion: string | undefined,
): Promise<{
  readonly dialect: LintDialectInfo;
  readonly rules: readonly LintRule[];
  readonly tableRows?: Readonly<Record<string, number>> | undefined;
}> {
  const module = await dialectModuleOf(config);
  const settings = dialectSettings(config, module.name);
  // without --server-version, the version the config names for offline work (`mysql.serverVersion`)
  const configured = settings?.serverVersion;
  const version = serverVersion ?? (typeof configured === "string" ? configured : undefined);
  const name = module.lintFlavour(config.url, version);
  const dialect = version === undefined ? { name } : { name, version: parseVersion(version) };
  const rules = await module.lintRules(dialect, settings);
  // Live row counts where the dialect reads them cheaply (SQLite's file): findings state the cost.
  const tableRows =
    module.lintTableRows === undefined || config.url === undefined
      ? undefined
      : await module.lintTableRows(await databaseTargetOf(config));
  return { dialect, rules, tableRows };
}

/**
 * What decides a lint verdict besides the revisions: the rules' dialect flavour, and the live row
 * counts where the dialect reads them (a SQLite file's). Fleet targets with one identity share a
 * verdict; a fleet mixing engines lints each engine's targets with that engine's rules.
 *
 * @example
 * ```ts
 * await lintIdentity(config); // '["postgresql","postgresql",null]'
 * ```
 */
export async function lintIdentity(config: ResolvedConfig): Promise<string> {
  const module = await dialectModuleOf(config);
  const rows = module.lintTableRows === undefined ? null : (config.url ?? null);
  return JSON.stringify([module.name, module.lintFlavour(config.url, undefined), rows]);
}

// `15`, `15.4`, `8.0.36`, `10.11.6-MariaDB`, `5.5.5-10.11.6-MariaDB` (MariaDB's replication prefix).
function parseVersion(serverVersion: string): number[] {
  const match = /^(?:5\.5\.5-)?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(serverVersion.trim());
  if (match === null) {
    throw new AthanorError(
      "ATHANOR_USAGE",
      `--server-version "${serverVersion}" is not a version. Give the server's version, e.g. 15, 11.22, 8.0.36 or 10.11.6-MariaDB.`,
      { option: "--server-version", value: serverVersion },
    );
  }
  return match
    .slice(1)
    .filter((part) => part !== undefined)
    .map(Number);
}
