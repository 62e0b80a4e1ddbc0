import { count, eq, sql } from "drizzle-orm";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { SqliteRemoteDatabase } from "drizzle-orm/sqlite-proxy";
import { countOrdersSqlite, orders } from "./orders-sqlite.js";
import type { SeedingService, Snapshot } from "./user-service.js";

// v1's schema on SQLite: the same tables as v1-pg.ts in sqlite-core terms.
const users = sqliteTable("users", {
  id: integer("id").primaryKey(),
  email: text("email", { length: 320 }).notNull(),
  name: text("name", { length: 200 }).notNull(),
  createdAt: text("created_at").notNull().default(sql`CURRENT_TIMESTAMP`),
});

/**
 * v1 of the service on SQLite.
 *
 * @example
 * ```ts
 * const v1 = createV1SqliteService(drizzle(sqliteAppClient(database)));
 * ```
 */
export function createV1SqliteService(db: SqliteRemoteDatabase): SeedingService {
  return {
    version: "v1",
    async createUser({ email, displayName }) {
      const [row] = await db.insert(users).values({ email, name: displayName }).returning({ id: users.id });
      return (row as { id: number }).id;
    },
    async updateUser(id, { displayName }) {
      await db.update(users).set({ name: displayName }).where(eq(users.id, id));
    },
    async getUser(id) {
      const [row] = await db.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, id));
      return row && { id: row.id, displayName: row.name };
    },
    async placeOrder(userId, totalCents) {
      await db.insert(orders).values({ userId, totalCents });
    },
    async orderSummary(userId) {
      const [row] = await db
        .select({ customer: users.name, orders: count(orders.id) })
        .from(users)
        .leftJoin(orders, eq(orders.userId, users.id))
        .where(eq(users.id, userId))
        .groupBy(users.id, users.name);
      return row;
    },
    async seed(rows) {
      const inserted = await db
        .insert(users)
        .values(rows.map((r) => ({ email: r.email, name: r.displayName })))
        .returning({ id: users.id });
      await db.insert(orders).values(inserted.map((r) => ({ userId: r.id, totalCents: 1000 })));
    },
    async snapshot(): Promise<Snapshot> {
      const all = await db.select({ id: users.id, name: users.name }).from(users);
      return { users: all.map((u) => ({ id: u.id, displayName: u.name })), ...(await countOrdersSqlite(db)) };
    },
  };
}
