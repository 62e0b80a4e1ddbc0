import { randomUUID } from "node:crypto";
import { hostname, userInfo } from "node:os";
import type { Connection, LockOptions, MigrationLockHolder } from "@athanor/core";
import { AthanorError } from "@athanor/core";
import { writeOutsideBatch } from "./drivers/d1.js";
import { lockRowHolder, SQLITE_LOCK_TABLE } from "./lock.js";
import { quoteIdent } from "./quote.js";

const T = quoteIdent(SQLITE_LOCK_TABLE);

/** How long a D1 lock row holds without being renewed (a holder renews it every third of this). */
export const DEFAULT_D1_LOCK_LEASE_MS = 30_000;

const CREATE =
  `CREATE TABLE IF NOT EXISTS ${T} (key text PRIMARY KEY NOT NULL, host text NOT NULL, pid integer NOT NULL, ` +
  "os_user text, acquired_at text NOT NULL, statement text, owner text NOT NULL, expires_at text NOT NULL)";

// Takes the row when it is free or its lease ran out: one statement, so D1 runs it atomically.
const TAKE =
  `INSERT INTO ${T} (key, host, pid, os_user, acquired_at, statement, owner, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ` +
  "ON CONFLICT(key) DO UPDATE SET host = excluded.host, pid = excluded.pid, os_user = excluded.os_user, " +
  "acquired_at = excluded.acquired_at, statement = excluded.statement, owner = excluded.owner, expires_at = excluded.expires_at " +
  `WHERE ${T}.expires_at < excluded.acquired_at`;

interface LockRow {
  readonly host: string;
  readonly pid: number;
  readonly os_user: string | null;
  readonly acquired_at: string;
  readonly statement: string | null;
  readonly owner: string;
  readonly expires_at: string;
}

interface Held {
  readonly owner: string;
  readonly timer: ReturnType<typeof setInterval>;
}

const held = new WeakMap<Connection, Map<string, Held>>();
const later = (ms: number) => new Date(Date.now() + ms).toISOString();

/**
 * The migration lock on Cloudflare D1: a row with an owner (a token of this run) and an expiry.
 * D1 has no advisory locks and no BEGIN, so the row is taken by one conditional upsert (free, or
 * its lease ran out) and read back; the holder renews the lease while it runs, so a holder that
 * died frees the lock when its lease ends. Waiting, the timeout and ATHANOR_LOCK_TIMEOUT naming
 * the holder are as on the other dialects.
 *
 * @example
 * ```ts
 * const lock = d1Lock({ leaseMs: 30_000 });
 * await lock.acquire(conn, "athanor:.athanor_version", { timeoutMs: 60_000, pollMs: 250 });
 * ```
 */
export function d1Lock(options: { readonly leaseMs?: number | undefined } = {}) {
  const leaseMs = options.leaseMs ?? DEFAULT_D1_LOCK_LEASE_MS;
  const holder = async (conn: Connection, key: string): Promise<MigrationLockHolder | null> => {
    const exists = await conn.query("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?", [
      SQLITE_LOCK_TABLE,
    ]);
    if (exists.rows.length === 0) return null;
    const [row] = (
      await conn.query<LockRow>(`SELECT * FROM ${T} WHERE key = ? AND expires_at >= ?`, [
        key,
        new Date().toISOString(),
      ])
    ).rows;
    if (row === undefined || row.owner === held.get(conn)?.get(key)?.owner) return null;
    return lockRowHolder(row, `holding the lock until ${row.expires_at}`);
  };
  return {
    async acquire(conn: Connection, key: string, lock: LockOptions): Promise<{ readonly waitedMs: number }> {
      const owner = randomUUID();
      const started = performance.now();
      await conn.query(CREATE);
      for (;;) {
        const now = new Date().toISOString();
        await conn.query(TAKE, [
          key,
          hostname(),
          process.pid,
          osUser(),
          now,
          process.argv.slice(1).join(" ").slice(0, 200),
          owner,
          later(leaseMs),
        ]);
        const [row] = (await conn.query<{ owner: string }>(`SELECT owner FROM ${T} WHERE key = ?`, [key]))
          .rows;
        if (row?.owner === owner) {
          const timer = setInterval(() => {
            // now, not queued into a batch the session is collecting (drivers/d1.ts)
            writeOutsideBatch(conn, `UPDATE ${T} SET expires_at = ? WHERE key = ? AND owner = ?`, [
              later(leaseMs),
              key,
              owner,
            ]).catch(() => undefined);
          }, leaseMs / 3);
          timer.unref();
          const mine = held.get(conn) ?? new Map<string, Held>();
          mine.set(key, { owner, timer });
          held.set(conn, mine);
          return { waitedMs: Math.round(performance.now() - started) };
        }
        const waited = performance.now() - started;
        if (waited >= lock.timeoutMs)
          throw timedOut(key, lock.timeoutMs, await holder(conn, key).catch(() => null));
        await new Promise((r) => setTimeout(r, Math.min(lock.pollMs, lock.timeoutMs - waited)));
      }
    },
    async release(conn: Connection, key: string): Promise<void> {
      const mine = held.get(conn)?.get(key);
      if (mine === undefined) return;
      clearInterval(mine.timer);
      held.get(conn)?.delete(key);
      await conn.query(`DELETE FROM ${T} WHERE key = ? AND owner = ?`, [key, mine.owner]);
    },
    holder,
  };
}

function timedOut(key: string, timeoutMs: number, holder: MigrationLockHolder | null): AthanorError {
  const who =
    holder === null
      ? "another run"
      : `process ${holder.pid} on ${holder.clientAddr ?? "?"} (since ${holder.backendStart ?? "?"}, ${holder.state})`;
  return new AthanorError(
    "ATHANOR_LOCK_TIMEOUT",
    `${who} has held the migration lock ${JSON.stringify(key)} for over ${timeoutMs} ms. Wait for it to finish and retry; a holder that died frees it when its lease ends.`,
    { key, timeoutMs, holderPid: holder?.pid ?? null, holderHost: holder?.clientAddr ?? null },
  );
}

function osUser(): string | null {
  try {
    return userInfo().username;
  } catch {
    return null;
  }
}
