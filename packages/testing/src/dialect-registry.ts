import {
  type DialectEntry,
  type DialectModule,
  dialectEntryForUrl,
  loadDialect,
  registerDialect,
} from "@athanor/core/dialect";
import { importPeer } from "./database-helpers.js";

// The built-in dialects as @athanor/testing finds them: optional peers, imported when a test
// needs one. A project's own dialect, registered with core's `registerDialect` before the
// tests run, is found the same way (and wins over these).
const BUILT_IN: readonly DialectEntry[] = [
  {
    name: "postgresql",
    urlSchemes: ["postgres", "postgresql"],
    load: async () =>
      (
        await importPeer(
          "@athanor/postgres",
          () => import("@athanor/postgres"),
          'a PostgreSQL or PGlite test database (the default when no database URL is given; a SQLite, MySQL or MariaDB project passes `database: { url: "sqlite::memory:" }` or a mysql:// URL)',
        )
      ).postgresDialectModule,
  },
  {
    name: "mysql",
    urlSchemes: ["mysql", "mariadb"],
    load: async () =>
      (await importPeer("@athanor/mysql", () => import("@athanor/mysql"), "a MySQL/MariaDB test database"))
        .mysqlDialectModule,
  },
  {
    name: "sqlite",
    urlSchemes: ["sqlite", "file", "libsql", "d1"],
    load: async () =>
      (await importPeer("@athanor/sqlite", () => import("@athanor/sqlite"), "a SQLite test database"))
        .sqliteDialectModule,
  },
];

/**
 * The dialect module registered under `name` (ATHANOR_DIALECT_UNKNOWN when nothing is).
 *
 * @example
 * ```ts
 * const module = await testDialectModule(db.dialectName);
 * ```
 */
export function testDialectModule(name: string): Promise<DialectModule> {
  registerBuiltIns();
  return loadDialect(name);
}

/**
 * The registered dialect whose URL schemes include `url`'s, or undefined.
 *
 * @example
 * ```ts
 * testDialectEntryForUrl("mariadb://db/test")?.name; // "mysql"
 * ```
 */
export function testDialectEntryForUrl(url: string): DialectEntry | undefined {
  registerBuiltIns();
  return dialectEntryForUrl(url);
}

function registerBuiltIns(): void {
  for (const entry of BUILT_IN) registerDialect(entry, { ifAbsent: true });
}
