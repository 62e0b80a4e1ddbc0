import { moveSchemaModel } from "@athanor/autogenerate";
import type { Connection, Dialect, SchemaModel } from "@athanor/core";
import type { DatabaseRun } from "../database/open-database-run.js";
import { withDevDatabase } from "../dev-database/dev-database.js";
import { drizzleBookkeeping, withoutDrizzleBookkeeping } from "./drizzle-bookkeeping.js";

/**
 * An empty database next to the live one, for replaying revisions: a dialect the runner can
 * use, and a reader that returns its schema in the live database's terms.
 */
export interface ScratchDatabase {
  readonly dialect: Dialect;
  /** `a scratch database on the same server`, `an in-memory PGlite`. */
  readonly description: string;
  /** The scratch schema; MySQL tables carry the live database's name, so the two models compare. */
  introspect(conn: Connection): Promise<SchemaModel>;
}

/** Reads a whole database as the introspector sees it, leaving out athanor's own tables. */
export type ModelReader = (conn: Connection) => Promise<SchemaModel>;

/**
 * How the live database of `run` is read for a drift comparison: every user schema on
 * PostgreSQL (PGlite included), the connection's database on MySQL (the module's default scope),
 * without drizzle-kit's bookkeeping table (see {@link drizzleBookkeeping}).
 *
 * @example
 * ```ts
 * const read = liveReader(run);
 * const live = await read(conn);
 * ```
 */
export function liveReader(run: DatabaseRun): ModelReader {
  const versionTable = run.config.versionTable.name;
  const bookkeeping = drizzleBookkeeping(run.config);
  return async (conn) =>
    withoutDrizzleBookkeeping(await run.module.introspect(conn, { versionTable }), bookkeeping);
}

/**
 * Runs `body` with an empty scratch database of the live database's kind (the dev database, see
 * {@link withDevDatabase}): devUrl when set, else a database created and dropped on the target
 * server (announced on stderr), an in-memory database for an embedded target.
 *
 * @example
 * ```ts
 * await withScratchDatabase(run, async (scratch) => upgrade({ ...options, dialect: scratch.dialect }, "heads"));
 * ```
 */
export async function withScratchDatabase<T>(
  run: DatabaseRun,
  body: (scratch: ScratchDatabase) => Promise<T>,
): Promise<T> {
  const versionTable = run.config.versionTable.name;
  const { module } = run;
  const live = module.schemasAreDatabases ? await liveDatabase(run) : undefined;
  return withDevDatabase(run, "replay", (dev) => {
    const name = dev.database;
    const read = (c: Connection) =>
      module.introspect(c, { versionTable, ...(name === undefined ? {} : { schemas: [name] }) });
    return body({
      dialect: dev.dialect,
      description: dev.description,
      // Where tables carry their database's name (MySQL), move them to the live one so the models compare.
      introspect:
        name === undefined || live === undefined
          ? read
          : async (c) => moveSchemaModel(await read(c), name, live as string),
    });
  });
}

/**
 * The config's database on MySQL (where a scratch database's tables are moved to compare), undefined on PostgreSQL.
 *
 * @example
 * ```ts
 * await liveDatabase(run); // "app"
 * ```
 */
export async function liveDatabase(run: DatabaseRun): Promise<string | undefined> {
  const conn = await run.migration.options.dialect.connect();
  try {
    return await run.module.currentDatabase(conn);
  } finally {
    await conn.close();
  }
}
