// A third, narrowest entry point (`@athanor/mysql/session`): the target a config selects and the
// dialect's session part (driver, GET_LOCK or Galera's lock row, bookkeeping statements), without
// the renderer or the differ's hooks. The CLI confirms a no-op `upgrade` from its summary with
// this alone; `./dialects` is imported only when a run has work.

import type { SessionDialectModule } from "@athanor/core/dialect";
import { MYSQL_BOOKKEEPING_NAMES } from "./bookkeeping-sql.js";
import { mysqlSessionDialect } from "./mysql-session.js";
import { mysqlLabel, mysqlTarget, mysqlTargetSettings, onNamedDatabase } from "./mysql-target.js";

export { type MysqlSessionOptions, mysqlSessionDialect } from "./mysql-session.js";

/**
 * MySQL's session module: {@link mysqlSessionDialect} for a target, refusing a URL without a
 * database as the full module's dialect does.
 *
 * @example
 * ```ts
 * registerDialect({ ...entry, loadSession: async () => mysqlSessionModule });
 * ```
 */
export const mysqlSessionModule: SessionDialectModule = {
  name: "mysql",
  label: mysqlLabel,
  target: mysqlTarget,
  bookkeepingNames: MYSQL_BOOKKEEPING_NAMES,
  async openSession(target) {
    const dialect = mysqlSessionDialect({ url: target.url as string, ...mysqlTargetSettings(target) });
    return { dialect: onNamedDatabase(target, dialect), close: async () => undefined };
  },
};
