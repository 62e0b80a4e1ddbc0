import type { Connection, Dialect } from "@athanor/core";
import type { DrizzleMigrationsRow } from "@athanor/drizzle";

/** Where drizzle's migrator keeps its table (`migrations.table` / `migrations.schema` in drizzle.config). */
export interface DrizzleMigrationsTable {
  readonly name: string;
  /** PostgreSQL only: MySQL keeps the table in the connection's database. */
  readonly schema: string;
}

/**
 * Reads drizzle's `__drizzle_migrations` rows (hash, created_at and, from drizzle-kit 1.0, name)
 * over `conn`; `null` when the table does not exist (drizzle never migrated this database).
 *
 * @example
 * ```ts
 * const rows = await readDrizzleMigrations(conn, dialect, { name: "__drizzle_migrations", schema: "drizzle" });
 * ```
 */
export async function readDrizzleMigrations(
  conn: Connection,
  dialect: Dialect,
  table: DrizzleMigrationsTable,
): Promise<DrizzleMigrationsRow[] | null> {
  const mysql = dialect.name === "mysql" || dialect.name === "mariadb";
  const columns = await conn.query<{ column_name: string }>(
    mysql
      ? "SELECT column_name AS column_name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ?"
      : "SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2",
    mysql ? [table.name] : [table.schema, table.name],
  );
  const names = new Set(columns.rows.map((r) => String(r.column_name).toLowerCase()));
  if (!names.has("hash")) return null;
  const qualified = mysql
    ? dialect.quoteIdent(table.name)
    : `${dialect.quoteIdent(table.schema)}.${dialect.quoteIdent(table.name)}`;
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
