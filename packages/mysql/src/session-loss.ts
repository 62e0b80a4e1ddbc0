import { AthanorError } from "@athanor/core/errors";
import type { MysqlCoreConnectionLike } from "./client-types.js";

/**
 * Calls `fail` when the session under `core` ends (KILL, a restart): mysql2 tells the connection
 * then, not a running multi-statement query, which would never settle. Returns what stops
 * listening.
 *
 * @example
 * ```ts
 * const stop = watchSessionLoss(core, reject);
 * try { await running; } finally { stop(); }
 * ```
 */
export function watchSessionLoss(core: MysqlCoreConnectionLike, fail: (error: Error) => void): () => void {
  const events = core as unknown as {
    on?(event: "error" | "end", listener: (error?: Error) => void): void;
    removeListener?(event: "error" | "end", listener: (error?: Error) => void): void;
  };
  const onLost = (error?: Error) =>
    fail(
      error ??
        Object.assign(new Error("the server closed the connection"), { code: "PROTOCOL_CONNECTION_LOST" }),
    );
  events.on?.("error", onLost);
  events.on?.("end", onLost);
  return () => {
    events.removeListener?.("error", onLost);
    events.removeListener?.("end", onLost);
  };
}

/** mysql2's words and codes for a session that is gone (KILL of it, a restart, the network). */
// EPIPE, ECONNRESET: a query written before mysql2 saw the socket close (a KILL just before it)
const LOST_CODES: ReadonlySet<string> = new Set([
  "PROTOCOL_CONNECTION_LOST",
  "ER_CONNECTION_KILLED",
  "EPIPE",
  "ECONNRESET",
]);
/** mysql2's bare Errors (no code) for a call on a connection it has marked failed. */
const CLOSED: ReadonlySet<string> = new Set([
  "Can't add new command when connection is in closed state",
  "Can't write in closed state",
]);

/**
 * The query error as ATHANOR_CONNECTION_FAILED when it says the session is gone — a query sent
 * after the server ended it (mysql2 refuses it with a bare Error: it was "a bug in athanor",
 * ATHANOR_INTERNAL, when a session was killed between two bookkeeping reads), or one it ended —
 * and the error itself otherwise. `server` names the server in the message (`MariaDB`, from the
 * session's handshake), `MySQL/MariaDB` when unknown.
 *
 * @example
 * ```ts
 * throw sessionLost(new Error("Can't add new command when connection is in closed state")); // ATHANOR_CONNECTION_FAILED
 * ```
 */
export function sessionLost(error: unknown, server = "MySQL/MariaDB"): unknown {
  const e = (error ?? {}) as { code?: unknown; errno?: unknown; message?: unknown };
  const lost =
    (typeof e.code === "string" && LOST_CODES.has(e.code)) ||
    e.errno === 1927 ||
    (typeof e.message === "string" && CLOSED.has(e.message));
  if (!lost) return error;
  return new AthanorError(
    "ATHANOR_CONNECTION_FAILED",
    `The session with the ${server} server ended (${String(e.message)}): the server ended it (KILL, a restart) or the connection dropped. Nothing more was sent on it; run the command again (\`athanor status\` says where the database stands).`,
    {
      dialect: "mysql",
      driverCode: typeof e.code === "string" ? e.code : null,
      errno: typeof e.errno === "number" ? e.errno : null,
    },
    { cause: error },
  );
}

/**
 * A read's error as ATHANOR_CONNECTION_FAILED when the server interrupted the statement (`KILL
 * QUERY`, errno 1317): outside a revision's step — a bookkeeping read under the lock after a
 * revision's COMMIT — it reached the CLI raw, "a bug in athanor" (ATHANOR_INTERNAL). The session
 * stays; the run stops there. Otherwise as {@link sessionLost}.
 *
 * @example
 * ```ts
 * throw readFailed(Object.assign(new Error("Query execution was interrupted"), { errno: 1317 }));
 * ```
 */
export function readFailed(error: unknown, server = "MySQL/MariaDB"): unknown {
  const e = (error ?? {}) as { errno?: unknown; message?: unknown };
  if (e.errno !== 1317) return sessionLost(error, server);
  return new AthanorError(
    "ATHANOR_CONNECTION_FAILED",
    `The ${server} server interrupted a statement of the run (${String(e.message)}: KILL QUERY, or a statement time limit); the run stopped there. Run the command again (\`athanor status\` says where the database stands).`,
    { dialect: "mysql", driverCode: "ER_QUERY_INTERRUPTED", errno: 1317 },
    { cause: error },
  );
}
