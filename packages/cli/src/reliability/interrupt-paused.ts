import type { BinProcess } from "./bin-process.js";
import type { ScratchDatabase } from "./scratch-server.js";

/**
 * How a trial stops the runner once it has paused at a boundary (its own output said so):
 * - `kill9`: kill -9 of the CLI;
 * - `terminate`: the server ends its session (`pg_terminate_backend` / MariaDB `KILL`), then the
 *   CLI goes on to find it gone;
 * - `sigint`: Ctrl-C;
 * - `sigint2`: Ctrl-C, then Ctrl-C again once the runner has run its next statement (the first
 *   Ctrl-C's rollback, record or unlock, or the statement in flight) — it must stop at once there;
 * - `killQuery` (MariaDB `KILL QUERY`) / `cancel` (PostgreSQL `pg_cancel_backend`): the first
 *   statement after the boundary that touches a table, held on a table lock so the cancel lands
 *   on it, never by timing (see {@link cancelNextStatement}); the session stays.
 */
export type BoundaryKind = "kill9" | "terminate" | "sigint" | "sigint2" | "killQuery" | "cancel";

/** `ATHANOR_TEST_PAUSE_AFTER` for a trial at boundary `n`: `sigint2` pauses after the next statement too. */
export const pauseAfter = (n: number, kind: BoundaryKind): string =>
  kind === "sigint2" ? `${n},${n + 1}` : String(n);

/** Whether the kind ends in Ctrl-C (exit 130, or 0 when nothing was left to stop). */
export const isSigint = (kind: BoundaryKind): boolean => kind === "sigint" || kind === "sigint2";

/** Whether the kind cancels a statement and leaves the session (the runner sees the failure). */
export const isCancel = (kind: BoundaryKind): boolean => kind === "killQuery" || kind === "cancel";

/**
 * Interrupts a run paused after statement `n` by `kind`. `server`: the database's server, for
 * the kinds that act on the runner's session.
 */
export async function interruptPaused(
  run: BinProcess,
  n: number,
  kind: BoundaryKind,
  server: ScratchDatabase | undefined,
): Promise<void> {
  if (kind === "kill9") return run.kill9();
  if (isSigint(kind)) {
    process.kill(run.pid, "SIGINT");
    // the second Ctrl-C lands after the runner's next statement, if it sends one before it exits
    if (kind === "sigint2" && (await run.stderrShows(`athanor-test: paused after statement ${n + 1}\n`)))
      process.kill(run.pid, "SIGINT");
    return;
  }
  if (server === undefined) throw new Error(`${kind} needs a server database`);
  if (isCancel(kind)) return cancelNextStatement(server, run.pid, run.exited);
  // the runner is paused: its one session is idle; end it, then let the CLI find it gone
  await Promise.all((await server.otherSessions()).map((id) => server.killSession(id)));
  process.kill(run.pid, "SIGUSR2");
}

/**
 * Cancels a statement aimed by locks, not timing: while the runner is paused, another session
 * locks every table the runner does not hold (MariaDB `LOCK TABLES … WRITE`; PostgreSQL `LOCK
 * TABLE … IN ACCESS EXCLUSIVE MODE NOWAIT` in a transaction; a table in the runner's open
 * transaction cannot be locked and is skipped), the runner resumes, and the first statement it
 * sends that touches a locked table — DDL, a backfill batch, a bookkeeping read or write — waits;
 * the server cancels it (`KILL QUERY` / `pg_cancel_backend`; the session stays), then the locks
 * go. A run that ends without ever waiting was not interrupted.
 */
export async function cancelNextStatement(
  server: ScratchDatabase,
  pid: number,
  exited: Promise<unknown>,
): Promise<void> {
  const blocker = await (server.dialect === "mysql" ? mysqlBlocker(server) : postgresBlocker(server));
  try {
    let ended = false;
    void exited.then(() => {
      ended = true;
    });
    process.kill(pid, "SIGUSR2");
    while (!ended) {
      const waiting = await blocker.waiting();
      if (waiting !== undefined) {
        await server.query(
          server.dialect === "mysql" ? `KILL QUERY ${waiting}` : `SELECT pg_cancel_backend(${waiting})`,
        );
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  } finally {
    await blocker.release();
  }
}

/** A session holding locks on the tables the paused runner does not hold. */
interface Blocker {
  /** The session id of a statement waiting on one of the locks, if any. */
  waiting(): Promise<number | undefined>;
  /** Drops the locks and the session. */
  release(): Promise<void>;
}

async function mysqlBlocker(server: ScratchDatabase): Promise<Blocker> {
  const { mysqlDialect } = await import("@athanor/mysql");
  const blocker = await mysqlDialect({ url: server.url }).connect();
  const self = (await blocker.query<{ id: unknown }>("SELECT CONNECTION_ID() AS id")).rows[0]?.id;
  await blocker.query("SET SESSION lock_wait_timeout = 1");
  const tables = await blocker.query<{ t: string }>(
    "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE()",
  );
  const free: string[] = [];
  for (const { t } of tables.rows) {
    // a table in the paused runner's open transaction cannot be locked (1 s, then skipped)
    const locked = await blocker.query(`LOCK TABLES \`${t}\` WRITE`).then(
      () => true,
      () => false,
    );
    if (locked) free.push(t);
    await blocker.query("UNLOCK TABLES");
  }
  if (free.length > 0) await blocker.query(`LOCK TABLES ${free.map((t) => `\`${t}\` WRITE`).join(", ")}`);
  return {
    async waiting() {
      const [row] = await server.query<{ id: unknown }>(
        "SELECT ID AS id FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID NOT IN (CONNECTION_ID(), ?) AND COMMAND = 'Query' AND STATE LIKE 'Waiting for table%'",
        [self],
      );
      return row === undefined ? undefined : Number(row.id);
    },
    release: () => blocker.close(),
  };
}

async function postgresBlocker(server: ScratchDatabase): Promise<Blocker> {
  const { postgresDialect } = await import("@athanor/postgres");
  const blocker = await postgresDialect({ url: server.url }).connect();
  const self = (await blocker.query<{ pid: unknown }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid;
  await blocker.executeScript(["BEGIN"]);
  const tables = await blocker.query<{ t: string }>(
    "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
  );
  for (const { t } of tables.rows) {
    // a table in the paused runner's open transaction is locked already: NOWAIT fails, skipped
    await blocker.executeScript(["SAVEPOINT lock_one"]);
    await blocker
      .executeScript([`LOCK TABLE "${t}" IN ACCESS EXCLUSIVE MODE NOWAIT`])
      .then(() => blocker.executeScript(["RELEASE SAVEPOINT lock_one"]))
      .catch(() => blocker.executeScript(["ROLLBACK TO SAVEPOINT lock_one"]));
  }
  return {
    async waiting() {
      const [row] = await server.query<{ pid: unknown }>(
        "SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE NOT l.granted AND a.datname = current_database() AND l.pid NOT IN (pg_backend_pid(), $1)",
        [self],
      );
      return row === undefined ? undefined : Number(row.pid);
    },
    async release() {
      await blocker.executeScript(["COMMIT"]).catch(() => undefined);
      await blocker.close();
    },
  };
}
