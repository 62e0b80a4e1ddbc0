import type { Connection } from "../../dialect/connection.js";
import type { Dialect, LockOptions } from "../../dialect/dialect.js";
import { AthanorError } from "../../errors.js";
import type { Operation } from "../../ops/operation.js";

/** The slice of a PGlite instance the test dialect uses (kept structural: core does not depend on PGlite). */
export interface PGliteLike {
  query<Row>(sql: string, params?: unknown[]): Promise<{ rows: Row[]; affectedRows?: number }>;
  exec(sql: string): Promise<unknown>;
}

/** A {@link Dialect} plus what the runner tests observe about it. */
export interface TestDialect extends Dialect {
  /** Every statement sent through executeScript, in order. */
  readonly executed: string[];
  /** Number of executeScript calls (round trips). */
  readonly roundTrips: { count: number };
  /** Connections opened and closed. */
  readonly connections: { opened: number; closed: number };
}

/**
 * A minimal PostgreSQL dialect over an in-memory PGlite, for core's own runner tests: it renders
 * only `execute` operations (the real renderer lives in @athanor/postgres) and runs scripts one
 * statement at a time so failures carry an exact `statementIndex`.
 *
 * @example
 * ```ts
 * const dialect = pgliteTestDialect(new PGlite());
 * await upgrade({ dialect, revisions }, "heads");
 * ```
 */
export function pgliteTestDialect(
  db: PGliteLike,
  options: {
    readonly transactionalDdl?: boolean;
    /** Send each script in one call and, like a real driver on a runtime error, not say which statement failed. */
    readonly opaqueBatches?: boolean;
  } = {},
): TestDialect {
  const executed: string[] = [];
  const roundTrips = { count: 0 };
  const connections = { opened: 0, closed: 0 };
  const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const quoteLiteral = (value: string) => `'${value.replaceAll("'", "''")}'`;
  return {
    name: "pglite",
    capabilities: { transactionalDdl: options.transactionalDdl ?? true, concurrentConnections: false },
    executed,
    roundTrips,
    connections,
    render(op: Operation): readonly string[] {
      if (op.kind === "execute") return [op.sql];
      throw new AthanorError(
        "ATHANOR_UNSUPPORTED",
        `The core test dialect renders only execute operations, not ${op.kind}.`,
        { kind: op.kind },
      );
    },
    async connect(): Promise<Connection> {
      connections.opened++;
      let closed = false;
      return {
        async query<Row>(sql: string, params?: readonly unknown[]) {
          const result = await db.query<Row>(sql, params ? [...params] : undefined);
          return { rows: result.rows, rowCount: result.affectedRows };
        },
        async executeScript(statements: readonly string[]) {
          roundTrips.count++;
          if (options.opaqueBatches) {
            executed.push(...statements);
            await db.exec(statements.join(";\n"));
            return;
          }
          for (const [index, statement] of statements.entries()) {
            executed.push(statement);
            try {
              await db.exec(statement);
            } catch (error) {
              throw Object.assign(error as object, { statementIndex: index });
            }
          }
        },
        async close() {
          if (!closed) connections.closed++;
          closed = true;
        },
      };
    },
    async acquireLock(conn: Connection, key: string, lock: LockOptions) {
      const started = performance.now();
      for (;;) {
        const { rows } = await conn.query<{ ok: boolean }>(
          "SELECT pg_try_advisory_lock(hashtext($1)) AS ok",
          [key],
        );
        if (rows[0]?.ok) return { waitedMs: performance.now() - started };
        if (performance.now() - started > lock.timeoutMs) {
          throw new AthanorError(
            "ATHANOR_LOCK_TIMEOUT",
            `Lock ${key} still held after ${lock.timeoutMs} ms.`,
            { key },
          );
        }
        await new Promise((r) => setTimeout(r, lock.pollMs));
      }
    },
    async releaseLock(conn: Connection, key: string) {
      await conn.query("SELECT pg_advisory_unlock(hashtext($1))", [key]);
    },
    quoteIdent,
    quoteLiteral,
    beginTransaction: "BEGIN",
    commitTransaction: "COMMIT",
  };
}
