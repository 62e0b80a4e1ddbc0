import type { Connection } from "@athanor/core";
import { detectGalera } from "./galera-detect.js";

/** `"auto"`: detect a Galera node; `true` / `false`: decided by the config. */
export type GaleraMode = "auto" | boolean;

/**
 * Whether a session's server is a Galera node, as the config decides or, on `"auto"`, as the
 * server answers — asked once per session, shared by the dialect members that depend on it.
 *
 * @example
 * ```ts
 * const onGalera = galeraNodeCheck("auto");
 * await onGalera(conn); // false on a plain MariaDB
 * ```
 */
export function galeraNodeCheck(mode: GaleraMode): (conn: Connection) => Promise<boolean> {
  const decided = new WeakMap<Connection, boolean>();
  return async (conn) => {
    if (mode !== "auto") return mode;
    const known = decided.get(conn);
    if (known !== undefined) return known;
    const answer = (await detectGalera(conn)) !== null;
    decided.set(conn, answer);
    return answer;
  };
}
