import type { Dialect } from "@athanor/core";
import type { SessionDialect } from "@athanor/core/dialect";
import { MYSQL_BOOKKEEPING_SQL } from "./bookkeeping-sql.js";
import type { MysqlClientLike, MysqlPoolLike } from "./client-types.js";
import { galeraLock } from "./galera/galera-dialect-lock.js";
import { type GaleraMode, galeraNodeCheck } from "./galera/galera-node.js";
import { openMysqlConnection, openMysqlSession } from "./mysql-driver.js";
import { quoteIdent, quoteLiteral } from "./quote.js";
import { flavorLabel, type MysqlFlavor } from "./server.js";

/** Where {@link mysqlSessionDialect} connects and how it locks (`MysqlDialectOptions` fits). */
export type MysqlSessionOptions = {
  readonly galera?: GaleraMode | undefined;
  readonly galeraLockLeaseMs?: number | undefined;
} & (
  | { readonly url: string; readonly connectTimeoutMs?: number | undefined }
  | { readonly client: MysqlClientLike | MysqlPoolLike }
);

/**
 * The MySQL dialect's session part — connecting, the migration lock (`GET_LOCK`, or the lock row
 * on a Galera node) and the bookkeeping statements — without the renderer: what a no-op `upgrade`
 * confirmed from its summary uses (`@athanor/mysql/session`). `mysqlDialect` spreads this and
 * shares its `onGalera` check with its transaction guard and replica-lag probe.
 *
 * @example
 * ```ts
 * const dialect = mysqlSessionDialect({ url: "mysql://root@127.0.0.1:3306/app" });
 * ```
 */
export function mysqlSessionDialect(
  options: MysqlSessionOptions,
  onGalera: ReturnType<typeof galeraNodeCheck> = galeraNodeCheck(options.galera ?? "auto"),
): SessionDialect & Pick<Dialect, "lockHolder" | "lockFence"> {
  const source =
    "client" in options
      ? { client: options.client }
      : { url: options.url, connectTimeoutMs: options.connectTimeoutMs };
  // the flavour the last session's handshake announced: how messages name the server
  let flavor: MysqlFlavor | undefined;
  return {
    name: "mysql",
    // each DDL statement commits by itself: a no-op from its summary refuses singleTransaction too
    capabilities: { transactionalDdl: false, concurrentConnections: true },
    // sql_mode set in the first batch's round trip; the server's version is not needed here
    async connect() {
      const session = await openMysqlSession(source);
      flavor = session.flavor ?? flavor;
      return session;
    },
    get serverLabel() {
      return flavor === undefined ? undefined : flavorLabel(flavor);
    },
    ...galeraLock(options, "url" in source ? async () => openMysqlConnection(source) : undefined, onGalera),
    quoteIdent,
    quoteLiteral,
    bookkeepingSql: MYSQL_BOOKKEEPING_SQL,
  };
}
