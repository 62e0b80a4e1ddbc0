import { count, sql } from "drizzle-orm";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { SqliteRemoteDatabase } from "drizzle-orm/sqlite-proxy";

/** `orders` on SQLite: the same in v1 and v2 (the rollout does not touch it). */
export const orders = sqliteTable("orders", {
  id: integer("id").primaryKey(),
  userId: integer("user_id").notNull(),
  totalCents: integer("total_cents").notNull(),
  createdAt: text("created_at").notNull().default(sql`CURRENT_TIMESTAMP`),
});

/**
 * Order counts per user and in total, for a snapshot.
 *
 * @example
 * ```ts
 * const { orderCounts, orders } = await countOrdersSqlite(db);
 * ```
 */
export async function countOrdersSqlite(
  db: SqliteRemoteDatabase,
): Promise<{ orderCounts: Map<number, number>; orders: number }> {
  const counts = await db.select({ userId: orders.userId, n: count() }).from(orders).groupBy(orders.userId);
  return {
    orderCounts: new Map(counts.map((c) => [c.userId, c.n])),
    orders: counts.reduce((sum, c) => sum + c.n, 0),
  };
}
