import { randomBytes } from "node:crypto";
import type { Connection, Dialect } from "@athanor/core";
import { loadMysqlPackage, loadPostgresPackage } from "../database/dialect-packages.js";
import type { DatabaseRun } from "../database/open-database-run.js";
import { devDatabaseNotEmpty, devUrlInvalid, scratchCreateFailed } from "./dev-database-error.js";
import { emptyDevDatabase, isEmptyCount } from "./empty-dev-database.js";

/**
 * An empty database to build in (Atlas's and Prisma's "dev database"): the models are created
 * there to be read back as the server prints them, and revisions are replayed there to compare
 * with the live database. Never the live database itself.
 */
export interface DevDatabase {
  /** Connects to the empty database. */
  readonly dialect: Dialect;
  /** MySQL: the database's name (tables are read from it and moved to the live name). */
  readonly database: string | undefined;
  /** `the dev database (PostgreSQL at localhost:5432/dev)`, `a scratch database athanor_scratch_… on …`. */
  readonly description: string;
}

/** The value of devUrl that picks an in-memory PGlite (PostgreSQL targets only). */
export const PGLITE_DEV_URL = "pglite";

/**
 * How a command will get its dev database, in words, for `status` and docs: never connects.
 *
 * @example
 * ```ts
 * describeDevDatabase(run); // "scratch databases on the target server (no devUrl set)"
 * ```
 */
export function describeDevDatabase(run: Pick<DatabaseRun, "config" | "target">): string {
  const devUrl = run.config.devUrl;
  if (devUrl === PGLITE_DEV_URL) return "an in-memory PGlite (devUrl: pglite)";
  if (devUrl !== undefined) return `the dev database ${redactedPlace(devUrl)} (devUrl)`;
  if (run.target.kind === "pglite") return "an in-memory PGlite (the target is PGlite)";
  return "scratch databases created and dropped on the target server (no devUrl set)";
}

/**
 * Runs `body` with an empty dev database and leaves nothing behind on every path:
 * - devUrl `pglite`: an in-memory PGlite; a PostgreSQL server of another major version is announced.
 * - devUrl set: that database, which must be empty to begin with and is emptied afterwards.
 * - no devUrl, PGlite target: an in-memory PGlite (the same engine).
 * - no devUrl, server target: a database `athanor_<purpose>_<random>` created on the target
 *   server and dropped afterwards, announced once per command on stderr; a missing privilege is
 *   ATHANOR_DEV_DATABASE_FAILED naming it and how to set devUrl.
 *
 * @example
 * ```ts
 * await withDevDatabase(run, "replay", async (dev) => upgrade({ ...run.migration.options, dialect: dev.dialect }, "heads"));
 * ```
 */
export async function withDevDatabase<T>(
  run: DatabaseRun,
  purpose: "scratch" | "replay",
  body: (dev: DevDatabase) => Promise<T>,
): Promise<T> {
  const devUrl = run.config.devUrl;
  const target = run.target;
  if (devUrl === PGLITE_DEV_URL || (devUrl === undefined && target.kind === "pglite")) {
    if (target.kind === "mysql")
      throw devUrlInvalid("`pglite` is PostgreSQL; a MySQL target needs a mysql:// dev database");
    const pg = await loadPostgresPackage("pglite");
    if (target.kind === "postgresql") await announceVersionGap(run, pg);
    const dialect = pg.pgliteDialect();
    try {
      return await body({ dialect, database: undefined, description: "an in-memory PGlite" });
    } finally {
      await dialect.close();
    }
  }
  if (devUrl === undefined && target.kind !== "pglite")
    return withScratchOnTarget(run, target.url, purpose, body);
  return withDevUrl(run, devUrl as string, body);
}

async function withDevUrl<T>(
  run: DatabaseRun,
  devUrl: string,
  body: (dev: DevDatabase) => Promise<T>,
): Promise<T> {
  const mysql = /^(mysql|mariadb):/i.test(devUrl);
  if (mysql !== (run.target.kind === "mysql"))
    throw devUrlInvalid(
      `${redactedPlace(devUrl)} is ${mysql ? "MySQL" : "PostgreSQL"}, but the target is ${run.target.kind === "mysql" ? "MySQL" : "PostgreSQL"}`,
    );
  const dialect = mysql
    ? (await loadMysqlPackage()).mysqlDialect({ url: devUrl })
    : (await loadPostgresPackage()).postgresDialect({ url: devUrl });
  const where = redactedPlace(devUrl);
  const conn = await dialect.connect().catch((error: unknown) => {
    throw devUrlInvalid(
      `connecting to ${where} failed (${(error as Error)?.message ?? String(error)})`,
      error,
    );
  });
  try {
    const database = mysql ? await currentDatabase(conn) : undefined;
    const objects = await isEmptyCount(conn, mysql ? "mysql" : "postgresql");
    if (objects > 0) throw devDatabaseNotEmpty(where, objects);
    try {
      return await body({ dialect, database, description: `the dev database ${where}` });
    } finally {
      await emptyDevDatabase(conn, mysql ? "mysql" : "postgresql");
    }
  } finally {
    await conn.close();
  }
}

async function withScratchOnTarget<T>(
  run: DatabaseRun,
  url: string,
  purpose: "scratch" | "replay",
  body: (dev: DevDatabase) => Promise<T>,
): Promise<T> {
  const mysql = run.target.kind === "mysql";
  const name = `athanor_${purpose}_${randomBytes(6).toString("hex")}`;
  const server = redactedPlace(url, "");
  const quote = (ident: string) => run.migration.options.dialect.quoteIdent(ident);
  run.announce(
    `athanor: creating a scratch database on ${server} (${name}, dropped afterwards) to build the schema in; set devUrl to use a database of its own`,
  );
  const admin = await run.migration.options.dialect.connect();
  try {
    await admin.executeScript([`CREATE DATABASE ${quote(name)}`]).catch((error: unknown) => {
      throw scratchCreateFailed({ dialect: mysql ? "mysql" : "postgresql", server, database: name }, error);
    });
    try {
      const scratchUrl = withDatabase(url, name);
      const dialect = mysql
        ? (await loadMysqlPackage()).mysqlDialect({ url: scratchUrl })
        : (await loadPostgresPackage()).postgresDialect({ url: scratchUrl });
      return await body({
        dialect,
        database: mysql ? name : undefined,
        description: `a scratch database on the same server (${name}, dropped afterwards)`,
      });
    } finally {
      await admin.executeScript([`DROP DATABASE IF EXISTS ${quote(name)}${mysql ? "" : " WITH (FORCE)"}`]);
    }
  } finally {
    await admin.close();
  }
}

// The in-memory PGlite is one PostgreSQL major; a server of another major prints some types and
// expressions differently, so the gap is said out loud rather than found in a diff.
async function announceVersionGap(
  run: DatabaseRun,
  pg: Awaited<ReturnType<typeof loadPostgresPackage>>,
): Promise<void> {
  const major = async (conn: Connection) =>
    Math.floor(
      Number(
        (await conn.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0]?.v ??
          0,
      ) / 10000,
    );
  const live = await run.migration.options.dialect.connect();
  const lite = pg.pgliteDialect();
  try {
    const server = await major(live);
    const liteConn = await lite.connect();
    const embedded = await major(liteConn);
    await liteConn.close();
    if (server !== embedded)
      run.announce(
        `athanor: the dev database is an in-memory PGlite (PostgreSQL ${embedded}) but the server runs PostgreSQL ${server}; types and expressions that print differently across versions may show as differences. Set devUrl to a PostgreSQL ${server} database for an exact comparison`,
      );
  } finally {
    await live.close();
    await lite.close();
  }
}

async function currentDatabase(conn: Connection): Promise<string> {
  const [row] = (await conn.query<{ db: string | null }>("SELECT DATABASE() AS db")).rows;
  if (!row?.db) throw devUrlInvalid("the mysql:// devUrl names no database (add /<database> to the URL)");
  return row.db;
}

function withDatabase(url: string, database: string): string {
  const next = new URL(url);
  next.pathname = `/${database}`;
  return next.toString();
}

/** `PostgreSQL at host:5432/db`, never a password; `path` "" leaves the database out. */
function redactedPlace(url: string, path?: string): string {
  try {
    const parsed = new URL(url);
    const kind = /^(mysql|mariadb):/i.test(url) ? "MySQL" : "PostgreSQL";
    return `${kind} at ${parsed.hostname}${parsed.port ? `:${parsed.port}` : ""}${path ?? parsed.pathname}`;
  } catch {
    return "an unparsable URL";
  }
}
