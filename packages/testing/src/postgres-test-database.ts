import type { Connection, Dialect, SchemaModel } from "@athanor/core";
import type { PostgresIntrospectOptions } from "@athanor/postgres";
import { databaseUrl, importPeer, redact, withConnection } from "./database-helpers.js";
import type { IntrospectTestDatabaseOptions, TestDatabase } from "./test-database-shape.js";

const loadPostgres = () =>
  importPeer("@athanor/postgres", () => import("@athanor/postgres"), "A PostgreSQL or PGlite test database");

// Every schema a user (or a revision) can create; the catalogue and toast schemas stay.
const USER_SCHEMAS_SQL = `SELECT nspname AS name FROM pg_namespace
  WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' ORDER BY nspname`;

/** Introspects through the given session, or a new one. */
function introspectWith(
  dialect: Dialect,
  options: IntrospectTestDatabaseOptions,
  introspect: (conn: Connection, o: PostgresIntrospectOptions) => Promise<SchemaModel>,
): Promise<SchemaModel> {
  const read = (conn: Connection) =>
    introspect(conn, {
      versionTable: options.versionTable,
      ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
    });
  return options.connection === undefined ? withConnection(dialect, read) : read(options.connection);
}

/** Drops every user schema and recreates an empty `public`: a fresh database without CREATE DATABASE. */
async function resetPostgres(conn: Connection, quoteIdent: (name: string) => string): Promise<void> {
  const schemas = (await conn.query<{ name: string }>(USER_SCHEMAS_SQL)).rows.map((r) => r.name);
  await conn.executeScript([
    ...schemas.map((s) => `DROP SCHEMA ${quoteIdent(s)} CASCADE`),
    "CREATE SCHEMA public",
    "GRANT ALL ON SCHEMA public TO public",
  ]);
}

/**
 * PGlite in memory, one instance per test database (PGlite has a single session, so a shared
 * instance would serialise unrelated test files).
 *
 * @example
 * ```ts
 * const db = await pgliteTestDatabase();
 * ```
 */
export async function pgliteTestDatabase(): Promise<TestDatabase> {
  const pg = await loadPostgres();
  const dialect = pg.pgliteDialect();
  // start PGlite now, so a broken installation fails in beforeAll rather than in the first check
  await withConnection(dialect, async () => undefined);
  return {
    kind: "pglite",
    dialectName: "postgresql",
    name: "memory",
    url: undefined,
    dialect,
    connect: () => dialect.connect(),
    introspect: (options = {}) => introspectWith(dialect, options, pg.introspectPostgres),
    reset: () => withConnection(dialect, (conn) => resetPostgres(conn, pg.quoteIdent)),
    dispose: () => dialect.close(),
  };
}

/**
 * A new database `name` on the PostgreSQL server of `adminUrl`, dropped (with FORCE, ending
 * sessions a failing test left open) by `dispose()`.
 *
 * @example
 * ```ts
 * const db = await postgresTestDatabase("postgres://postgres@127.0.0.1:5432/postgres", "athanor_t_x", 10_000);
 * ```
 */
export async function postgresTestDatabase(
  adminUrl: string,
  name: string,
  connectTimeoutMs: number,
): Promise<TestDatabase> {
  const pg = await loadPostgres();
  const admin = pg.postgresDialect({ url: adminUrl, connectTimeoutMs, applicationName: "athanor-testing" });
  const quoted = pg.quoteIdent(name);
  await withConnection(admin, (conn) => conn.executeScript([`CREATE DATABASE ${quoted}`]));
  const url = databaseUrl(adminUrl, name);
  const dialect = pg.postgresDialect({ url, connectTimeoutMs, applicationName: "athanor-testing" });
  let disposed = false;
  return {
    kind: "postgresql",
    dialectName: "postgresql",
    name,
    url,
    dialect,
    connect: () => dialect.connect(),
    introspect: (options = {}) => introspectWith(dialect, options, pg.introspectPostgres),
    reset: () => withConnection(dialect, (conn) => resetPostgres(conn, pg.quoteIdent)),
    async dispose() {
      if (disposed) return;
      disposed = true;
      await withConnection(admin, (conn) =>
        conn.executeScript([`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`]),
      );
    },
    toString: () => `PostgreSQL database ${name} on ${redact(adminUrl)}`,
  } as TestDatabase;
}
