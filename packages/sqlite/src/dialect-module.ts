import type { Connection, DialectModule, DialectTarget, SchemaModel } from "@athanor/core";
import { AthanorError } from "@athanor/core";
import { sqliteDifferHooks } from "./differ-hooks.js";
import { quoteIdent } from "./quote.js";
import { sqliteScratchSql, sqliteThrowawayDatabases } from "./scratch-sql.js";
import { sqliteDialect } from "./sqlite-dialect.js";
import { sqliteFileOf } from "./sqlite-url.js";

/**
 * SQLite as a dialect module (`sqlite:` and `file:` URLs, as drizzle-kit spells them). The URL's
 * path is resolved against the config's folder when the target is chosen, so every command of a
 * project opens the same file. Autogenerate diffs it with {@link sqliteDifferHooks}; staged
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
  urlSchemes: ["sqlite", "file"],
  family: "sqlite",
  schemasAreDatabases: false,
  label: () => "SQLite",
  target({ url, file, root, settings }) {
    if (url === undefined) {
      throw new AthanorError(
        "ATHANOR_CONFIG_INVALID",
        `${file} selects dialect "sqlite" but names no database file, and DATABASE_URL is not set.`,
        { file, field: "url", hint: 'set `url: "file:./app.db"` in the config or export DATABASE_URL' },
      );
    }
    return {
      dialect: "sqlite",
      flavour: "sqlite",
      url: sqliteFileOf(url, root),
      ...(settings === undefined ? {} : { settings }),
    };
  },
  open(target: DialectTarget) {
    return { dialect: sqliteDialect({ file: target.url as string }), close: async () => undefined };
  },
  introspect: async (conn, scope = {}): Promise<SchemaModel> =>
    (await import("./introspector.js")).introspectSqlite(conn, scope),
  currentDatabase: async () => undefined,
  async serverVersionText(conn) {
    return String((await conn.query<{ v: string }>("SELECT sqlite_version() AS v")).rows[0]?.v ?? "");
  },
  lintFlavour: () => "sqlite",
  // No SQLite-specific rules yet: lint runs the rules every dialect shares.
  lintRules: async () => [],
  differHooks: () => sqliteDifferHooks,
  stageHooks: async () => ({ serverVersion: undefined, rewritesTable: () => true }),
  scratch: sqliteScratchSql,
  throwaway: sqliteThrowawayDatabases,
  async columnNames(conn: Connection, table) {
    const rows = await conn.query<{ name: string }>("SELECT name FROM pragma_table_info(?)", [table.name]);
    return rows.rows.map((r) => String(r.name).toLowerCase());
  },
  qualifiedTable: (table) => quoteIdent(table.name),
};
