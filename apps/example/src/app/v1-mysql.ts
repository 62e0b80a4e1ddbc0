import { count, eq } from "drizzle-orm";
import { bigint, mysqlTable, timestamp, varchar } from "drizzle-orm/mysql-core";
import type { MySql2Database } from "drizzle-orm/mysql2";
import { countOrdersMysql, orders } from "./orders-mysql.js";
import type { SeedingService, Snapshot } from "./user-service.js";

// v1's schema on MySQL/MariaDB: the same tables as v1-pg.ts in mysql-core terms.
const users = mysqlTable("users", {
  id: bigint("id", { mode: "number" }).primaryKey().autoincrement(),
  email: varchar("email", { length: 320 }).notNull(),
  name: varchar("name", { length: 200 }).notNull(),
  createdAt: timestamp("created_at").notNull().defaultNow(),
});

/**
 * v1 of the service on MySQL or MariaDB.
 *
 * @example
 * ```ts
 * const v1 = createV1MysqlService(drizzle({ client: pool }));
 * ```
 */
export function createV1MysqlService(db: MySql2Database): SeedingService {
  return {
    version: "v1",
    async createUser({ email, displayName }) {
      const [row] = await db.insert(users).values({ email, name: displayName }).$returningId();
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
        .$returningId();
      await db.insert(orders).values(inserted.map((r) => ({ userId: r.id, totalCents: 1000 })));
    },
    async snapshot(): Promise<Snapshot> {
      const all = await db.select({ id: users.id, name: users.name }).from(users);
      return { users: all.map((u) => ({ id: u.id, displayName: u.name })), ...(await countOrdersMysql(db)) };
    },
  };
}
