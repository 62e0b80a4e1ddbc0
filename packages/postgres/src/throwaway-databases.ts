import type { Connection, ThrowawayDatabase, ThrowawayDatabases } from "@athanor/core";
import { urlWithDatabase, withConnection } from "@athanor/core/dialect";
import { pgliteDialect } from "./pglite-dialect.js";
import { postgresDialect } from "./postgres-dialect.js";
import { quoteIdent } from "./quote.js";

// Every schema a user (or a revision) can create; the catalogue and toast schemas stay.
const USER_SCHEMAS_SQL = `SELECT nspname AS name FROM pg_namespace
  WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' ORDER BY nspname`;

/** Drops every user schema and recreates an empty `public`: a fresh database without CREATE DATABASE. */
async function resetPostgres(conn: Connection): Promise<void> {
  const schemas = (await conn.query<{ name: string }>(USER_SCHEMAS_SQL)).rows.map((r) => r.name);
  await conn.executeScript([
    ...schemas.map((s) => `DROP SCHEMA ${quoteIdent(s)} CASCADE`),
    "CREATE SCHEMA public",
    "GRANT ALL ON SCHEMA public TO public",
  ]);
}

/**
 * Test databases on PostgreSQL (`@athanor/testing`): a new database on the server, dropped with
 * FORCE (ending sessions a failing test left open); PGlite in memory, one instance per database
 * (PGlite has a single session, so a shared instance would serialise unrelated test files).
 *
 * @example
 * ```ts
 * const db = await postgresThrowawayDatabases.onServer("postgres://postgres@127.0.0.1/postgres", "athanor_t_x", { connectTimeoutMs: 10_000, applicationName: "athanor-testing" });
 * ```
 */
export const postgresThrowawayDatabases: ThrowawayDatabases = {
  async onServer(adminUrl, name, options): Promise<ThrowawayDatabase> {
    const admin = postgresDialect({ url: adminUrl, ...options });
    const quoted = quoteIdent(name);
    await withConnection(admin, (conn) => conn.executeScript([`CREATE DATABASE ${quoted}`]));
    const url = urlWithDatabase(adminUrl, name);
    const dialect = postgresDialect({ url, ...options });
    let disposed = false;
    return {
      flavour: "postgresql",
      name,
      url,
      dialect,
      reset: () => withConnection(dialect, resetPostgres),
      async dispose() {
        if (disposed) return;
        disposed = true;
        await withConnection(admin, (conn) =>
          conn.executeScript([`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`]),
        );
      },
    };
  },
  async inMemory(): Promise<ThrowawayDatabase> {
    const dialect = pgliteDialect();
    // start PGlite now, so a broken installation fails in beforeAll rather than in the first check
    await withConnection(dialect, async () => undefined);
    return {
      flavour: "pglite",
      name: "memory",
      url: undefined,
      dialect,
      reset: () => withConnection(dialect, resetPostgres),
      dispose: () => dialect.close(),
    };
  },
};
