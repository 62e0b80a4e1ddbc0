import Database from "better-sqlite3";
import type { AsyncRemoteCallback } from "drizzle-orm/sqlite-proxy";

/** How long one statement keeps retrying while another connection holds the write lock. */
const BUSY_DEADLINE_MS = 30_000;

/**
 * The application's connection to a SQLite file, as a callback for Drizzle's `sqlite-proxy`
 * driver: a better-sqlite3 connection of its own (foreign keys on, as an app runs), separate
 * from the migration runner's.
 *
 * SQLite has one writer per file: while the runner's revision holds the write lock
 * (`BEGIN IMMEDIATE … COMMIT`, or one backfill batch), an app write gets SQLITE_BUSY. In its own
 * process an app would set a busy timeout and wait; but better-sqlite3 waits *synchronously*,
 * and here the runner shares the app's event loop — a blocked loop never lets the runner reach
 * its COMMIT, so the wait would always run out. So the statement fails fast (timeout 0) and is
 * retried after a short asynchronous pause: the same wait, without blocking the loop. Reads are
 * never blocked (the rollback journal lets them read the last committed state meanwhile).
 *
 * @example
 * ```ts
 * const app = sqliteAppClient("/srv/app.db");
 * const db = drizzle(app.query);
 * app.close();
 * ```
 */
export function sqliteAppClient(file: string): { query: AsyncRemoteCallback; close(): void } {
  const database = new Database(file, { timeout: 0 });
  database.pragma("foreign_keys = ON");
  const run = (sql: string, params: unknown[], method: "run" | "all" | "values" | "get") => {
    const statement = database.prepare(sql);
    if (method === "run" || !statement.reader) {
      statement.run(...params);
      return { rows: [] };
    }
    const raw = statement.raw(true);
    return { rows: method === "get" ? (raw.get(...params) as unknown[]) : (raw.all(...params) as unknown[]) };
  };
  return {
    async query(sql, params, method) {
      const deadline = performance.now() + BUSY_DEADLINE_MS;
      for (let pause = 1; ; pause = Math.min(pause * 2, 20)) {
        try {
          return run(sql, params, method);
        } catch (error) {
          const busy = /^SQLITE_(BUSY|LOCKED)/.test(String((error as { code?: unknown })?.code));
          if (!busy || performance.now() > deadline) throw error;
          await new Promise((resolve) => setTimeout(resolve, pause));
        }
      }
    },
    close: () => database.close(),
  };
}
