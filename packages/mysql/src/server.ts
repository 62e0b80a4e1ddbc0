/** Which server speaks the MySQL protocol: Oracle MySQL 8+ or MariaDB 10.11+. */
export type MysqlFlavor = "mysql" | "mariadb";

/**
 * The server a rendering targets. Known after connecting (`SELECT VERSION()`); offline
 * rendering uses the dialect's `server` option, default MySQL 8.0.
 *
 * @example
 * ```ts
 * const server: MysqlServer = { flavor: "mariadb", version: [10, 11, 6] };
 * ```
 */
export interface MysqlServer {
  readonly flavor: MysqlFlavor;
  /** Major, minor, patch. */
  readonly version: readonly [number, number, number];
}

/** What offline rendering assumes when nothing says otherwise. */
export const DEFAULT_SERVER: MysqlServer = { flavor: "mysql", version: [8, 0, 0] };

/**
 * Parses `SELECT VERSION()`: `8.0.36`, `8.4.0-log`, `10.11.6-MariaDB-0+deb12u1`,
 * `5.5.5-10.11.6-MariaDB` (the replication-compatibility prefix some MariaDB builds report).
 *
 * @example
 * ```ts
 * parseServerVersion("10.11.6-MariaDB-log"); // { flavor: "mariadb", version: [10, 11, 6] }
 * ```
 */
export function parseServerVersion(text: string): MysqlServer {
  const flavor: MysqlFlavor = /mariadb/i.test(text) ? "mariadb" : "mysql";
  const stripped = flavor === "mariadb" ? text.replace(/^5\.5\.5-/, "") : text;
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(stripped);
  const version: [number, number, number] = match
    ? [Number(match[1]), Number(match[2]), Number(match[3])]
    : [0, 0, 0];
  return { flavor, version };
}

/**
 * True when the server is at least `major.minor.patch`.
 *
 * @example
 * ```ts
 * atLeast({ flavor: "mysql", version: [8, 0, 16] }, 8, 0, 13); // true
 * ```
 */
export function atLeast(server: MysqlServer, major: number, minor = 0, patch = 0): boolean {
  const want = [major, minor, patch];
  for (let i = 0; i < 3; i++) {
    const have = server.version[i] ?? 0;
    const need = want[i] ?? 0;
    if (have !== need) return have > need;
  }
  return true;
}

/** Human name of a server for messages: `MariaDB 10.11.6`. */
export function describeServer(server: MysqlServer): string {
  return `${flavorLabel(server.flavor)} ${server.version.join(".")}`;
}

/**
 * How messages name a flavour: `MariaDB` or `MySQL`.
 *
 * @example
 * ```ts
 * flavorLabel("mariadb"); // "MariaDB"
 * ```
 */
export function flavorLabel(flavor: MysqlFlavor): string {
  return flavor === "mariadb" ? "MariaDB" : "MySQL";
}
