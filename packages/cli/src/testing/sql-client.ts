import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/**
 * Runs `script` through the command-line client of the database at `url` — psql (stopping at
 * the first error) or the MariaDB/MySQL client (which stops at the first error in batch mode) —
 * as a DBA would run an offline `--sql` script.
 *
 * @example
 * ```ts
 * const client = feedClient("postgresql", db.url, rendered.stdout);
 * expect(client.status, client.stderr).toBe(0);
 * ```
 */
export function feedClient(
  dialect: "postgresql" | "mysql",
  url: string,
  script: string,
): SpawnSyncReturns<string> {
  if (dialect === "postgresql")
    return spawnSync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", url], { input: script, encoding: "utf8" });
  const parsed = new URL(url);
  const binary = existsSync("/usr/bin/mariadb") ? "mariadb" : "mysql";
  return spawnSync(
    binary,
    [
      "-h",
      parsed.hostname,
      "-P",
      parsed.port || "3306",
      "-u",
      decodeURIComponent(parsed.username),
      parsed.pathname.slice(1),
    ],
    { input: script, encoding: "utf8" },
  );
}
