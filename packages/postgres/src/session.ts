// A third, narrowest entry point (`@athanor/postgres/session`): the target a config selects and
// the server dialect's session part (driver, advisory lock, bookkeeping statements), without the
// renderer, PGlite or the differ's hooks. The CLI confirms a no-op `upgrade` from its summary with
// this alone; `./dialects` is imported only when a run has work.

import type { SessionDialectModule } from "@athanor/core/dialect";
import { POSTGRES_BOOKKEEPING_NAMES } from "./bookkeeping-sql.js";
import { postgresSessionDialect } from "./postgres-session.js";
import { postgresLabel, postgresTarget } from "./postgres-target.js";

export type { PostgresDialectConfig } from "./postgres-session.js";
export { postgresSessionDialect } from "./postgres-session.js";

/**
 * PostgreSQL's session module: a server target gets {@link postgresSessionDialect}; PGlite, whose
 * start is its cost anyway, gets the full module's dialect (imported then).
 *
 * @example
 * ```ts
 * registerDialect({ ...entry, loadSession: async () => postgresSessionModule });
 * ```
 */
export const postgresSessionModule: SessionDialectModule = {
  name: "postgresql",
  label: postgresLabel,
  target: postgresTarget,
  bookkeepingNames: POSTGRES_BOOKKEEPING_NAMES,
  async openSession(target) {
    if (target.flavour === "pglite")
      return (await import("./dialect-module.js")).postgresDialectModule.open(target);
    return { dialect: postgresSessionDialect({ url: target.url as string }), close: async () => undefined };
  },
};
