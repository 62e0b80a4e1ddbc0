import { count, eq } from "drizzle-orm";
import { bigint, mysqlTable, timestamp, varchar } from "drizzle-orm/mysql-core";
import type { MySql2Database } from "drizzle-orm/mysql2";
import { countOrdersMysql, orders } from "./orders-mysql.js";
import type { Snapshot, UserService } from "./user-service.js";

// v2's schema on MySQL/MariaDB: the same tables as v2-pg.ts in mysql-core terms.
const users = mysqlTable("users", {
  id: bigint("id", { mode: "number" }).primaryKey().autoincrement(),
  email: varchar("email", { length: 320 }).notNull(),
  displayName: varchar("display_name", { length: 200 }).notNull(),
  timezone: varchar("timezone", { length: 64 }).notNull().default("UTC"),
  createdAt: timestamp("created_at").notNull().defaultNow(),
});

/**
 * v2 of the service on MySQL or MariaDB.
 *
 * @example
 * ```ts
 * const v2 = createV2MysqlService(drizzle({ client: pool }));
 * ```
 */
export function createV2MysqlService(db: MySql2Database): UserService {
  return {
    version: "v2",
    async createUser({ email, displayName, timezone }) {
      const [row] = await db.insert(users).values({ email, displayName, timezone }).$returningId();
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
      return { users: all, ...(await countOrdersMysql(db)) };
    },
  };
}
