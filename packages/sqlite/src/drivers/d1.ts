import type { QueryResult } from "@athanor/core";
import { AthanorError } from "@athanor/core";
import type { SqliteConnection } from "../sqlite-connection.js";
import { droppedTable, refuseCascadingDrop, unguardedDrops } from "./d1-drop-guard.js";
import { splitStatements } from "./split-statements.js";
import { toSqliteValue } from "./sync-database.js";

/** The part of a D1 prepared statement athanor uses (Workers' `D1PreparedStatement`). */
export interface D1StatementLike {
  bind(...values: unknown[]): D1StatementLike;
  all<Row = unknown>(): Promise<{
    readonly results?: readonly Row[];
    readonly meta?: { readonly changes?: number };
  }>;
}

/** The part of a D1 binding athanor uses (Workers' `D1Database`, miniflare's `getD1Database`). */
export interface D1DatabaseLike {
  prepare(sql: string): D1StatementLike;
  batch(statements: D1StatementLike[]): Promise<unknown[]>;
}

const BEGIN = /^\s*BEGIN\b/i;
const COMMIT = /^\s*(?:COMMIT|END)\s*;?\s*$/i;
const ROLLBACK = /^\s*ROLLBACK\s*;?\s*$/i;
const READ = /^\s*(?:SELECT|VALUES)\b/i;

/**
 * A session on a D1 database. D1 refuses BEGIN/COMMIT: each statement runs in a transaction of
 * its own and a `batch` is the only way to run several in one. So a `BEGIN` here starts
 * collecting statements and `COMMIT` sends them as one batch (ROLLBACK drops them): the runner's
 * version-row updates and progress markers commit atomically, as in a transaction. A script of
 * several statements (a rendered rebuild) is one batch too. A read after a write inside such a
 * transaction cannot see the write before the batch runs: refused with ATHANOR_UNSUPPORTED.
 *
 * @example
 * ```ts
 * const conn = wrapD1(await miniflare.getD1Database("DB"), "DB");
 * ```
 */
export function wrapD1(db: D1DatabaseLike, label: string): SqliteConnection {
  const connection = sessionOf(db, label);
  direct.set(connection, async (sql, params) => {
    await (params.length === 0 ? db.prepare(sql) : db.prepare(sql).bind(...params.map(toSqliteValue))).all();
  });
  return connection;
}

// Each D1 session's way to send a statement at once, past a transaction it is collecting.
const direct = new WeakMap<object, (sql: string, params: readonly unknown[]) => Promise<void>>();

/**
 * Runs a write on a D1 session now, outside the batch the session may be collecting (the lock's
 * lease renewal: queued into a backfill batch whose `compute` runs long, it would reach D1 only
 * at that batch's COMMIT — or never, if it rolls back — and the lease could lapse meanwhile).
 * On any other session it is an ordinary query.
 *
 * @example
 * ```ts
 * await writeOutsideBatch(conn, "UPDATE athanor_lock SET expires_at = ? WHERE key = ?", [until, key]);
 * ```
 */
export async function writeOutsideBatch(
  conn: object & { query(sql: string, params?: readonly unknown[]): Promise<unknown> },
  sql: string,
  params: readonly unknown[],
): Promise<void> {
  const now = direct.get(conn);
  if (now !== undefined) await now(sql, params);
  else await conn.query(sql, params);
}

function sessionOf(db: D1DatabaseLike, label: string): SqliteConnection {
  let pending: D1StatementLike[] | undefined;
  const statement = (sql: string, params: readonly unknown[] = []) => {
    const prepared = db.prepare(sql);
    return params.length === 0 ? prepared : prepared.bind(...params.map(toSqliteValue));
  };
  const commit = async () => {
    const batch = pending ?? [];
    pending = undefined;
    if (batch.length > 0) await db.batch(batch);
  };
  const query = async <Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> => {
    if (BEGIN.test(sql)) {
      if (pending !== undefined) throw new Error("cannot start a transaction within a transaction");
      pending = [];
      return { rows: [] };
    }
    if (COMMIT.test(sql)) {
      await commit();
      return { rows: [] };
    }
    if (ROLLBACK.test(sql)) {
      pending = undefined;
      return { rows: [] };
    }
    if (pending !== undefined && !(READ.test(sql) && pending.length === 0)) {
      if (READ.test(sql)) throw readInBatch(sql);
      pending.push(statement(sql, params));
      return { rows: [] };
    }
    const dropped = droppedTable(sql);
    if (dropped !== undefined) await refuseCascadingDrop(read, dropped);
    return read<Row>(sql, params);
  };
  const read = async <Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> => {
    const result = await statement(sql, params).all<Row>();
    return { rows: [...(result.results ?? [])], rowCount: result.meta?.changes };
  };
  return {
    file: label,
    driver: "d1",
    query,
    async executeScript(statements) {
      for (const [index, sql] of statements.entries()) {
        try {
          const parts = splitStatements(sql);
          if (parts.length === 1) await query(parts[0] as string);
          else if (pending !== undefined) pending.push(...parts.map((p) => statement(p)));
          else {
            for (const table of unguardedDrops(parts)) await refuseCascadingDrop(read, table);
            await db.batch(parts.map((p) => statement(p)));
          }
        } catch (error) {
          throw Object.assign(error as object, { statementIndex: index });
        }
      }
    },
    async close() {
      pending = undefined;
    },
  };
}

function readInBatch(sql: string): AthanorError {
  return new AthanorError(
    "ATHANOR_UNSUPPORTED",
    `D1 runs a transaction as one batch, so a read after a write in it cannot see the write: ${sql.slice(0, 80)}. Read before the revision writes, or in a revision of its own.`,
    { dialect: "sqlite", kind: "query", what: "a read inside a D1 batch after a write" },
  );
}
