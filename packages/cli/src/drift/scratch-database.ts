import type { Connection, Dialect, SchemaModel } from "@athanor/core";
import { moveSchemaModel } from "@athanor/drizzle";
import { loadMysqlPackage, loadPostgresPackage } from "../database/dialect-packages.js";
import type { DatabaseRun } from "../database/open-database-run.js";
import { withDevDatabase } from "../dev-database/dev-database.js";

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
 * PostgreSQL (PGlite included), the connection's database on MySQL.
 *
 * @example
 * ```ts
 * const read = await liveReader(run);
 * const live = await read(conn);
 * ```
 */
export async function liveReader(run: DatabaseRun): Promise<ModelReader> {
  const versionTable = run.config.versionTable.name;
  if (run.target.kind === "mysql") {
    const mysql = await loadMysqlPackage();
    return (conn) => mysql.introspectMysql(conn, { versionTable });
  }
  const pg = await loadPostgresPackage(run.target.kind);
  return (conn) => pg.introspectPostgres(conn, { versionTable });
}

/**
 * Runs `body` with an empty scratch database of the live database's kind (the dev database, see
 * {@link withDevDatabase}): devUrl when set, else a database created and dropped on the target
 * server (announced on stderr), an in-memory PGlite for a PGlite target.
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
  if (run.target.kind !== "mysql") {
    const pg = await loadPostgresPackage(run.target.kind);
    return withDevDatabase(run, "replay", (dev) =>
      body({
        dialect: dev.dialect,
        description: dev.description,
        introspect: (conn) => pg.introspectPostgres(conn, { versionTable }),
      }),
    );
  }
  const mysql = await loadMysqlPackage();
  const conn = await run.migration.options.dialect.connect();
  let live: string;
  try {
    const [row] = (await conn.query<{ db: string | null }>("SELECT DATABASE() AS db")).rows;
    live = row?.db ?? "";
  } finally {
    await conn.close();
  }
  return withDevDatabase(run, "replay", (dev) => {
    const name = dev.database as string;
    return body({
      dialect: dev.dialect,
      description: dev.description,
      // MySQL tables carry their database's name: move them to the live one so the models compare
      introspect: async (c) =>
        moveSchemaModel(await mysql.introspectMysql(c, { database: name, versionTable }), name, live),
    });
  });
}
