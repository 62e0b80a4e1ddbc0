import type { DialectRunWarning } from "@athanor/core/dialect";
import { atLeast, describeServer, type MysqlFlavor, type MysqlServer } from "./server.js";

/**
 * The versions at which athanor renders or lints differently, per flavour: MySQL 8.0.13
 * (expression defaults), 8.0.16 (enforced CHECK constraints), 8.0.29 (ALGORITHM=INSTANT for more
 * changes, lint); MariaDB 10.4 (instant changes, lint). server-mismatch.test.ts checks that every
 * version the renderer and the lint rules compare with is listed.
 */
export const RENDERING_BOUNDARIES: Readonly<
  Record<MysqlFlavor, readonly (readonly [number, number, number])[]>
> = {
  mysql: [
    [8, 0, 13],
    [8, 0, 16],
    [8, 0, 29],
  ],
  mariadb: [[10, 4, 0]],
};

/** The boundary between `a` and `b` (one at or above it, the other below), if any. */
function boundaryBetween(a: MysqlServer, b: MysqlServer): readonly [number, number, number] | undefined {
  return RENDERING_BOUNDARIES[a.flavor].find(
    ([major, minor, patch]) => atLeast(a, major, minor, patch) !== atLeast(b, major, minor, patch),
  );
}

/**
 * `ATHANOR_SERVER_VERSION_MISMATCH` when the server a run connected to is not the one the config
 * names for offline work (`mysql.serverVersion`) in a way that matters: another flavour, or a
 * version on the other side of a {@link RENDERING_BOUNDARIES} entry. Offline `--sql` scripts and
 * lint (`upgrade`'s lint gate too) follow the named version; the connected run renders for the
 * server. Undefined when they agree, or when nothing named an exact version.
 *
 * @example
 * ```ts
 * serverMismatch({ flavor: "mysql", version: [8, 0, 16] }, { flavor: "mariadb", version: [10, 11, 6] });
 * // { code: "ATHANOR_SERVER_VERSION_MISMATCH", operations: "any", message: "mysql.serverVersion names MySQL 8.0.16, …" }
 * ```
 */
export function serverMismatch(
  named: MysqlServer | undefined,
  connected: MysqlServer,
): DialectRunWarning | undefined {
  if (named === undefined) return undefined;
  const why =
    named.flavor !== connected.flavor
      ? "another server"
      : (() => {
          const at = boundaryBetween(named, connected);
          return at === undefined ? undefined : `on the other side of ${at.join(".")}`;
        })();
  if (why === undefined) return undefined;
  return {
    code: "ATHANOR_SERVER_VERSION_MISMATCH",
    operations: "any",
    message: `mysql.serverVersion names ${describeServer(named)}, but the server connected to is ${describeServer(connected)} (${why}): this run renders for the server, while offline --sql scripts and lint (upgrade's lint gate too) follow the config. Set mysql: { serverVersion: "${versionText(connected)}" }`,
  };
}

/** The version as `SELECT VERSION()` would print it, enough for the config to parse back. */
function versionText(server: MysqlServer): string {
  return `${server.version.join(".")}${server.flavor === "mariadb" ? "-MariaDB" : ""}`;
}
