// The PostgreSQL 15 and PGlite sides of the scenario driver: live, scratch and drizzle-kit
// databases, the renderer and the introspector. Test-only.
import type { Connection } from "@athanor/core";
import {
  createPglite,
  introspectPostgres,
  pgliteConnection,
  postgresDifferHooks,
  renderPostgres,
} from "@athanor/postgres";
import { postgresTestDatabase } from "../test-databases.js";
import type { ScenarioBackend } from "./run-scenario.js";

/** Drops every schema but the system ones, and recreates an empty `public`. */
export async function emptyPostgresDatabase(conn: Connection): Promise<void> {
  const { rows } = await conn.query<{ name: string }>(
    "SELECT nspname AS name FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'",
  );
  await conn.executeScript([
    ...rows.map((r) => `DROP SCHEMA IF EXISTS "${r.name.replaceAll('"', '""')}" CASCADE`),
    "CREATE SCHEMA public",
  ]);
}

/** A scenario backend and what the test must close. */
export type OwnedScenarioBackend = ScenarioBackend & { dispose(): Promise<void> };

function backendOf(
  dialect: "postgresql" | "pglite",
  [live, scratch, kit]: readonly [Connection, Connection, Connection],
  dispose: () => Promise<void>,
): OwnedScenarioBackend {
  return {
    dialect,
    hooks: postgresDifferHooks,
    live,
    scratch,
    kit,
    render: renderPostgres,
    introspect: (conn, schemas, fewTables) => introspectPostgres(conn, { schemas, fewTables }),
    reset: () => emptyPostgresDatabase(live),
    resetKit: () => emptyPostgresDatabase(kit),
    dispose,
  };
}

/**
 * Three fresh databases on the PostgreSQL test server.
 *
 * @example
 * ```ts
 * const backend = await postgresScenarioBackend("scenarios");
 * ```
 */
export async function postgresScenarioBackend(prefix: string): Promise<OwnedScenarioBackend> {
  const dbs = await Promise.all(["", "_scratch", "_kit"].map((s) => postgresTestDatabase(`${prefix}${s}`)));
  const [live, scratch, kit] = dbs.map((d) => d.connection) as [Connection, Connection, Connection];
  return backendOf("postgresql", [live, scratch, kit], async () => {
    await Promise.all(dbs.map((d) => d.dispose()));
  });
}

/**
 * Three in-memory PGlite instances.
 *
 * @example
 * ```ts
 * const backend = await pgliteScenarioBackend();
 * ```
 */
export async function pgliteScenarioBackend(): Promise<OwnedScenarioBackend> {
  const instances = await Promise.all([
    createPglite(undefined),
    createPglite(undefined),
    createPglite(undefined),
  ]);
  const [live, scratch, kit] = instances.map((i) => pgliteConnection(i, async () => {})) as [
    Connection,
    Connection,
    Connection,
  ];
  return backendOf("pglite", [live, scratch, kit], async () => {
    await Promise.all(instances.map((i) => i.close()));
  });
}
