import type { Connection, ScratchArea, ScratchDatabaseSql } from "@athanor/core";
import { urlWithDatabase } from "@athanor/core/dialect";
import { pgliteDialect } from "./pglite-dialect.js";
import { quoteIdent } from "./quote.js";

// What makes a dev database "not empty": any schema besides public, or any relation, type or
// function in public.
const COUNT_OBJECTS = `SELECT
  (SELECT count(*) FROM pg_namespace WHERE nspname NOT IN ('public', 'information_schema') AND nspname NOT LIKE 'pg\\_%')
  + (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public')
  + (SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'r', 'm'))
  + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public') AS n`;

const USER_SCHEMAS =
  "SELECT nspname AS name FROM pg_namespace WHERE nspname <> 'information_schema' AND nspname NOT LIKE 'pg\\_%'";

// Anything besides the rollback a probe transaction could cause, or a refusal to create: a
// standby, a read-only session, no CREATE on the database, an event trigger that would fire on
// the probes' DDL (it may act outside the transaction).
const MAY_PROBE_ON_LIVE = `SELECT NOT pg_is_in_recovery()
  AND current_setting('transaction_read_only') = 'off'
  AND has_database_privilege(current_database(), 'CREATE')
  AND NOT EXISTS (SELECT 1 FROM pg_event_trigger WHERE evtenabled <> 'D') AS ok`;

/**
 * Where the canonicaliser builds models on PostgreSQL: a transaction on the empty dev database,
 * rolled back after reading, so the database stays empty and is reused; probes where they vouch;
 * check, view and policy texts settled (the server's printing of them is no fixed point).
 *
 * @example
 * ```ts
 * postgresScratchArea.rollback; // ["ROLLBACK"]
 * ```
 */
export const postgresScratchArea: ScratchArea = {
  label: "database",
  probePlan: "postgresql",
  begin: ["BEGIN"],
  rollback: ["ROLLBACK"],
  settlesPrintedTexts: true,
  async mayProbeOnLive(conn: Connection) {
    const [row] = (await conn.query<{ ok: boolean }>(MAY_PROBE_ON_LIVE)).rows;
    return row?.ok === true;
  },
};

/**
 * Scratch and dev databases on PostgreSQL: created and dropped on the server (`WITH (FORCE)`
 * ends sessions a failed run left open), emptied by dropping every user schema, and PGlite in
 * memory as the embedded dev database.
 *
 * @example
 * ```ts
 * postgresScratchSql.dropDatabase("athanor_scratch_1"); // ['DROP DATABASE IF EXISTS "athanor_scratch_1" WITH (FORCE)']
 * ```
 */
export const postgresScratchSql: ScratchDatabaseSql = {
  createPrivilege: {
    name: "CREATEDB",
    missing: "the role has no CREATEDB privilege (ALTER ROLE … CREATEDB grants it)",
    deniedCodes: ["42501"],
  },
  createDatabase: (name) => [`CREATE DATABASE ${quoteIdent(name)}`],
  dropDatabase: (name) => [`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`],
  databaseUrl: urlWithDatabase,
  async countObjects(conn: Connection) {
    const [row] = (await conn.query<{ n: number | string }>(COUNT_OBJECTS)).rows;
    return Number(row?.n ?? 0);
  },
  async empty(conn: Connection) {
    const schemas = await conn.query<{ name: string }>(USER_SCHEMAS);
    await conn.executeScript([
      ...schemas.rows.map((row) => `DROP SCHEMA ${quoteIdent(row.name)} CASCADE`),
      "CREATE SCHEMA IF NOT EXISTS public",
    ]);
  },
  // a scratch build is thrown away: its commits need not wait for the disk
  replaySession: ["SET synchronous_commit TO off"],
  inMemory: {
    label: "PGlite",
    open() {
      const dialect = pgliteDialect();
      return { dialect, close: () => dialect.close() };
    },
  },
  area: postgresScratchArea,
};
