import { createRequire } from "node:module";
import type * as MySqlCore from "drizzle-orm/mysql-core";
import type * as MySqlProxy from "drizzle-orm/mysql-proxy";
import type * as PgCore from "drizzle-orm/pg-core";
import type * as PgProxy from "drizzle-orm/pg-proxy";
import type * as SQLiteCore from "drizzle-orm/sqlite-core";

/**
 * drizzle-orm's dialect modules, loaded only for the dialects a schema uses. Loading all of
 * them costs ~130 module files a process (pg-core 72, mysql-core 54, proxies 6 against
 * sqlite-core's 34), i.e. ~80 ms of CPU on every `check` of a SQLite project. The async entry
 * points (loadDrizzleSchema) load what the collected schema needs with `import()`; the readers
 * then take them from here synchronously. A synchronous caller that loaded nothing (a library
 * user calling drizzleToSchemaModel directly, a revision calling pgDrizzleOf) gets the module
 * through `require`: drizzle-orm's CommonJS build of the same version, which works on the
 * ES-built tables because drizzle compares entities by kind name, not by class identity.
 */
interface Modules {
  readonly pg: typeof PgCore;
  readonly mysql: typeof MySqlCore;
  readonly sqlite: typeof SQLiteCore;
  readonly pgProxy: typeof PgProxy;
  readonly mysqlProxy: typeof MySqlProxy;
}

/** A dialect whose drizzle-orm core a schema can use. */
export type CoreFamily = "pg" | "mysql" | "sqlite";

const loaded: { -readonly [K in keyof Modules]?: Modules[K] } = {};

const SPECIFIERS: Readonly<Record<keyof Modules, string>> = {
  pg: "drizzle-orm/pg-core",
  mysql: "drizzle-orm/mysql-core",
  sqlite: "drizzle-orm/sqlite-core",
  pgProxy: "drizzle-orm/pg-proxy",
  mysqlProxy: "drizzle-orm/mysql-proxy",
};

// literal specifiers, so bundlers and the package's import checks see each one
const IMPORTS: { readonly [K in CoreFamily]: () => Promise<Modules[K]> } = {
  pg: () => import("drizzle-orm/pg-core"),
  mysql: () => import("drizzle-orm/mysql-core"),
  sqlite: () => import("drizzle-orm/sqlite-core"),
};

/**
 * Loads the cores of `families` (ES modules, once each) for the synchronous readers.
 *
 * @example
 * ```ts
 * await loadDialectCores(["sqlite"]); // pg-core and mysql-core stay unloaded
 * ```
 */
export async function loadDialectCores(families: Iterable<CoreFamily>): Promise<void> {
  const wanted = [...new Set(families)].filter((family) => loaded[family] === undefined);
  const modules = await Promise.all(wanted.map((family) => IMPORTS[family]()));
  wanted.forEach((family, i) => {
    // the cast pairs each family with its own import above
    (loaded as Record<CoreFamily, unknown>)[family] ??= modules[i];
  });
}

/**
 * The dialect cores this process has taken so far, loaded or required.
 *
 * @example
 * ```ts
 * await loadDialectCores(["sqlite"]);
 * loadedDialectCores(); // ["sqlite"]
 * ```
 */
export function loadedDialectCores(): CoreFamily[] {
  return (["pg", "mysql", "sqlite"] as const).filter((family) => loaded[family] !== undefined);
}

let require: NodeJS.Require | undefined;

function get<K extends keyof Modules>(name: K): Modules[K] {
  const module = loaded[name];
  if (module !== undefined) return module as Modules[K];
  require ??= createRequire(import.meta.url);
  const required = require(SPECIFIERS[name]) as Modules[K];
  loaded[name] = required;
  return required;
}

/** drizzle-orm/pg-core, loaded (see {@link loadDialectCores}) or required now. */
export const pgCore = (): typeof PgCore => get("pg");
/** drizzle-orm/mysql-core, loaded (see {@link loadDialectCores}) or required now. */
export const mysqlCore = (): typeof MySqlCore => get("mysql");
/** drizzle-orm/sqlite-core, loaded (see {@link loadDialectCores}) or required now. */
export const sqliteCore = (): typeof SQLiteCore => get("sqlite");
/** drizzle-orm/pg-proxy (for op.db), required on first use. */
export const pgProxyModule = (): typeof PgProxy => get("pgProxy");
/** drizzle-orm/mysql-proxy (for op.db), required on first use. */
export const mysqlProxyModule = (): typeof MySqlProxy => get("mysqlProxy");
