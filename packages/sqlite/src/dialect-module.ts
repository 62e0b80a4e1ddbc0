import type { Connection, DialectModule, DialectTarget, SchemaModel } from "@athanor/core";
import { sqliteDifferHooks } from "./differ-hooks.js";
import { introspectSqlite } from "./introspector.js";
import { sqliteTableRows } from "./lint/table-rows.js";
import { sqliteLintRules } from "./lint-rules.js";
import { quoteIdent } from "./quote.js";
import { sqliteScratchSql, sqliteThrowawayDatabases } from "./scratch-sql.js";
import { sqliteDialect } from "./sqlite-dialect.js";
import type { SqliteFileDriver } from "./sqlite-driver.js";
import { sqliteTarget } from "./sqlite-target.js";

/**
 * SQLite as a dialect module (`sqlite:` and `file:` URLs, as drizzle-kit spells them, and libSQL's
 * `libsql:`; `d1:` only for `@athanor/testing`'s `d1::memory:` — a config's `d1:` URL is refused,
 * D1 is reached through a binding). The URL's path is resolved against the config's folder when the target is chosen, so
 * every command of a project opens the same file; the config's `sqlite: { driver }` picks the
 * driver (sqlite-target.ts). Autogenerate diffs it with {@link sqliteDifferHooks}; staged
 * expand/contract recipes are not written for SQLite (docs/sqlite.md says why).
 *
 * @example
 * ```ts
 * registerDialect(sqliteDialectModule, { ifAbsent: true });
 * ```
 */
export const sqliteDialectModule: DialectModule = {
  name: "sqlite",
  flavours: ["sqlite"],
  urlSchemes: ["sqlite", "file", "libsql", "d1"],
  family: "sqlite",
  schemasAreDatabases: false,
  label: () => "SQLite",
  target: sqliteTarget,
  open(target: DialectTarget) {
    const settings = target.settings ?? {};
    const dialect = sqliteDialect({
      file: target.url as string,
      driver: settings.driver as SqliteFileDriver | undefined,
      authToken: settings.authToken as string | undefined,
      mustExist: target.mustExist,
    });
    return { dialect, close: async () => undefined };
  },
  // The introspector, the lint rules and the row counts are imported statically, not on demand:
  // index.ts exports the first two anyway, so on-demand imports kept nothing out of a process and
  // only split the package into a file per set of entries sharing code, each opened by Node's
  // loader at every SQLite command (the package is now one file).
  introspect: async (conn, scope = {}): Promise<SchemaModel> => introspectSqlite(conn, scope),
  currentDatabase: async () => undefined,
  async serverVersionText(conn) {
    return String((await conn.query<{ v: string }>("SELECT sqlite_version() AS v")).rows[0]?.v ?? "");
  },
  lintFlavour: () => "sqlite",
  lintRules: async () => sqliteLintRules,
  // Live row counts for lint's table-size hints: the database is a local file, cheap to count.
  lintTableRows: (target) => sqliteTableRows(String(target.url)),
  differHooks: () => sqliteDifferHooks,
  stageHooks: async () => ({ serverVersion: undefined, rewritesTable: () => true }),
  scratch: sqliteScratchSql,
  throwaway: sqliteThrowawayDatabases,
  async columnNames(conn: Connection, table) {
    const rows = await conn.query<{ name: string }>("SELECT name FROM pragma_table_info(?)", [table.name]);
    return rows.rows.map((r) => String(r.name).toLowerCase());
  },
  qualifiedTable: (table) => quoteIdent(table.name),
  // check/diff at 1,000 tables: ~1.25 -> ~0.85 s of process CPU without the optimising compiler
  // (docs/performance.md, "SQLite check, sixth pass")
  compareJitTier: "baseline",
};
