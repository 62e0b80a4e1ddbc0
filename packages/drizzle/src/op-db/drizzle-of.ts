import { AthanorError, type Op } from "@athanor/core";
import type { drizzle as mysqlProxy } from "drizzle-orm/mysql-proxy";
import type { drizzle as pgProxy } from "drizzle-orm/pg-proxy";
import { mysqlProxyModule, pgProxyModule } from "../dialect-cores.js";

type Method = "all" | "execute" | "values" | "get" | "run";

/** Drizzle's proxy drivers want positional rows for `all`/`values` and the raw rows otherwise. */
function proxyCallback(op: Op) {
  return async (sql: string, params: unknown[], method: Method) => {
    const rows = await op.query(sql, params);
    // Rows come back as objects in select order; duplicate column names in one select (two
    // tables' `id` without aliases) collapse, so alias them when joining through this handle.
    if (method === "all" || method === "values") return { rows: rows.map((row) => Object.values(row)) };
    if (method === "get") return { rows: rows[0] === undefined ? [] : Object.values(rows[0]) };
    return { rows };
  };
}

/**
 * mysql-proxy reads `insertId`/`affectedRows` from the first row of a write; `op.query` returns
 * rows only, so a write reports neither (`$returningId()` is not supported through this handle).
 */
function mysqlProxyCallback(op: Op) {
  const base = proxyCallback(op);
  return async (sql: string, params: unknown[], method: Method) => {
    const result = await base(sql, params, method);
    if (method === "execute" && result.rows.length === 0) {
      return { rows: [{ insertId: undefined, affectedRows: undefined }] };
    }
    return result;
  };
}

const MYSQL_DIALECTS = new Set(["mysql", "mariadb"]);
const POSTGRES_DIALECTS = new Set(["postgresql", "pglite"]);

/**
 * A Drizzle (pg-core) handle on the revision's own connection and transaction, through
 * `op.query`: pending operations are applied first, so it sees the revision's DDL. For data
 * migrations written with Drizzle's query builder, the way Alembic users reach for
 * `op.get_bind()`. Online only: offline `--sql` rejects queries.
 *
 * @example
 * ```ts
 * import { pgDrizzleOf } from "@athanor/drizzle";
 * import { users } from "../../src/schema";
 * export default defineRevision({ id: "b2", parents: ["a1"], message: "normalise emails",
 *   async upgrade(op) {
 *     const db = pgDrizzleOf(op);
 *     await db.update(users).set({ email: sql`lower(${users.email})` });
 *   },
 *   downgrade() {},
 * });
 * ```
 */
export function pgDrizzleOf<TSchema extends Record<string, unknown> = Record<string, never>>(
  op: Op,
  config: { readonly schema?: TSchema } = {},
) {
  return pgProxyModule().drizzle(proxyCallback(op) as Parameters<typeof pgProxy>[0], config);
}

/**
 * The MySQL/MariaDB (mysql-core) counterpart of {@link pgDrizzleOf}.
 *
 * @example
 * ```ts
 * const db = mysqlDrizzleOf(op);
 * await db.update(users).set({ active: true });
 * ```
 */
export function mysqlDrizzleOf<TSchema extends Record<string, unknown> = Record<string, never>>(
  op: Op,
  config: { readonly schema?: TSchema } = {},
) {
  return mysqlProxyModule().drizzle(mysqlProxyCallback(op) as Parameters<typeof mysqlProxy>[0], config);
}

/**
 * Picks {@link pgDrizzleOf} or {@link mysqlDrizzleOf} from `op.dialect`, for revisions that
 * serve both families (narrow the result yourself, or call the specific one). Any other dialect
 * (SQLite, one registered from outside) is refused with ATHANOR_DIALECT_UNKNOWN rather than
 * handed a handle that writes another family's SQL: call the specific one for it.
 *
 * @example
 * ```ts
 * const db = drizzleOf(op);
 * ```
 */
export function drizzleOf(op: Op) {
  if (MYSQL_DIALECTS.has(op.dialect)) return mysqlDrizzleOf(op);
  if (POSTGRES_DIALECTS.has(op.dialect)) return pgDrizzleOf(op);
  throw new AthanorError(
    "ATHANOR_DIALECT_UNKNOWN",
    `drizzleOf(op) picks a PostgreSQL or MySQL handle; the revision runs on ${op.dialect}. Call pgDrizzleOf(op) or mysqlDrizzleOf(op) if its SQL is one of those.`,
    { dialect: op.dialect },
  );
}
