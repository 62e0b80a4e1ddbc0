import type { Connection } from "../dialect/connection.js";
import { inertText } from "../text/inert-text.js";

/**
 * TEST-ONLY. Inert unless one of these environment variables is set; no user should set them:
 * - `ATHANOR_TEST_TRACE_STATEMENTS=1` prints `athanor-test: statement <n>: <sql>` to stderr
 *   after the n-th statement of the session completes (1-based, reads included);
 * - `ATHANOR_TEST_PAUSE_AFTER=<n>` also traces, and after the n-th statement prints
 *   `athanor-test: paused after statement <n>` and waits until SIGUSR2 or SIGINT;
 *   `<n>,<m>` pauses after each (a second Ctrl-C aimed at the statement after the first's).
 *
 * While either is set, a script's statements go one per round trip, so a pause can fall
 * between any two of them — between a MySQL DDL statement and its progress record, say. The
 * interruption trials (packages/cli/src/reliability/boundary-trials.test.ts) use it to stop the
 * runner at every statement boundary by what it printed, not by timing.
 *
 * @example
 * ```ts
 * conn = withTestPauseHook(await dialect.connect());
 * ```
 */
export function withTestPauseHook(conn: Connection, env: NodeJS.ProcessEnv = process.env): Connection {
  const pauseAfter = new Set((env.ATHANOR_TEST_PAUSE_AFTER || undefined)?.split(",").map(Number));
  if (pauseAfter.size === 0 && env.ATHANOR_TEST_TRACE_STATEMENTS !== "1") return conn;
  let done = 0;
  const completed = async (sql: string) => {
    done++;
    process.stderr.write(`athanor-test: statement ${done}: ${inertText(sql.slice(0, 400))}\n`);
    if (pauseAfter.has(done)) await pauseUntilSignalled(done);
  };
  // patched in place: dialects recognise their own connections by identity (PGlite's lock)
  const query = conn.query.bind(conn);
  const executeScript = conn.executeScript.bind(conn);
  const traced: Pick<Connection, "query" | "executeScript"> = {
    async query(sql, params) {
      const result = await query(sql, params);
      await completed(sql);
      return result as never;
    },
    async executeScript(statements) {
      for (const [index, sql] of statements.entries()) {
        try {
          await executeScript([sql]);
        } catch (error) {
          // keep the driver's report, shifted to the statement's place in the whole script
          const reported = (error as { statementIndex?: unknown } | null)?.statementIndex;
          if (typeof reported === "number" && error !== null && typeof error === "object")
            Object.assign(error, { statementIndex: index + reported });
          throw error;
        }
        await completed(sql);
      }
    },
  };
  return Object.assign(conn, traced);
}

/**
 * Prints the pause line and resolves on SIGUSR2 or SIGINT. The listeners go on BEFORE the line
 * is written: a harness sends SIGUSR2 as soon as it reads the line, and SIGUSR2 with no listener
 * kills node (its default action) — under load the child could be descheduled between the write
 * and the listener, and the run died by SIGUSR2 with nothing printed.
 */
export function pauseUntilSignalled(n: number): Promise<void> {
  const resumed = new Promise<void>((resolve) => {
    const alive = setInterval(() => undefined, 1000); // a pending promise alone lets node exit
    const go = () => {
      clearInterval(alive);
      process.off("SIGUSR2", go);
      process.off("SIGINT", go);
      resolve();
    };
    process.on("SIGUSR2", go);
    process.on("SIGINT", go);
  });
  process.stderr.write(`athanor-test: paused after statement ${n}\n`);
  return resumed;
}
