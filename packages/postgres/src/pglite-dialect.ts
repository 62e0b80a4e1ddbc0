import type { Connection, Dialect } from "@athanor/core";
import { AthanorError } from "@athanor/core/errors";
import type { PGliteClient } from "./client-types.js";
import { createPglite, isInMemory, leasePgliteFolder, pgliteConnection } from "./pglite-driver.js";
import { acquireInstanceLock, instanceLockHolder, releaseInstanceLock } from "./pglite-lock.js";
import { POSTGRES_DIALECT_BASE } from "./postgres-dialect.js";

/**
 * Where {@link pgliteDialect} keeps its database: a data folder (`dataDir`), memory (no
 * `dataDir`, or `memory://`), or a PGlite instance of yours (`client`, never closed by athanor).
 *
 * @example
 * ```ts
 * const config: PGliteDialectConfig = { dataDir: "./.athanor/pglite" };
 * ```
 */
export type PGliteDialectConfig =
  | { readonly dataDir?: string | undefined; readonly client?: undefined }
  | { readonly client: PGliteClient; readonly dataDir?: undefined };

/** A PGlite {@link Dialect}, plus `close()` for the in-memory instance it may own. */
export interface PGliteDialect extends Dialect {
  /**
   * Closes the in-memory database this dialect created (it lives across connections, else each
   * run would start empty). No-op for a data folder (closed when its last connection closes)
   * and for your own client.
   */
  close(): Promise<void>;
}

/**
 * The embedded dialect: PostgreSQL inside PGlite (WASM, one process, one session). It is the
 * PostgreSQL dialect with the same renderer and quoting; only connecting and locking differ,
 * and it declares `concurrentConnections: false`.
 *
 * @example
 * ```ts
 * const dialect = pgliteDialect({ dataDir: "./.athanor/pglite" });
 * await upgrade({ dialect, revisions: "./migrations/versions" }, "heads");
 * ```
 */
export function pgliteDialect(config: PGliteDialectConfig = {}): PGliteDialect {
  const owners = new WeakMap<Connection, PGliteClient>();
  let memory: Promise<PGliteClient> | undefined;

  const open = async (): Promise<{ client: PGliteClient; release: () => Promise<void> }> => {
    if (config.client !== undefined) return { client: config.client, release: async () => undefined };
    if (!isInMemory(config.dataDir)) return leasePgliteFolder(config.dataDir as string);
    if (memory === undefined) {
      const created = createPglite(config.dataDir);
      memory = created;
      // a failed start must not be cached: the next connect tries again
      created.catch(() => {
        if (memory === created) memory = undefined;
      });
    }
    return { client: await memory, release: async () => undefined };
  };

  return {
    ...POSTGRES_DIALECT_BASE,
    name: "pglite",
    capabilities: { transactionalDdl: true, concurrentConnections: false },
    async connect() {
      const { client, release } = await open();
      const conn: Connection = pgliteConnection(client, async () => {
        releaseInstanceLock(client, conn);
        await release();
      });
      owners.set(conn, client);
      return conn;
    },
    acquireLock(conn, key, options) {
      return acquireInstanceLock(instanceOf(owners, conn), conn, key, options);
    },
    async releaseLock(conn, key) {
      releaseInstanceLock(instanceOf(owners, conn), conn, key);
    },
    async lockHolder(conn, key) {
      return instanceLockHolder(instanceOf(owners, conn), conn, key);
    },
    async close() {
      const pending = memory;
      memory = undefined;
      const client = await pending?.catch(() => undefined);
      if (client && !client.closed) await client.close();
    },
  };
}

function instanceOf(owners: WeakMap<Connection, PGliteClient>, conn: Connection): PGliteClient {
  const client = owners.get(conn);
  // A connection from another dialect would mean a runner bug; fail loudly rather than lock nothing.
  if (client === undefined) {
    throw new AthanorError(
      "ATHANOR_UNSUPPORTED",
      "pgliteDialect was asked to lock a connection it did not open; pass the connection from this dialect's connect().",
      {},
    );
  }
  return client;
}
