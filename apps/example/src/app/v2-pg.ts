import { count, eq } from "drizzle-orm";
import {
  bigint,
  type PgDatabase,
  type PgQueryResultHKT,
  pgTable,
  timestamp,
  varchar,
} from "drizzle-orm/pg-core";
import { countOrdersPg, orders } from "./orders-pg.js";
import type { Snapshot, UserService } from "./user-service.js";

// The schema as v2 is written: `display_name` and `timezone`; it never names `users.name`, so
// it keeps working after the contract revision drops that column. While `name` exists the sync
// trigger fills it from what v2 writes (the dual-write v1 still relies on).
const users = pgTable("users", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
  email: varchar("email", { length: 320 }).notNull(),
  displayName: varchar("display_name", { length: 200 }).notNull(),
  timezone: varchar("timezone", { length: 64 }).notNull().default("UTC"),
  createdAt: timestamp("created_at").notNull().defaultNow(),
});

/**
 * v2 of the service on PostgreSQL or PGlite.
 *
 * @example
 * ```ts
 * const v2 = createV2PgService(drizzle({ client: sql }));
 * ```
 */
export function createV2PgService(db: PgDatabase<PgQueryResultHKT>): UserService {
  return {
    version: "v2",
    async createUser({ email, displayName, timezone }) {
      const [row] = await db
        .insert(users)
        .values({ email, displayName, timezone })
        .returning({ id: users.id });
      return (row as { id: number }).id;
    },
    async updateUser(id, { displayName, timezone }) {
      await db
        .update(users)
        .set({ displayName, ...(timezone === undefined ? {} : { timezone }) })
        .where(eq(users.id, id));
    },
    async getUser(id) {
      const [row] = await db
        .select({ id: users.id, displayName: users.displayName, timezone: users.timezone })
        .from(users)
        .where(eq(users.id, id));
      return row;
    },
    async placeOrder(userId, totalCents) {
      await db.insert(orders).values({ userId, totalCents });
    },
    async orderSummary(userId) {
      const [row] = await db
        .select({ customer: users.displayName, orders: count(orders.id) })
        .from(users)
        .leftJoin(orders, eq(orders.userId, users.id))
        .where(eq(users.id, userId))
        .groupBy(users.id, users.displayName);
      return row;
    },
    async snapshot(): Promise<Snapshot> {
      const all = await db
        .select({ id: users.id, displayName: users.displayName, timezone: users.timezone })
        .from(users);
      return { users: all, ...(await countOrdersPg(db)) };
    },
  };
}
