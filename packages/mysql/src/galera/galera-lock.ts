import { randomUUID } from "node:crypto";
import type { Connection, LockOptions, MigrationLockHolder } from "@athanor/core";
import { AthanorError } from "@athanor/core/errors";
import { quoteLiteral } from "../quote.js";
import { isCertificationConflict } from "./certification-conflict.js";
import { ensureGaleraLockTable, galeraLockTable } from "./galera-lock-table.js";

/** How long a lock row stays valid without renewal: a killed runner's lock is taken over after this. */
export const DEFAULT_GALERA_LEASE_MS = 30_000;

/**
 * The Galera migration lock's settings. `openSide` opens the second session that renews the lease
 * while the runner's own session is busy (inside transactions, or waiting on DDL).
 */
export interface GaleraLockSettings {
  readonly leaseMs: number;
  readonly openSide: () => Promise<Connection>;
}

interface Held {
  readonly table: string;
  readonly key: string;
  readonly owner: string;
  readonly leaseMs: number;
  readonly stop: () => Promise<void>;
}

// Per runner session: what it holds, so release and the heartbeat find their row.
const held = new WeakMap<Connection, Held>();

/**
 * Takes the cluster-wide migration lock on Galera, where `GET_LOCK` is local to one node. The lock
 * is a row of `<version table>_lock` keyed by the runner key: each attempt, in one transaction,
 * deletes the row if its lease expired, inserts ours if none is there, and reads the owner. Two
 * nodes inserting at once both succeed locally, and Galera's certification at COMMIT lets exactly
 * one commit (the other gets a deadlock error and polls again). The row carries an owner token and
 * an expiry renewed by a second session every third of the lease; a runner killed while holding it
 * is taken over once the lease runs out. Timeout semantics are those of `GET_LOCK` polling.
 *
 * @example
 * ```ts
 * await acquireGaleraLock(conn, "athanor:.athanor_version", { timeoutMs: 60_000, pollMs: 250 }, { leaseMs: 30_000, openSide });
 * ```
 */
export async function acquireGaleraLock(
  conn: Connection,
  key: string,
  options: LockOptions,
  settings: GaleraLockSettings,
): Promise<{ readonly waitedMs: number }> {
  const table = await ensureGaleraLockTable(conn, key);
  const owner = randomUUID();
  const started = performance.now();
  for (;;) {
    if (await tryTake(conn, table, key, owner, settings.leaseMs)) {
      const stop = await startHeartbeat(conn, table, key, owner, settings);
      held.set(conn, { table, key, owner, leaseMs: settings.leaseMs, stop });
      return { waitedMs: Math.round(performance.now() - started) };
    }
    const waited = performance.now() - started;
    if (waited >= options.timeoutMs) {
      const holder = await galeraLockHolder(conn, key).catch(() => null);
      throw new AthanorError(
        "ATHANOR_LOCK_TIMEOUT",
        `Another athanor run has held the cluster-wide migration lock (row ${JSON.stringify(key)} of ${galeraLockTable(key).name}) for over ${options.timeoutMs} ms` +
          (holder === null
            ? ""
            : ` (${holder.applicationName ?? "a runner"}, connection ${holder.pid}, ${holder.state})`) +
          ". Wait for it to finish and retry; a runner that died frees it when its lease expires.",
        { key, lockName: galeraLockTable(key).name, timeoutMs: options.timeoutMs },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(options.pollMs, options.timeoutMs - waited)));
  }
}

async function tryTake(
  conn: Connection,
  table: string,
  key: string,
  owner: string,
  leaseMs: number,
): Promise<boolean> {
  try {
    await conn.query("START TRANSACTION");
    await conn.query(`DELETE FROM ${table} WHERE lock_key = ? AND expires_at < UTC_TIMESTAMP(6)`, [key]);
    await conn.query(
      `INSERT IGNORE INTO ${table} (lock_key, owner, holder_connection, holder_node, holder_host, acquired_at, expires_at)
       VALUES (?, ?, CONNECTION_ID(), @@wsrep_node_name, @@hostname, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) + INTERVAL ? MICROSECOND)`,
      [key, owner, leaseMs * 1000],
    );
    const { rows } = await conn.query<{ owner: string }>(`SELECT owner FROM ${table} WHERE lock_key = ?`, [
      key,
    ]);
    await conn.query("COMMIT");
    return rows[0]?.owner === owner;
  } catch (error) {
    await conn.query("ROLLBACK").catch(() => undefined);
    if (isCertificationConflict(error)) return false; // another node won this round
    throw error;
  }
}

/**
 * Renews the lease from a second session. When renewal finds the row gone or someone else's (the
 * lease ran out while this process stalled, and another runner took over), the runner's own
 * session is closed: its next statement fails rather than racing the new holder.
 */
async function startHeartbeat(
  conn: Connection,
  table: string,
  key: string,
  owner: string,
  settings: GaleraLockSettings,
): Promise<() => Promise<void>> {
  const side = await settings.openSide();
  let stopped = false;
  let pending: Promise<void> = Promise.resolve();
  const renew = async () => {
    try {
      const result = await side.query(
        `UPDATE ${table} SET expires_at = UTC_TIMESTAMP(6) + INTERVAL ? MICROSECOND WHERE lock_key = ? AND owner = ?`,
        [settings.leaseMs * 1000, key, owner],
      );
      if (!stopped && result.rowCount === 0) {
        stopped = true;
        clearInterval(timer);
        await conn.close().catch(() => undefined);
      }
    } catch {
      // a failed renewal is retried at the next tick; the lease covers two more
    }
  };
  const timer = setInterval(
    () => {
      if (!stopped) pending = pending.then(renew);
    },
    Math.max(100, Math.floor(settings.leaseMs / 3)),
  );
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await pending;
    await side.close().catch(() => undefined);
  };
}

/**
 * Releases the lock taken by {@link acquireGaleraLock} on this session: stops the heartbeat and
 * deletes the row if it is still ours.
 *
 * @example
 * ```ts
 * await releaseGaleraLock(conn, "athanor:.athanor_version");
 * ```
 */
export async function releaseGaleraLock(conn: Connection, key: string): Promise<void> {
  const mine = held.get(conn);
  if (mine === undefined) return;
  held.delete(conn);
  await mine.stop();
  await conn.query(`DELETE FROM ${mine.table} WHERE lock_key = ? AND owner = ?`, [key, mine.owner]);
}

/**
 * The fence the runner sends after each BEGIN of a step while this session holds the Galera lock
 * (Dialect.lockFence): one compound statement that renews the lease of our row, and signals
 * SQLSTATE 45000 when no row of ours with a lease still running is there — the lease ran out
 * (the process was paused, or its node cut off, longer than the lease) or another runner took
 * the lock over. Inside the step's transaction the row is part of its write set, so a takeover
 * committed on another node meanwhile fails the step's certification instead of both applying.
 * Undefined when this session holds no Galera lock (GET_LOCK needs no fence: the server ends it
 * with the session).
 *
 * @example
 * ```ts
 * const fence = galeraLockFence(conn); // "BEGIN NOT ATOMIC UPDATE `athanor_version_lock` SET … END"
 * ```
 */
export function galeraLockFence(conn: Connection): string | undefined {
  const mine = held.get(conn);
  if (mine === undefined) return undefined;
  const lost = `athanor: the migration lock's lease expired or was taken over (row ${mine.key} of ${mine.table}); this runner stopped before its next step`;
  return (
    `BEGIN NOT ATOMIC UPDATE ${mine.table} SET expires_at = UTC_TIMESTAMP(6) + INTERVAL ${Math.round(mine.leaseMs * 1000)} MICROSECOND ` +
    `WHERE lock_key = ${quoteLiteral(mine.key)} AND owner = ${quoteLiteral(mine.owner)} AND expires_at >= UTC_TIMESTAMP(6); ` +
    `IF ROW_COUNT() = 0 THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = ${quoteLiteral(lost.slice(0, 500))}; END IF; END`
  );
}

/** Whether this session holds the Galera lock (the dialect releases what it took). */
export function holdsGaleraLock(conn: Connection): boolean {
  return held.has(conn);
}

interface LockRow {
  readonly owner: string;
  readonly holder_connection: number | string | null;
  readonly holder_node: string | null;
  readonly holder_host: string | null;
  readonly acquired_at: Date | string;
  readonly expires_at: Date | string;
}

/**
 * Who holds the Galera lock of `key`: the live row (lease not expired), read after this node has
 * applied everything the cluster committed before the read (`wsrep_sync_wait`), so a holder on
 * another node shows. `pid` is the holder's connection id on its node; `applicationName` names the node.
 *
 * @example
 * ```ts
 * const holder = await galeraLockHolder(conn, "athanor:.athanor_version"); // { pid: 12, applicationName: "athanor on node2", ... } | null
 * ```
 */
export async function galeraLockHolder(conn: Connection, key: string): Promise<MigrationLockHolder | null> {
  const table = galeraLockTable(key);
  const { rows: present } = await conn.query(
    "SELECT 1 AS present FROM information_schema.TABLES WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ?",
    [table.schema ?? null, table.name],
  );
  if (present.length === 0) return null;
  const { rows } = await conn.query<LockRow>(
    `SET STATEMENT wsrep_sync_wait = 1 FOR SELECT owner, holder_connection, holder_node, holder_host, acquired_at, expires_at
     FROM ${table.sql} WHERE lock_key = ? AND expires_at >= UTC_TIMESTAMP(6)`,
    [key],
  );
  const row = rows[0];
  if (row === undefined) return null;
  return {
    pid: Number(row.holder_connection ?? 0),
    applicationName: `athanor on ${row.holder_node === null || row.holder_node === "" ? "a Galera node" : row.holder_node}`,
    user: null,
    clientAddr: row.holder_host,
    backendStart: utcIso(row.acquired_at),
    state: `lease until ${utcIso(row.expires_at)}`,
    query: null,
  };
}

// DATETIME values written from UTC_TIMESTAMP: mysql2 reads them as local time unless told otherwise.
function utcIso(value: Date | string): string {
  if (value instanceof Date) {
    const local = value;
    return new Date(
      Date.UTC(
        local.getFullYear(),
        local.getMonth(),
        local.getDate(),
        local.getHours(),
        local.getMinutes(),
        local.getSeconds(),
        local.getMilliseconds(),
      ),
    ).toISOString();
  }
  return `${String(value).replace(" ", "T")}Z`;
}
