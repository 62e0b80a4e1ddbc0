import type { Connection, Dialect } from "@athanor/core";
import { AthanorError } from "@athanor/core/errors";
import { acquireMysqlLock, readUnderMysqlLock, releaseMysqlLock } from "../lock.js";
import { mysqlLockHolder } from "../lock-holder.js";
import { GALERA_VARIABLES_SQL, isGaleraNode } from "./galera-detect.js";
import {
  acquireGaleraLock,
  DEFAULT_GALERA_LEASE_MS,
  galeraLockFence,
  galeraLockHolder,
  holdsGaleraLock,
  releaseGaleraLock,
} from "./galera-lock.js";
import { type GaleraMode, galeraNodeCheck } from "./galera-node.js";

export type { GaleraMode };

/**
 * The MySQL dialect's lock members: `GET_LOCK` on a single server, the cluster-wide lock row on a
 * Galera node (detected once per session unless the config decides). `openSide` opens the extra
 * session that renews the Galera lease; a dialect built on the caller's own client has none and
 * is refused on Galera with a coded error instead of taking a lock that could expire under it.
 *
 * @example
 * ```ts
 * const members = galeraLock({ galera: "auto" }, () => openMysqlConnection({ url }));
 * ```
 */
export function galeraLock(
  options: { readonly galera?: GaleraMode | undefined; readonly galeraLockLeaseMs?: number | undefined },
  openSide: (() => Promise<Connection>) | undefined,
  onGalera: (conn: Connection) => Promise<boolean> = galeraNodeCheck(options.galera ?? "auto"),
): Pick<Dialect, "acquireLock" | "releaseLock" | "readUnderLock" | "lockHolder" | "lockFence"> {
  const mode = options.galera ?? "auto";
  return {
    async acquireLock(conn, key, lockOptions) {
      if (!(await onGalera(conn))) return acquireMysqlLock(conn, key, lockOptions);
      if (openSide === undefined) {
        throw new AthanorError(
          "ATHANOR_UNSUPPORTED",
          "This server is a Galera node, where GET_LOCK holds on one node only, and athanor's cluster-wide lock needs a second session to renew its lease, which a dialect built on your own client cannot open. Give the dialect a URL instead of a client, or set galera: false if only one runner can ever run at a time.",
          { dialect: "mysql", feature: "galera lock with a caller's client" },
        );
      }
      return acquireGaleraLock(conn, key, lockOptions, {
        leaseMs: options.galeraLockLeaseMs ?? DEFAULT_GALERA_LEASE_MS,
        openSide,
      });
    },
    async readUnderLock(conn, key, read) {
      if (mode === true) return undefined; // the lock row is taken and renewed, never in a batch
      // on "auto", whether this is a Galera node is asked in the same round trip; on one, the
      // batch's GET_LOCK was node-local, so its read is dropped and the lock row is waited for
      const batch = await readUnderMysqlLock(conn, key, read, mode === "auto" ? [GALERA_VARIABLES_SQL] : []);
      if (batch === undefined) return undefined;
      if (mode === "auto" && isGaleraNode(batch.before[0] ?? [])) return undefined;
      return batch.rows;
    },
    async releaseLock(conn, key) {
      if (holdsGaleraLock(conn)) return releaseGaleraLock(conn, key);
      return releaseMysqlLock(conn, key);
    },
    async lockFence(conn) {
      return galeraLockFence(conn);
    },
    async lockHolder(conn, key) {
      return (await onGalera(conn)) ? galeraLockHolder(conn, key) : mysqlLockHolder(conn, key);
    },
  };
}
