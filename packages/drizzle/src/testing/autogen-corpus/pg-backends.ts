// The PostgreSQL 15 and PGlite sides of the autogenerate corpus driver: a live and a scratch
// database, the renderer and the introspector. Test-only.
import { createPglite, introspectPostgres, pgliteConnection, renderPostgres } from "@athanor/postgres";
import { postgresTestDatabase } from "../test-databases.js";
import type { OwnedCorpusBackend } from "./mariadb-backend.js";
import type { CorpusBackend } from "./run-corpus-case.js";

/** Empties the live database between cases: `schemas` dropped, `public` recreated. */
const resetStatements = (schemas: readonly string[]) => [
  ...schemas.map((s) => `DROP SCHEMA IF EXISTS "${s}" CASCADE`),
  "DROP SCHEMA public CASCADE",
  "CREATE SCHEMA public",
];

function backend(
  dialect: CorpusBackend["dialect"],
  live: CorpusBackend["live"],
  scratch: CorpusBackend["scratch"],
  schemas: readonly string[],
  dispose: () => Promise<void>,
): OwnedCorpusBackend {
  return {
    dialect,
    live,
    scratch,
    render: renderPostgres,
    introspect: (conn, inScope) => introspectPostgres(conn, { schemas: inScope }),
    reset: () => live.executeScript(resetStatements(schemas)),
    dispose,
  };
}

/**
 * Two fresh databases on the PostgreSQL 15 test server; `schemas` are the extra schemas the
 * cases create (dropped between cases).
 *
 * @example
 * ```ts
 * const backend = await postgresCorpusBackend("corpus", ["audit"]);
 * ```
 */
export async function postgresCorpusBackend(
  prefix: string,
  schemas: readonly string[],
): Promise<OwnedCorpusBackend> {
  const [live, scratch] = await Promise.all([
    postgresTestDatabase(prefix),
    postgresTestDatabase(`${prefix}_scratch`),
  ]);
  return backend("postgresql", live.connection, scratch.connection, schemas, async () => {
    await Promise.all([live.dispose(), scratch.dispose()]);
  });
}

/** Two in-memory PGlite instances (live and scratch). */
export async function pgliteCorpusBackend(schemas: readonly string[]): Promise<OwnedCorpusBackend> {
  const [live, scratch] = await Promise.all([createPglite(undefined), createPglite(undefined)]);
  return backend(
    "pglite",
    pgliteConnection(live, async () => {}),
    pgliteConnection(scratch, async () => {}),
    schemas,
    async () => {
      await Promise.all([live.close(), scratch.close()]);
    },
  );
}
