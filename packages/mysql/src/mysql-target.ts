import type { Connection, DialectTarget, TargetRequest } from "@athanor/core";
import { AthanorError } from "@athanor/core/errors";
import { hideUrlSecrets, inertText } from "@athanor/core/text";
import type { GaleraMode } from "./galera/galera-node.js";
import type { AlterAlgorithm, AlterLock } from "./render/context.js";
import { flavorLabel, parseServerVersion } from "./server.js";

// What the dialect module and the session module (`@athanor/mysql/session`) both read off a
// target: here, so the session module loads neither the renderer nor the module's other parts.

/**
 * The target a config selects: its URL (`mysql://`, `mariadb://`); MySQL has no embedded mode, so
 * a config without one is ATHANOR_CONFIG_INVALID.
 *
 * @example
 * ```ts
 * mysqlTarget({ url: "mysql://root@db:3306/app", file: "athanor.config.ts", root: "." }).flavour; // "mysql"
 * ```
 */
export function mysqlTarget({ url, file, settings }: TargetRequest): DialectTarget {
  if (url === undefined) {
    throw new AthanorError(
      "ATHANOR_CONFIG_INVALID",
      `${file} selects dialect "mysql" but gives no database URL, and DATABASE_URL is not set. MySQL and MariaDB have no embedded mode.`,
      {
        file,
        field: "url",
        hint: 'set `url: "mysql://user@host:3306/db"` in the config or export DATABASE_URL',
      },
    );
  }
  return { dialect: "mysql", flavour: "mysql", url, ...(settings === undefined ? {} : { settings }) };
}

/**
 * How messages name a target before connecting: `MariaDB` for a `mariadb://` URL, else the
 * flavour the config's `mysql.serverVersion` names, else `MySQL/MariaDB` (a `mysql://` URL reaches
 * either; the server is named once connected: `mysqlDialect(…).serverLabel`).
 *
 * @example
 * ```ts
 * mysqlLabel("mysql", { dialect: "mysql", flavour: "mysql", url: "mariadb://root@db/app" }); // "MariaDB"
 * ```
 */
export function mysqlLabel(_flavour?: string, target?: DialectTarget): string {
  if (target?.url !== undefined && /^mariadb:/i.test(target.url)) return "MariaDB";
  const { serverVersion } = target === undefined ? {} : mysqlTargetSettings(target);
  return serverVersion === undefined
    ? "MySQL/MariaDB"
    : flavorLabel(parseServerVersion(serverVersion).flavor);
}

/**
 * The config's settings of a target (its `mysql` section): ALTER clauses, the Galera lock, and the
 * server version offline rendering assumes until a connection reads the real one.
 */
export function mysqlTargetSettings(target: DialectTarget): {
  readonly algorithm?: AlterAlgorithm;
  readonly lock?: AlterLock;
  readonly galera?: GaleraMode;
  readonly galeraLockLeaseMs?: number;
  readonly serverVersion?: string;
} {
  return (target.settings ?? {}) as ReturnType<typeof mysqlTargetSettings>;
}

/**
 * `dialect` whose `connect` first refuses a URL that names no database (see
 * {@link assertMysqlDatabase}). Its other properties are copied as defined, getters included, so
 * what a connection finds out (the server, how messages name it) still reads through.
 */
export function onNamedDatabase<D extends { connect(): Promise<Connection> }>(
  target: DialectTarget,
  dialect: D,
): D {
  const url = target.url as string;
  const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(dialect)) as D;
  const connect = async () => {
    assertMysqlDatabase(url);
    return dialect.connect();
  };
  return Object.defineProperty(copy, "connect", { value: connect, enumerable: true, writable: true });
}

/**
 * A MySQL URL must name the database: without one the session has no current database and the
 * first CREATE TABLE fails with "No database selected" (after the lock was taken).
 */
function assertMysqlDatabase(url: string): void {
  let database: string;
  try {
    database = decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
  } catch {
    return; // a malformed URL is reported by the driver with its own reason
  }
  if (database !== "") return;
  const shown = hideUrlSecrets(url);
  throw new AthanorError(
    "ATHANOR_CONNECTION_FAILED",
    `The database URL ${inertText(shown)} names no database, and athanor keeps its tables and your schema in one. Add it as the path, e.g. mysql://user@host:3306/mydb. Nothing was run.`,
    { dialect: "mysql", url: shown, hint: "mysql://user@host:3306/<database>" },
  );
}
