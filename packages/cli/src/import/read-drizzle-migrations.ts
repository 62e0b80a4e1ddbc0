import type { Connection } from "@athanor/core";
import type { DialectModule } from "@athanor/core/dialect";
import type { DrizzleMigrationsRow } from "@athanor/drizzle";

/** Where drizzle's migrator keeps its table (`migrations.table` / `migrations.schema` in drizzle.config). */
export interface DrizzleMigrationsTable {
  readonly name: string;
  /** PostgreSQL only: MySQL keeps the table in the connection's database. */
  readonly schema: string;
}

/**
 * Reads drizzle's `__drizzle_migrations` rows (hash, created_at and, from drizzle-kit 1.0, name)
 * over `conn`; `null` when the table does not exist (drizzle never migrated this database). The
 * dialect module finds the table's columns and names it (MySQL: in the session's database).
 *
 * @example
 * ```ts
 * const rows = await readDrizzleMigrations(conn, run.module, { name: "__drizzle_migrations", schema: "drizzle" });
 * ```
 */
export async function readDrizzleMigrations(
  conn: Connection,
  module: Pick<DialectModule, "columnNames" | "qualifiedTable">,
  table: DrizzleMigrationsTable,
): Promise<DrizzleMigrationsRow[] | null> {
  const names = new Set(await module.columnNames(conn, table));
  if (!names.has("hash")) return null;
  const qualified = module.qualifiedTable(table);
  const name = names.has("name") ? "name" : "NULL AS name";
  const result = await conn.query<{ hash: unknown; created_at: unknown; name: unknown }>(
    `SELECT hash, created_at, ${name} FROM ${qualified} ORDER BY id`,
  );
  return result.rows.map((r) => ({
    hash: String(r.hash),
    // bigint: a string from postgres.js, a number or string from mysql2
    createdAt: r.created_at === null || r.created_at === undefined ? null : Number(r.created_at),
    name: r.name === null || r.name === undefined ? null : String(r.name),
  }));
}
