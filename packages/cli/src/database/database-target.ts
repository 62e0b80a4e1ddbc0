import { join } from "node:path";
import { AthanorError } from "@athanor/core/errors";
import type { MysqlSettings } from "../config/define-config.js";
import type { ResolvedConfig } from "../config/load-config.js";

/** Folder of the embedded database, relative to the config file's folder. */
export const PGLITE_FOLDER = ".athanor/pglite";

/**
 * Which database a command talks to, decided from the config alone (nothing is imported or
 * connected yet). `pglite` is the newcomer's default: PostgreSQL with no URL means an embedded
 * database in `.athanor/pglite` next to the config.
 *
 * @example
 * ```ts
 * const target: DatabaseTarget = { kind: "pglite", dataDir: "/repo/.athanor/pglite" };
 * ```
 */
export type DatabaseTarget =
  | { readonly kind: "postgresql"; readonly url: string }
  | { readonly kind: "pglite"; readonly dataDir: string }
  | {
      readonly kind: "mysql";
      readonly url: string;
      /** The config's `mysql: { algorithm, lock }` online-DDL clauses. */
      readonly online?: MysqlSettings | undefined;
    };

/**
 * Picks the database from `dialect` and `url` (the config's, else `DATABASE_URL`). Without a
 * `dialect`, a `mysql://`/`mariadb://` URL means MySQL and anything else PostgreSQL. MySQL has no
 * embedded fallback, so it needs a URL (ATHANOR_CONFIG_INVALID otherwise).
 *
 * @example
 * ```ts
 * databaseTargetOf({ ...config, dialect: "postgresql", url: undefined }); // { kind: "pglite", dataDir: ".../.athanor/pglite" }
 * ```
 */
export function databaseTargetOf(config: ResolvedConfig): DatabaseTarget {
  const url = config.url;
  const dialect =
    config.dialect ?? (url !== undefined && /^(mysql|mariadb):/i.test(url) ? "mysql" : "postgresql");
  if (dialect === "mysql") {
    if (url === undefined) {
      throw new AthanorError(
        "ATHANOR_CONFIG_INVALID",
        `${config.file} selects dialect "mysql" but gives no database URL, and DATABASE_URL is not set. MySQL has no embedded mode.`,
        {
          file: config.file,
          field: "url",
          hint: 'set `url: "mysql://user@host:3306/db"` in the config or export DATABASE_URL',
        },
      );
    }
    return { kind: "mysql", url, ...(config.mysql === undefined ? {} : { online: config.mysql }) };
  }
  if (url === undefined) return { kind: "pglite", dataDir: join(config.root, PGLITE_FOLDER) };
  return { kind: "postgresql", url };
}

/**
 * The target as a user may see it: never the password.
 *
 * @example
 * ```ts
 * describeTarget({ kind: "postgresql", url: "postgres://me:pw@db:5432/app" }); // "PostgreSQL at db:5432/app"
 * ```
 */
export function describeTarget(target: DatabaseTarget, displayDir: (path: string) => string): string {
  if (target.kind === "pglite") return `PGlite in ${displayDir(target.dataDir)}`;
  const name = target.kind === "mysql" ? "MySQL" : "PostgreSQL";
  try {
    const url = new URL(target.url);
    return `${name} at ${url.hostname}${url.port ? `:${url.port}` : ""}${url.pathname}`;
  } catch {
    return name;
  }
}
