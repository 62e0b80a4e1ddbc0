import type { Connection } from "@athanor/core";
import { quoteIdent } from "../quote.js";
import { isCertificationConflict } from "./certification-conflict.js";

/** The Galera lock table's suffix after the version table's name (listed in MYSQL_BOOKKEEPING_NAMES). */
export const GALERA_LOCK_SUFFIX = "_lock";

/**
 * Where the cluster-wide lock row of a runner key lives: `<version table>_lock` beside the version
 * table (the key is core's `athanor:<schema>.<name>`), so introspection leaves it out with the
 * version table's other companions. A key of another shape falls back to `athanor_version_lock`.
 *
 * @example
 * ```ts
 * galeraLockTable("athanor:.athanor_version"); // { schema: undefined, name: "athanor_version_lock", sql: "`athanor_version_lock`" }
 * ```
 */
export function galeraLockTable(key: string): { schema: string | undefined; name: string; sql: string } {
  const match = /^athanor:([^.]*)\.(.+)$/s.exec(key);
  const schema = match?.[1] === undefined || match[1] === "" ? undefined : match[1];
  const name = `${match?.[2] ?? "athanor_version"}${GALERA_LOCK_SUFFIX}`;
  return {
    schema,
    name,
    sql: schema === undefined ? quoteIdent(name) : `${quoteIdent(schema)}.${quoteIdent(name)}`,
  };
}

/**
 * Creates the lock table when it is missing. Checked first because on Galera every DDL statement,
 * `CREATE TABLE IF NOT EXISTS` included, replicates in total order and pauses the cluster. InnoDB
 * with a primary key: Galera replicates nothing else.
 */
export async function ensureGaleraLockTable(conn: Connection, key: string): Promise<string> {
  // Runners starting on several nodes at once: one node's CREATE TABLE, replicated, aborts another
  // node's check or CREATE (a deadlock error). Both are idempotent, so they are sent again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await ensureOnce(conn, key);
    } catch (error) {
      if (!isCertificationConflict(error) || attempt >= CONFLICT_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}

const CONFLICT_ATTEMPTS = 10;

async function ensureOnce(conn: Connection, key: string): Promise<string> {
  const table = galeraLockTable(key);
  const { rows } = await conn.query(
    "SELECT 1 AS present FROM information_schema.TABLES WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ?",
    [table.schema ?? null, table.name],
  );
  if (rows.length > 0) return table.sql;
  await conn.query(
    `CREATE TABLE IF NOT EXISTS ${table.sql} (
  lock_key varchar(191) NOT NULL PRIMARY KEY,
  owner char(36) NOT NULL,
  holder_connection bigint NULL,
  holder_node varchar(255) NULL,
  holder_host varchar(255) NULL,
  acquired_at datetime(6) NOT NULL,
  expires_at datetime(6) NOT NULL
) ENGINE=InnoDB`,
  );
  return table.sql;
}
