import { existsSync } from "node:fs";
import { SQLITE_LOCK_TABLE } from "../lock.js";
import { quoteIdent } from "../quote.js";
import { sqliteDialect } from "../sqlite-dialect.js";
import { MEMORY } from "../sqlite-url.js";

/**
 * Rows per table of the database file, for lint's table-size hints (a rebuild's cost): counted
 * where the file exists, `undefined` when it does not (nothing is created to count it) or cannot
 * be read.
 *
 * @example
 * ```ts
 * await sqliteTableRows("/srv/app.db"); // { users: 120000, posts: 3400000 }
 * ```
 */
export async function sqliteTableRows(file: string): Promise<Readonly<Record<string, number>> | undefined> {
  if (file === MEMORY || !existsSync(file)) return undefined;
  try {
    const conn = await sqliteDialect({ file }).connect();
    try {
      const tables = await conn.query<{ name: string }>(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
      );
      const rows: Record<string, number> = {};
      for (const { name } of tables.rows) {
        if (name === SQLITE_LOCK_TABLE) continue;
        const n = await conn.query<{ n: number }>(`SELECT count(*) AS n FROM ${quoteIdent(name)}`);
        rows[name] = Number(n.rows[0]?.n ?? 0);
      }
      return rows;
    } finally {
      await conn.close();
    }
  } catch {
    return undefined; // lint still runs, without the counts (the finding then says the table is rebuilt)
  }
}
