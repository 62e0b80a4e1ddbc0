// The slices of mysql2 this package uses, typed structurally so that @athanor/mysql's public
// types do not depend on mysql2's (the driver is a peer dependency, imported lazily).

/**
 * mysql2's callback-style query object: emits `fields` once per finished statement (with
 * `undefined` for statements without a result set), `error`, and `end`.
 */
export interface MysqlQueryEmitter {
  on(event: "fields", listener: (fields: unknown) => void): this;
  /** A row of the statement at `index` (0 for the first of a multi-statement query). */
  on(event: "result", listener: (row: unknown, index: number) => void): this;
  on(event: "error", listener: (error: Error) => void): this;
  on(event: "end", listener: () => void): this;
  on(event: string, listener: (...args: never[]) => void): this;
}

/** The callback-style connection under a promise connection (`promiseConnection.connection`). */
export interface MysqlCoreConnectionLike {
  query(sql: string): MysqlQueryEmitter;
  /** `multipleStatements` and friends, as the connection was opened with. */
  readonly config?: { readonly multipleStatements?: boolean } | undefined;
  /** The socket (mysql2 keeps it as `stream`). */
  readonly stream?: { readonly writableLength: number; unref(): unknown } | undefined;
}

/**
 * The subset of a `mysql2/promise` Connection athanor needs; pass your own with
 * `mysqlDialect({ client })`.
 *
 * @example
 * ```ts
 * import mysql from "mysql2/promise";
 * const client: MysqlClientLike = await mysql.createConnection({ uri, multipleStatements: true });
 * ```
 */
export interface MysqlClientLike {
  query(sql: string, values?: readonly unknown[]): Promise<[unknown, unknown]>;
  end(): Promise<void>;
  /** Present on mysql2 connections; used to tell which statement of a script failed. */
  readonly connection?: MysqlCoreConnectionLike | undefined;
}

/** One connection lent by a pool ({@link MysqlPoolLike}): given back with `release()`. */
export interface MysqlPoolConnectionLike extends MysqlClientLike {
  release(): void;
  /** Closes it and takes it out of its pool (a session the server ended, or one still holding a lock). */
  destroy(): void;
}

/**
 * The subset of a `mysql2/promise` Pool athanor needs: a run takes one of its connections for the
 * whole run (a pool's own `query` goes to any free connection, and the lock, the transactions and
 * the unlock must share one session) and gives it back at the end.
 *
 * @example
 * ```ts
 * import mysql from "mysql2/promise";
 * const pool: MysqlPoolLike = mysql.createPool({ uri, connectionLimit: 8 });
 * const dialect = mysqlDialect({ client: pool });
 * ```
 */
export interface MysqlPoolLike {
  getConnection(): Promise<MysqlPoolConnectionLike>;
}

/** What mysql2 errors carry besides the message. */
export interface MysqlDriverError {
  readonly code?: string;
  readonly errno?: number;
  readonly sqlState?: string;
  readonly sqlMessage?: string;
}
