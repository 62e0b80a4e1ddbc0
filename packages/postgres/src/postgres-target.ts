import { isAbsolute, join, resolve } from "node:path";
import type { DialectTarget, TargetRequest } from "@athanor/core";
// the subpath, not the root barrel: this module is on every PostgreSQL command's start-up path
import { AthanorError } from "@athanor/core/errors";

/** Where a config without a URL keeps its embedded PGlite database, next to the config. */
export const PGLITE_FOLDER = ".athanor/pglite";

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/**
 * The PostgreSQL target a config selects: a server URL; no URL, PGlite in `.athanor/pglite`; or,
 * from a drizzle-kit config's `driver: "pglite"` (the section `postgresql: { driver: "pglite" }`),
 * PGlite in the folder `url` names, relative to the config. drizzle-kit's `"aws-data-api"` (the
 * RDS Data API, no PostgreSQL session) is ATHANOR_UNSUPPORTED before anything connects: falling
 * back to DATABASE_URL there would migrate another database than the config names.
 *
 * @example
 * ```ts
 * postgresTarget({ url: "./pgdata", file: "/app/drizzle.config.ts", root: "/app", settings: { driver: "pglite" } });
 * // { dialect: "postgresql", flavour: "pglite", dataDir: "/app/pgdata" }
 * ```
 */
export function postgresTarget({ url, file, root, settings = {} }: TargetRequest): DialectTarget {
  for (const key of Object.keys(settings)) {
    if (key !== "driver") throw invalid(file, `postgresql.${key}`, "is not a field (known: driver)");
  }
  const { driver } = settings;
  if (driver === "aws-data-api") {
    throw new AthanorError(
      "ATHANOR_UNSUPPORTED",
      `${file}: drizzle-kit's driver "aws-data-api" (the RDS Data API) is not supported: athanor needs a PostgreSQL session for its lock and per-revision transactions. Give a postgres:// URL of the same database in dbCredentials.url or DATABASE_URL, without the driver. Nothing was run.`,
      { where: "config", option: "driver", value: driver, dialect: "postgresql" },
    );
  }
  if (driver !== undefined && driver !== "pglite")
    throw invalid(file, "postgresql.driver", 'must be "pglite" (or left out for a server URL)');
  if (driver === "pglite") {
    if (url === undefined || url === "" || SCHEME.test(url))
      throw invalid(file, "dbCredentials.url", 'must name the PGlite data folder with driver "pglite"');
    return { dialect: "postgresql", flavour: "pglite", dataDir: isAbsolute(url) ? url : resolve(root, url) };
  }
  if (url === undefined)
    return { dialect: "postgresql", flavour: "pglite", dataDir: join(root, PGLITE_FOLDER) };
  return { dialect: "postgresql", flavour: "postgresql", url };
}

/** How messages name a target of the flavour: `PGlite` or `PostgreSQL`. */
export function postgresLabel(flavour: string): string {
  return flavour === "pglite" ? "PGlite" : "PostgreSQL";
}

function invalid(file: string, field: string, problem: string): AthanorError {
  return new AthanorError("ATHANOR_CONFIG_INVALID", `${file}: \`${field}\` ${problem}.`, { file, field });
}
