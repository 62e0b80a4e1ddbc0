import type { Connection, QueryResult } from "../dialect/connection.js";
import type { Dialect } from "../dialect/dialect.js";
import { checkedSessionId } from "./statement-cancel.js";

/** A pooled session lent to one target's run: `close()` gives it back instead of ending it. */
export interface LeasedSession extends Connection {
  /** Ends the underlying session now (a run past its timeout): the server rolls back and unlocks. */
  destroy(): Promise<void>;
  /** The driver's connection, for dialect calls that recognise their own (PGlite's lock). */
  readonly inner: Connection;
  /** The session's id on the server, when the pool was asked to identify sessions (to cancel them). */
  readonly sessionId?: string | undefined;
}

/**
 * Idle sessions of one server, reused from target to target: a schema fleet of a thousand tenants
 * opens at most `size` connections. Each lease switches the session to its target's schema with
 * the dialect's `useSchema` statement. A session on which any statement failed is ended rather
 * than reused, so a broken or half-rolled-back session never reaches the next tenant.
 */
export class SessionPool {
  readonly #dialect: Dialect;
  readonly #size: number;
  readonly #idle: Connection[] = [];
  readonly #identify: boolean;
  readonly #ids = new WeakMap<Connection, string | undefined>();
  #closed = false;

  /** `identify`: learn each session's server id once (one query per connection), so a timed-out run can be cancelled. */
  constructor(dialect: Dialect, size: number, identify = false) {
    this.#dialect = dialect;
    this.#size = Math.max(1, size);
    this.#identify = identify && dialect.statementCancel !== undefined;
  }

  /**
   * A session switched to `schema` (or left at the URL's default when undefined). An idle session
   * that fails its switch (the server ended it while it waited in the pool: KILL, wait_timeout, a
   * restart) is dropped and the target gets a fresh one, instead of failing a target that never ran.
   */
  async lease(schema: string | undefined): Promise<LeasedSession> {
    const idle = this.#idle.pop();
    if (idle !== undefined && schema !== undefined) {
      try {
        return await this.#switched(idle, schema);
      } catch {
        // dropped (a failed statement ends the session); a fresh one says whether it was the session
      }
    } else if (idle !== undefined) return this.#switched(idle, schema);
    return this.#switched(await this.#dialect.connect(), schema);
  }

  async #switched(conn: Connection, schema: string | undefined): Promise<LeasedSession> {
    if (this.#identify && !this.#ids.has(conn)) {
      try {
        const { rows } = await conn.query<{ id: unknown }>(
          this.#dialect.statementCancel?.sessionId as string,
        );
        this.#ids.set(conn, checkedSessionId(rows[0]?.id));
      } catch (error) {
        await conn.close().catch(() => undefined);
        throw error;
      }
    }
    const session = this.#wrap(conn);
    if (schema !== undefined) {
      // checkTargets made sure useSchema exists; the name reaches SQL only through quoteIdent
      const use = this.#dialect.useSchema?.(schema) as string;
      try {
        await session.query(use);
      } catch (error) {
        await session.close();
        throw error;
      }
    }
    return session;
  }

  /** Ends every idle session; sessions still lent are ended when they come back. */
  async close(): Promise<void> {
    this.#closed = true;
    const idle = this.#idle.splice(0);
    await Promise.all(idle.map((conn) => conn.close().catch(() => undefined)));
  }

  #wrap(conn: Connection): LeasedSession {
    let broken = false;
    let returned = false;
    const watch = <T>(promise: Promise<T>): Promise<T> =>
      promise.catch((error: unknown) => {
        broken = true;
        throw error;
      });
    const end = async () => {
      if (returned) return;
      returned = true;
      if (broken || this.#closed || this.#idle.length >= this.#size)
        await conn.close().catch(() => undefined);
      else this.#idle.push(conn);
    };
    return {
      inner: conn,
      sessionId: this.#ids.get(conn),
      query: <Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> =>
        returned
          ? Promise.reject(new Error("session already returned to the pool"))
          : watch(conn.query<Row>(sql, params)),
      executeScript: (statements) =>
        returned
          ? Promise.reject(new Error("session already returned to the pool"))
          : watch(conn.executeScript(statements)),
      close: end,
      destroy: async () => {
        broken = true;
        if (returned) return;
        returned = true;
        await conn.close().catch(() => undefined);
      },
    };
  }
}
