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
