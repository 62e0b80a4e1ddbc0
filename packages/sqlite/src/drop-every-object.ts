import type { Connection } from "@athanor/core";
import { quoteIdent } from "./quote.js";

/** User objects: everything in sqlite_schema but SQLite's own (sqlite_sequence, autoindexes). */
export const USER_OBJECTS =
  "SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";

/**
 * A `DROP` of every user object: triggers, views, then tables. Indexes go with their tables and
 * are not dropped alone: on D1 (foreign keys always on) a parent dropped after the unique index
 * its children's key names failed the whole batch with "foreign key mismatch".
 */
export async function dropEveryObject(conn: Connection): Promise<string[]> {
  const objects = (await conn.query<{ type: string; name: string }>(USER_OBJECTS)).rows;
  const order = ["trigger", "view", "table"];
  return order.flatMap((type) =>
    objects
      .filter((o) => o.type === type)
      .map((o) => `DROP ${type.toUpperCase()} IF EXISTS ${quoteIdent(o.name)}`),
  );
}
