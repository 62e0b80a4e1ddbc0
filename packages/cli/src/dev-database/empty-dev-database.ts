import type { Connection } from "@athanor/core";

// What makes a dev database "not empty": any schema besides public, or any relation, type or
// function in public (PostgreSQL); any table or view (MySQL).
const PG_COUNT = `SELECT
  (SELECT count(*) FROM pg_namespace WHERE nspname NOT IN ('public', 'information_schema') AND nspname NOT LIKE 'pg\\_%')
  + (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public')
  + (SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'r', 'm'))
  + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public') AS n`;
const MYSQL_COUNT = "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE()";

/**
 * How many objects the dev database holds (0 when it is empty).
 *
 * @example
 * ```ts
 * if ((await isEmptyCount(conn, "postgresql")) > 0) throw devDatabaseNotEmpty(where, n);
 * ```
 */
export async function isEmptyCount(conn: Connection, dialect: "postgresql" | "mysql"): Promise<number> {
  const [row] = (await conn.query<{ n: number | string }>(dialect === "mysql" ? MYSQL_COUNT : PG_COUNT)).rows;
  return Number(row?.n ?? 0);
}

/**
 * Drops everything athanor built in the dev database, leaving it as empty as it was found:
 * every schema but the system ones (public is recreated), or every table and view (MySQL).
 *
 * @example
 * ```ts
 * await emptyDevDatabase(conn, "mysql");
 * ```
 */
export async function emptyDevDatabase(conn: Connection, dialect: "postgresql" | "mysql"): Promise<void> {
  if (dialect === "postgresql") {
    const schemas = await conn.query<{ name: string }>(
      "SELECT nspname AS name FROM pg_namespace WHERE nspname <> 'information_schema' AND nspname NOT LIKE 'pg\\_%'",
    );
    const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
    await conn.executeScript([
      ...schemas.rows.map((row) => `DROP SCHEMA ${quote(row.name)} CASCADE`),
      "CREATE SCHEMA IF NOT EXISTS public",
    ]);
    return;
  }
  const rows = await conn.query<{ name: string; kind: string }>(
    "SELECT table_name AS name, table_type AS kind FROM information_schema.tables WHERE table_schema = DATABASE()",
  );
  const quote = (name: string) => `\`${name.replaceAll("`", "``")}\``;
  const views = rows.rows
    .filter((row) => row.kind === "VIEW")
    .map((row) => `DROP VIEW IF EXISTS ${quote(row.name)}`);
  const tables = rows.rows
    .filter((row) => row.kind !== "VIEW")
    .map((row) => `DROP TABLE IF EXISTS ${quote(row.name)}`);
  await conn.executeScript(["SET FOREIGN_KEY_CHECKS = 0", ...views, ...tables, "SET FOREIGN_KEY_CHECKS = 1"]);
}
