import type { Connection } from "@athanor/core";
import type { TestDatabase } from "@athanor/testing";
import { takeIdleSession } from "./idle-session.js";

/**
 * A PostgreSQL test database whose sessions are reused, the way a pooler (pgbouncer) reuses
 * server connections: a closed session goes back to an idle list, and the next `connect()` gets
 * it after `ROLLBACK` and `DISCARD ALL` (session settings, temporary tables, prepared statements
 * and advisory locks all back to what a new session has). Every run and every reading still
 * starts from a clean session; what is saved is the server starting a backend for it — ~30 ms
 * of server CPU on CI's 2-core machine, and the contract checks open ~40 sessions a case.
 * `reset()` and `dispose()` are the database's own.
 *
 * @example
 * ```ts
 * const checks = reusedSessions(await createTestDatabase({ url, prefix: "contract_checks" }));
 * await checkStairway(checks, config); // every upgrade and downgrade on one server session
 * await checks.dispose();
 * ```
 */
export function reusedSessions(db: TestDatabase): TestDatabase {
  if (db.kind !== "postgresql") return db;
  const idle: Connection[] = [];
  const lease = async (): Promise<Connection> => {
    const conn = (await takeIdleSession(idle)) ?? (await db.dialect.connect());
    let returned = false;
    const open = () => {
      if (returned) throw new Error("this session was closed (it went back to the idle list)");
      return conn;
    };
    return {
      query: async (sql, params) => open().query(sql, params),
      executeScript: async (statements) => open().executeScript(statements),
      close: async () => {
        if (returned) return;
        returned = true;
        idle.push(conn);
      },
    };
  };
  const dialect = Object.create(db.dialect, { connect: { value: lease } }) as typeof db.dialect;
  return {
    ...db,
    dialect,
    connect: lease,
    async introspect(options = {}) {
      if (options.connection !== undefined) return db.introspect(options);
      const conn = await lease();
      try {
        return await db.introspect({ ...options, connection: conn });
      } finally {
        await conn.close();
      }
    },
    reset: () => db.reset(),
    async dispose() {
      await Promise.all(idle.splice(0).map((conn) => conn.close().catch(() => undefined)));
      await db.dispose();
    },
  };
}
