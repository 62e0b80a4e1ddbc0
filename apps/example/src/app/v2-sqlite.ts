import { count, eq, sql } from "drizzle-orm";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { SqliteRemoteDatabase } from "drizzle-orm/sqlite-proxy";
import { countOrdersSqlite, orders } from "./orders-sqlite.js";
import type { Snapshot, UserService } from "./user-service.js";

// v2's schema on SQLite: the same tables as v2-pg.ts in sqlite-core terms.
const users = sqliteTable("users", {
  id: integer("id").primaryKey(),
  email: text("email", { length: 320 }).notNull(),
  displayName: text("display_name", { length: 200 }).notNull(),
  timezone: text("timezone", { length: 64 }).notNull().default("UTC"),
  createdAt: text("created_at").notNull().default(sql`CURRENT_TIMESTAMP`),
});

/**
 * v2 of the service on SQLite.
 *
 * @example
 * ```ts
 * const v2 = createV2SqliteService(drizzle(sqliteAppClient(database)));
 * ```
 */
export function createV2SqliteService(db: SqliteRemoteDatabase): UserService {
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
      return { users: all, ...(await countOrdersSqlite(db)) };
    },
  };
}
