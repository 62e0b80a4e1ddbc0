// The PostgreSQL 15 and PGlite sides of the autogenerate corpus driver: a live and a scratch
// database, the renderer and the introspector. Test-only.
import type { Connection } from "@athanor/core";
import {
  createPglite,
  introspectPostgres,
  pgliteConnection,
  postgresDifferHooks,
  postgresScratchArea,
  renderPostgres,
} from "@athanor/postgres";
import { postgresTestDatabase } from "../test-databases.js";
import type { OwnedCorpusBackend } from "./mariadb-backend.js";
import { emptyPostgresDatabase } from "./postgres-backends.js";

function corpusBackend(
  dialect: "postgresql" | "pglite",
  [live, scratch]: readonly [Connection, Connection],
  dispose: () => Promise<void>,
): OwnedCorpusBackend {
  return {
    dialect,
    hooks: postgresDifferHooks,
    area: postgresScratchArea,
    live,
    scratch,
    render: renderPostgres,
    introspect: (conn, schemas, fewTables) => introspectPostgres(conn, { schemas, fewTables }),
    reset: () => emptyPostgresDatabase(live),
    dispose,
  };
}

/**
 * Two fresh databases on the PostgreSQL 15 test server.
 *
 * @example
 * ```ts
 * const backend = await postgresCorpusBackend("corpus");
 * ```
 */
export async function postgresCorpusBackend(prefix: string): Promise<OwnedCorpusBackend> {
  const dbs = await Promise.all(["", "_scratch"].map((s) => postgresTestDatabase(`${prefix}${s}`)));
  const [live, scratch] = dbs.map((d) => d.connection) as [Connection, Connection];
  return corpusBackend("postgresql", [live, scratch], async () => {
    await Promise.all(dbs.map((d) => d.dispose()));
  });
}

/** Two in-memory PGlite instances (live and scratch). */
export async function pgliteCorpusBackend(): Promise<OwnedCorpusBackend> {
  const instances = await Promise.all([createPglite(undefined), createPglite(undefined)]);
  const [live, scratch] = instances.map((i) => pgliteConnection(i, async () => {})) as [
    Connection,
    Connection,
  ];
  return corpusBackend("pglite", [live, scratch], async () => {
    await Promise.all(instances.map((i) => i.close()));
  });
}
