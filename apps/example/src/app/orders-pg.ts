import { count } from "drizzle-orm";
import {
  bigint,
  integer,
  type PgDatabase,
  type PgQueryResultHKT,
  pgTable,
  timestamp,
} from "drizzle-orm/pg-core";

/** `orders` on PostgreSQL/PGlite: the same in v1 and v2 (the rollout does not touch it). */
export const orders = pgTable("orders", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
  userId: bigint("user_id", { mode: "number" }).notNull(),
  totalCents: integer("total_cents").notNull(),
  createdAt: timestamp("created_at").notNull().defaultNow(),
});

/**
 * Order counts per user and in total, for a snapshot.
 *
 * @example
 * ```ts
 * const { orderCounts, orders } = await countOrdersPg(db);
 * ```
 */
export async function countOrdersPg(
  db: PgDatabase<PgQueryResultHKT>,
): Promise<{ orderCounts: Map<number, number>; orders: number }> {
  const counts = await db.select({ userId: orders.userId, n: count() }).from(orders).groupBy(orders.userId);
  return {
    orderCounts: new Map(counts.map((c) => [c.userId, c.n])),
    orders: counts.reduce((sum, c) => sum + c.n, 0),
  };
}
