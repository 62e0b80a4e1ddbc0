import { count } from "drizzle-orm";
import { bigint, int, mysqlTable, timestamp } from "drizzle-orm/mysql-core";
import type { MySql2Database } from "drizzle-orm/mysql2";

/** `orders` on MySQL/MariaDB: the same in v1 and v2 (the rollout does not touch it). */
export const orders = mysqlTable("orders", {
  id: bigint("id", { mode: "number" }).primaryKey().autoincrement(),
  userId: bigint("user_id", { mode: "number" }).notNull(),
  totalCents: int("total_cents").notNull(),
  createdAt: timestamp("created_at").notNull().defaultNow(),
});

/**
 * Order counts per user and in total, for a snapshot.
 *
 * @example
 * ```ts
 * const { orderCounts, orders } = await countOrdersMysql(db);
 * ```
 */
export async function countOrdersMysql(
  db: MySql2Database,
): Promise<{ orderCounts: Map<number, number>; orders: number }> {
  const counts = await db.select({ userId: orders.userId, n: count() }).from(orders).groupBy(orders.userId);
  return {
    orderCounts: new Map(counts.map((c) => [c.userId, c.n])),
    orders: counts.reduce((sum, c) => sum + c.n, 0),
  };
}
