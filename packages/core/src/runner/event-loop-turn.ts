/**
 * Lets the event loop poll once. A synchronous driver (better-sqlite3, libsql) never leaves the
 * loop while a run goes from statement to statement, so the Ctrl-C / SIGTERM handler, which
 * aborts the run's signal, would only run once the whole run had finished. Signals reach Node in
 * the loop's poll phase; an immediate queued from an I/O callback runs before the next poll, so
 * it takes two in a row to be sure one poll came between.
 *
 * @example
 * ```ts
 * await passThroughEventLoop();
 * if (signal?.aborted === true) throw interrupted();
 * ```
 */
export async function passThroughEventLoop(): Promise<void> {
  await nextTurn();
  await nextTurn();
}

/** One event-loop turn: what was queued for this one (a driver's write from a tick) has run. */
export function nextTurn(): Promise<void> {
  // setImmediate is Node's; a Worker without nodejs_compat has only setTimeout
  return new Promise((resolve) =>
    typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, 0),
  );
}
