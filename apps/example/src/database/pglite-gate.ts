import type { PGlite } from "@electric-sql/pglite";

/**
 * A first-come, first-served turn on one PGlite instance.
 *
 * PGlite is a single PostgreSQL session inside this process. A server gives the migration
 * runner its own session, so its `BEGIN … COMMIT` never swallows the application's statements;
 * on PGlite they would share one session and an app `INSERT` sent between the runner's `BEGIN`
 * and `COMMIT` would silently become part of the migration's transaction (and roll back with
 * it). The gate restores the server's semantics: a caller keeps its turn while PGlite reports
 * an open transaction, and app statements wait for it just as they would wait on a lock.
 *
 * @example
 * ```ts
 * const gate = new PgliteGate(pglite);
 * const db = drizzle({ client: gate.appClient() });
 * const dialect = pgliteDialect({ client: gate.sessionClient() });
 * ```
 */
export class PgliteGate {
  #tail: Promise<void> = Promise.resolve();

  constructor(readonly pglite: PGlite) {}

  /**
   * The migration runner's session: its `query`/`exec` wait for a turn and keep it while PGlite
   * reports an open transaction, so a revision's `BEGIN … COMMIT` runs without app statements
   * in between. Calls on it are sequential, as on any one session.
   */
  sessionClient(): PGlite {
    let release: (() => void) | undefined;
    return this.#wrap(async (work) => {
      release ??= await this.#acquire();
      try {
        return await work();
      } finally {
        if (!this.pglite.isInTransaction()) {
          const done = release;
          release = undefined;
          done();
        }
      }
    });
  }

  /**
   * The application's pool: every statement takes its own turn and autocommits. Concurrent
   * requests queue here exactly as they would queue on a busy server.
   */
  appClient(): PGlite {
    return this.#wrap(async (work) => {
      const release = await this.#acquire();
      try {
        return await work();
      } finally {
        release();
      }
    });
  }

  #wrap(turn: <T>(work: () => Promise<T>) => Promise<T>): PGlite {
    return new Proxy(this.pglite, {
      get(target, property) {
        if (property === "query" || property === "exec") {
          const method = Reflect.get(target, property, target) as (...args: unknown[]) => Promise<unknown>;
          return (...args: unknown[]) => turn(() => method.apply(target, args));
        }
        if (property === "transaction") {
          // the example's app sends single statements; a client-side transaction would need a
          // sticky turn like sessionClient's
          throw new Error(
            "PgliteGate clients do not support transaction(); use sessionClient() and BEGIN/COMMIT",
          );
        }
        const value = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  }

  #acquire(): Promise<() => void> {
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.#tail;
    this.#tail = previous.then(() => mine);
    return previous.then(() => release);
  }
}
