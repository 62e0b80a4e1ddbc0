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
import type { SeedingService, Snapshot } from "./user-service.js";

// The schema as v1 was written: `users.name`, no timezone.
const users = pgTable("users", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
  email: varchar("email", { length: 320 }).notNull(),
  name: varchar("name", { length: 200 }).notNull(),
  createdAt: timestamp("created_at").notNull().defaultNow(),
});

/**
 * v1 of the service on PostgreSQL or PGlite.
 *
 * @example
 * ```ts
 * const v1 = createV1PgService(drizzle({ client: pglite }));
 * ```
 */
export function createV1PgService(db: PgDatabase<PgQueryResultHKT>): SeedingService {
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
      return { users: all.map((u) => ({ id: u.id, displayName: u.name })), ...(await countOrdersPg(db)) };
    },
  };
}
