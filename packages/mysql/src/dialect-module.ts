import type { Connection, DialectModule, DialectTarget, Operation, SchemaModel } from "@athanor/core";
import { MYSQL_BOOKKEEPING_NAMES } from "./bookkeeping-sql.js";
import { mysqlDifferHooks } from "./differ-hooks.js";
import type { MysqlLintOptions } from "./lint-rules.js";
import { mysqlDialect } from "./mysql-dialect.js";
import { mysqlLabel, mysqlTarget, mysqlTargetSettings, onNamedDatabase } from "./mysql-target.js";
import { quoteIdent } from "./quote.js";
import { mysqlScratchSql } from "./scratch-sql.js";
import { type MysqlServer, parseServerVersion } from "./server.js";
import { serverMismatch } from "./server-mismatch.js";
import { mysqlThrowawayDatabases } from "./throwaway-databases.js";

// The introspector, lint rules and replay conventions are imported when first asked for: `upgrade` needs neither,
// and this module is on the CLI's start-up path (`@athanor/mysql/dialects`).
const introspector = () => import("./introspector.js");
const lintRules = () => import("./lint-rules.js");
const replay = () => import("./replay-conventions.js");

/**
 * MySQL and MariaDB as one dialect module (`mysql://`, `mariadb://`). A target's flavour is
 * `mysql` whatever the URL: the server's own version decides rendering once connected, and lint
 * is told `mariadb` by the URL or `--server-version`. MySQL has no embedded mode, so a config
 * without a URL is refused.
 *
 * @example
 * ```ts
 * registerDialect(mysqlDialectModule, { ifAbsent: true });
 * ```
 */
export const mysqlDialectModule: DialectModule = {
  name: "mysql",
  flavours: ["mysql", "mariadb"],
  urlSchemes: ["mysql", "mariadb"],
  family: "mysql",
  schemasAreDatabases: true,
  label: mysqlLabel,
  target: mysqlTarget,
  bookkeepingNames: MYSQL_BOOKKEEPING_NAMES,
  open(target: DialectTarget) {
    const url = target.url as string;
    const { serverVersion, ...settings } = mysqlTargetSettings(target);
    const server = offlineServer(url, serverVersion);
    const dialect = mysqlDialect({ url, ...(server === undefined ? {} : { server }), ...settings });
    return { dialect: onNamedDatabase(target, dialect), close: async () => undefined };
  },
  async introspect(conn, scope = {}): Promise<SchemaModel> {
    const { introspectMysql } = await introspector();
    return introspectMysql(conn, {
      ...(scope.schemas?.[0] === undefined ? {} : { database: scope.schemas[0] }),
      ...(scope.exclude === undefined ? {} : { exclude: scope.exclude }),
      ...(scope.versionTable === undefined ? {} : { versionTable: scope.versionTable }),
    });
  },
  async currentDatabase(conn) {
    const [row] = (await conn.query<{ db: string | null }>("SELECT DATABASE() AS db")).rows;
    return row?.db ?? "";
  },
  async serverVersionText(conn) {
    return String((await conn.query<{ v: string }>("SELECT VERSION() AS v")).rows[0]?.v ?? "");
  },
  namedServerCheck(target) {
    const { serverVersion } = mysqlTargetSettings(target);
    const named =
      serverVersion === undefined ? undefined : offlineServer(target.url as string, serverVersion);
    if (typeof named !== "object") return undefined;
    return (versionText) => {
      const warning = serverMismatch(named, parseServerVersion(versionText));
      return warning === undefined ? undefined : { code: warning.code, message: warning.message };
    };
  },
  lintFlavour: (url, serverVersion) =>
    /^mariadb:/i.test(url ?? "") || /mariadb/i.test(serverVersion ?? "") ? "mariadb" : "mysql",
  // The same clauses the dialect appends, so lint judges the statements that will run.
  lintRules: async (_info, settings) =>
    (await lintRules()).createMysqlLintRules((settings ?? {}) as MysqlLintOptions),
  differHooks: () => mysqlDifferHooks,
  // The same judgement lint makes: a type change InnoDB can only run by copying the table is
  // staged through an added column, so the plain revision never needs ALGORITHM=COPY.
  stageHooks: async (_conn, flavour) => {
    const { onlineAlgorithm } = await lintRules();
    return {
      serverVersion: undefined,
      placesColumns: true,
      rewritesTable: (from, to) =>
        onlineAlgorithm(
          {
            kind: "alterColumn",
            table: { name: "t" },
            column: "c",
            type: to,
            existingType: from,
          } as Operation,
          { name: flavour },
        ) === "COPY",
    };
  },
  scratch: mysqlScratchSql,
  throwaway: mysqlThrowawayDatabases,
  async columnNames(conn: Connection, table) {
    const rows = await conn.query<{ column_name: string }>(
      "SELECT column_name AS column_name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ?",
      [table.name],
    );
    return rows.rows.map((r) => String(r.column_name).toLowerCase());
  },
  qualifiedTable: (table) => quoteIdent(table.name),
  // without a session database there is no schema to name tables after: the server replay
  replayConventions: async (database) =>
    database === undefined ? undefined : (await replay()).mysqlReplayConventions(database),
  // check/diff at 1,000 tables: process CPU ~2.87 -> ~2.50 s without the optimising compiler
  // (docs/performance.md, "check on servers, sixth pass")
  compareJitTier: "baseline",
};

/**
 * The server offline (`--sql`) renders for until a connection reads the real one: the config's
 * `mysql.serverVersion`, else the flavour a mariadb:// URL names (rendered for MySQL 8.0.0, such a
 * target refused every CHECK constraint), else nothing (the renderer's oldest supported MySQL).
 */
function offlineServer(url: string, serverVersion: string | undefined): MysqlServer | "mariadb" | undefined {
  const mariadbUrl = /^mariadb:/i.test(url);
  if (serverVersion === undefined) return mariadbUrl ? "mariadb" : undefined;
  const parsed = parseServerVersion(serverVersion);
  return mariadbUrl ? { ...parsed, flavor: "mariadb" } : parsed;
}
