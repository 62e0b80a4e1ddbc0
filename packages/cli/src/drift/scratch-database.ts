import { randomBytes } from "node:crypto";
import type { Connection, Dialect, SchemaModel } from "@athanor/core";
import { moveSchemaModel } from "@athanor/drizzle";
import { loadMysqlPackage, loadPostgresPackage } from "../database/dialect-packages.js";
import type { DatabaseRun } from "../database/open-database-run.js";

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

function scratchName(): string {
  return `athanor_replay_${randomBytes(6).toString("hex")}`;
}

function withDatabase(url: string, database: string): string {
  const next = new URL(url);
  next.pathname = `/${database}`;
  return next.toString();
}

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

async function withMysqlScratch<T>(
  run: DatabaseRun,
  url: string,
  body: (scratch: ScratchDatabase) => Promise<T>,
): Promise<T> {
  const mysql = await loadMysqlPackage();
  const versionTable = run.config.versionTable.name;
  const name = scratchName();
  const admin = await run.migration.options.dialect.connect();
  try {
    const [row] = (await admin.query<{ db: string | null }>("SELECT DATABASE() AS db")).rows;
    const live = row?.db ?? "";
    await admin.executeScript([`CREATE DATABASE ${mysql.quoteIdent(name)}`]);
    try {
      return await body({
        dialect: mysql.mysqlDialect({ url: withDatabase(url, name) }),
        description: `a scratch database on the same server (${name}, dropped afterwards)`,
        introspect: async (conn) =>
          moveSchemaModel(await mysql.introspectMysql(conn, { database: name, versionTable }), name, live),
      });
    } finally {
      await admin.executeScript([`DROP DATABASE IF EXISTS ${mysql.quoteIdent(name)}`]);
    }
  } finally {
    await admin.close();
  }
}

async function withPostgresScratch<T>(
  run: DatabaseRun,
  url: string | undefined,
  body: (scratch: ScratchDatabase) => Promise<T>,
): Promise<T> {
  const pg = await loadPostgresPackage(url === undefined ? "pglite" : "postgresql");
  const versionTable = run.config.versionTable.name;
  const introspect = (conn: Connection) => pg.introspectPostgres(conn, { versionTable });
  if (url !== undefined) {
    // Same server, same version, same printing of types and expressions: the exact comparison.
    const name = scratchName();
    const admin = await pg.connectPostgres({ url });
    try {
      const created = await admin.executeScript([`CREATE DATABASE ${pg.quoteIdent(name)}`]).then(
        () => true,
        () => false,
      );
      if (created) {
        try {
          return await body({
            dialect: pg.postgresDialect({ url: withDatabase(url, name) }),
            description: `a scratch database on the same server (${name}, dropped afterwards)`,
            introspect,
          });
        } finally {
          await admin.executeScript([`DROP DATABASE IF EXISTS ${pg.quoteIdent(name)} WITH (FORCE)`]);
        }
      }
    } finally {
      await admin.close();
    }
  }
  const dialect = pg.pgliteDialect();
  try {
    return await body({ dialect, description: "an in-memory PGlite", introspect });
  } finally {
    await dialect.close();
  }
}

/**
 * Runs `body` with an empty scratch database of the live database's kind, and removes it
 * afterwards on every path. PostgreSQL: a database on the same server when the user may create
 * one (the autogenerate path makes the same choice), else an in-memory PGlite; PGlite: an
 * in-memory PGlite; MySQL: a database on the same server (it needs CREATE/DROP DATABASE).
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
  const { target } = run;
  switch (target.kind) {
    case "mysql":
      return withMysqlScratch(run, target.url, body);
    case "postgresql":
      return withPostgresScratch(run, target.url, body);
    case "pglite":
      return withPostgresScratch(run, undefined, body);
  }
}
