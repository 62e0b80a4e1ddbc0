import type { Connection } from "../dialect/connection.js";
import type { Dialect, VersionTableLocation } from "../dialect/dialect.js";
import { assertVersionTableNamesFit } from "../dialect/version-table-names.js";
import { RevisionGraph } from "../graph/revision-graph.js";
import { BookkeepingSql } from "./bookkeeping-sql.js";
import { openRevisionSet, type RevisionSet } from "./revision-set.js";
import { type RunState, readRunState } from "./run-state.js";
import { type ResolvedRunnerOptions, type RunnerOptions, resolveRunnerOptions } from "./runner-options.js";
import { assertChecksums, assertKnownHeads, findChecksumMismatches } from "./verify-state.js";

const PREPARED = Symbol.for("athanor.preparedRun");

/**
 * Everything a command needs before touching the database: the migration context the CLI
 * builds once (graph for `history`/`heads`, headers, resolved options) and hands to
 * {@link upgrade}, {@link current} & co. in place of options, so headers load once.
 */
export interface PreparedRun {
  readonly [PREPARED]: true;
  readonly options: ResolvedRunnerOptions;
  readonly revisions: RevisionSet;
  readonly graph: RevisionGraph;
  readonly sql: BookkeepingSql;
}

/**
 * Loads revision headers and builds the graph: no connection yet, so a broken revision folder
 * fails before any database work.
 *
 * @example
 * ```ts
 * const context = await prepareRun({ dialect, revisions: "migrations/versions" });
 * context.graph.heads();
 * await upgrade(context, "heads");
 * ```
 */
export async function prepareRun(options: RunnerOptions | PreparedRun): Promise<PreparedRun> {
  if (PREPARED in options) return options;
  const resolved = resolveRunnerOptions(options);
  // before the folder is read and long before a connection: a name the server cannot keep
  assertVersionTableNamesFit(resolved.versionTable, resolved.dialect.bookkeepingSql);
  const revisions = await openRevisionSet(resolved.revisions, resolved.importer, resolved.headerCache);
  const graph = RevisionGraph.build(revisions.sources);
  return {
    [PREPARED]: true,
    options: resolved,
    revisions,
    graph,
    sql: new BookkeepingSql(resolved.dialect, resolved.versionTable),
  };
}

/**
 * The same loaded headers, graph and revision modules pointed at another database or schema:
 * a fleet prepares once and runs every target from it, so 1,000 tenants parse the folder once.
 *
 * @example
 * ```ts
 * const shared = await prepareRun({ dialect, revisions: "migrations/versions" });
 * await upgrade(retargetRun(shared, { dialect: tenantDialect, versionTable: { schema: "tenant_42" } }), "heads");
 * ```
 */
export function retargetRun(
  run: PreparedRun,
  target: { readonly dialect: Dialect; readonly versionTable?: Partial<VersionTableLocation> | undefined },
): PreparedRun {
  const versionTable = { ...run.options.versionTable, ...target.versionTable };
  return {
    ...run,
    options: { ...run.options, dialect: target.dialect, versionTable },
    sql: new BookkeepingSql(target.dialect, versionTable),
  };
}

/** Which pre-flight checks a command runs on the state it reads. */
export interface StateChecks {
  readonly checksums: boolean;
}

/**
 * Reads the version table and history, then refuses (with a coded error, before anything runs)
 * on an unknown applied revision or a changed applied revision. An unresolved partial run is the
 * caller's to refuse (migrate.ts): its advice renders the revision, which this module must not load.
 */
export async function readCheckedState(
  conn: Connection,
  run: PreparedRun,
  checks: StateChecks,
): Promise<RunState> {
  const state = await readRunState(conn, run.sql);
  assertKnownHeads(run.graph, state.heads, run.sql.versionTable);
  if (checks.checksums) assertChecksums(findChecksumMismatches(run.graph, state, run.revisions));
  return state;
}

/** Creates the version and history tables when this run is the first to write them. */
export async function ensureTables(
  conn: Connection,
  run: PreparedRun,
  state: RunState,
  log?: (sql: string) => void,
): Promise<void> {
  if (state.tablesExist) return;
  const statements = run.sql.createTables();
  for (const s of statements) log?.(s);
  await conn.executeScript(statements);
}
