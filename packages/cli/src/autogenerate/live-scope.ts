import type { LiveScope } from "@athanor/drizzle";
import type { DatabaseRun } from "../database/open-database-run.js";
import { drizzleBookkeeping } from "../drift/drizzle-bookkeeping.js";

/** Filters from the command line. */
export interface ScopeFlags {
  readonly includeSchema?: readonly string[] | undefined;
  readonly excludeTable?: readonly string[] | undefined;
}

/** What of the live database is compared: the flags' scope, without athanor's and drizzle-kit's tables. */
export function liveScope(run: Pick<DatabaseRun, "config">, flags: ScopeFlags): LiveScope {
  return {
    includeSchema: flags.includeSchema,
    // drizzle-kit's bookkeeping is no model (MySQL reads it with the database's tables)
    exclude: [...(flags.excludeTable ?? []), drizzleBookkeeping(run.config).table],
    versionTable: run.config.versionTable.name,
    tablesFilter: run.config.tablesFilter,
    schemaFilter: run.config.schemaFilter,
  };
}
