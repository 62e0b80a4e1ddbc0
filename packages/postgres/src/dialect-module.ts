import type { Connection, DialectModule, DialectTarget, SchemaModel } from "@athanor/core";
import { POSTGRES_BOOKKEEPING_NAMES } from "./bookkeeping-sql.js";
import { postgresDifferHooks } from "./differ-hooks.js";
import { pgliteDialect } from "./pglite-dialect.js";
import { postgresLabel, postgresTarget } from "./postgres-target.js";

export { PGLITE_FOLDER } from "./postgres-target.js";

import { postgresDialect } from "./postgres-dialect.js";
import { quoteIdent } from "./quote.js";
import { postgresScratchSql } from "./scratch-sql.js";
import { postgresThrowawayDatabases } from "./throwaway-databases.js";

// The introspector, lint rules and replay conventions are imported when first asked for: `upgrade` needs neither,
// and this module is on the CLI's start-up path.
const introspector = () => import("./introspector.js");
const lintRules = () => import("./lint-rules.js");
const replay = () => import("./replay-conventions.js");

/**
 * PostgreSQL as one dialect module with two flavours: a server over postgres.js (`postgres://`,
 * `postgresql://`) and PGlite, the embedded database a config without a URL gets, in
 * `.athanor/pglite` next to the config.
 *
 * @example
 * ```ts
 * registerDialect(postgresDialectModule, { ifAbsent: true });
 * ```
 */
export const postgresDialectModule: DialectModule = {
  name: "postgresql",
  flavours: ["postgresql", "pglite"],
  urlSchemes: ["postgres", "postgresql"],
  family: "postgresql",
  schemasAreDatabases: false,
  label: postgresLabel,
  target: postgresTarget,
  bookkeepingNames: POSTGRES_BOOKKEEPING_NAMES,
  open(target: DialectTarget) {
    if (target.flavour === "pglite") {
      const dialect = pgliteDialect(target.dataDir === undefined ? {} : { dataDir: target.dataDir });
      return { dialect, close: () => dialect.close() };
    }
    return { dialect: postgresDialect({ url: target.url as string }), close: async () => undefined };
  },
  async introspect(conn, scope = {}): Promise<SchemaModel> {
    const { introspectPostgres } = await introspector();
    return introspectPostgres(conn, {
      ...(scope.schemas === undefined ? {} : { schemas: scope.schemas }),
      ...(scope.exclude === undefined ? {} : { exclude: scope.exclude }),
      ...(scope.versionTable === undefined ? {} : { versionTable: scope.versionTable }),
      ...(scope.fewTables === undefined ? {} : { fewTables: scope.fewTables }),
    });
  },
  currentDatabase: async () => undefined,
  async serverVersionText(conn) {
    return String(
      (await conn.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v ?? "",
    );
  },
  lintFlavour: () => "postgresql",
  lintRules: async () => (await lintRules()).postgresLintRules,
  differHooks: () => postgresDifferHooks,
  async stageHooks(conn: Connection) {
    const { isBinaryCompatibleChange } = await lintRules();
    const [row] = (await conn.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows;
    return {
      serverVersion: row === undefined ? undefined : Number(row.v),
      rewritesTable: (from, to) => !isBinaryCompatibleChange(from, to),
    };
  },
  scratch: postgresScratchSql,
  throwaway: postgresThrowawayDatabases,
  async columnNames(conn, table) {
    const rows = await conn.query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2",
      [table.schema, table.name],
    );
    return rows.rows.map((r) => String(r.column_name).toLowerCase());
  },
  qualifiedTable: (table) => `${quoteIdent(table.schema)}.${quoteIdent(table.name)}`,
  replayConventions: async () => (await replay()).postgresReplayConventions("public"),
  // check/diff at 1,000 tables: less process CPU without the optimising compiler, on a server
  // and on PGlite (docs/performance.md, "check on servers, sixth pass")
  compareJitTier: "baseline",
};
