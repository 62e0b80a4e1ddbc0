import type { DialectTarget, TargetRequest } from "@athanor/core";
import { AthanorError } from "@athanor/core";
import type { SqliteFileDriver } from "./sqlite-driver.js";
import { sqliteFileOf } from "./sqlite-url.js";

const DRIVERS: readonly SqliteFileDriver[] = ["better-sqlite3", "libsql", "@libsql/client"];
const REMOTE = /^(?:libsql|https?|wss?):/i;

/**
 * Why each D1 driver is refused. "d1-http": athanor's bookkeeping and rebuilds on D1 rely on
 * all-or-nothing batches; Cloudflare documents that for the binding's `batch()`, but its HTTP
 * `/query` reference only says several statements are "executed as a batch" (docs/sqlite.md).
 */
const D1_REFUSAL = {
  d1: "D1 has no URL; it is reached through a binding.",
  "d1-http":
    "Cloudflare documents a batch as all-or-nothing for the Workers binding's batch(), but not for the HTTP API's /query endpoint, and athanor's progress records and table rebuilds on D1 need all-or-nothing batches.",
} as const;

/** drizzle-kit drivers whose database lives where the CLI cannot open it. */
const IN_APP_REFUSAL = {
  expo: "the database lives inside the app on each device, where drizzle's Expo migrator runs migrations bundled into the app.",
  "durable-sqlite":
    "a Durable Object's SQLite storage is reached only from inside its Worker, where drizzle's durable-sqlite migrator runs.",
} as const;

/**
 * The SQLite target a config selects. `url`: a file (`file:`, `sqlite:`, resolved against the
 * config's folder) or a libSQL server (`libsql://`, `https://`, `wss://`: Turso, always through
 * @libsql/client, `?authToken=` kept for the client). The config's `sqlite` section chooses the
 * driver of a file — `sqlite: { driver: "libsql" }`; default better-sqlite3 — and may give
 * `authToken`. D1 has no URL: it is reached through a binding (`d1Dialect`), so `driver: "d1"` or
 * drizzle-kit's `"d1-http"` (Cloudflare's HTTP API, whose batches are not documented atomic) is
 * ATHANOR_UNSUPPORTED.
 *
 * @example
 * ```ts
 * sqliteTarget({ url: "file:./app.db", file: "/repo/athanor.config.ts", root: "/repo", settings: { driver: "libsql" } });
 * // { dialect: "sqlite", flavour: "sqlite", url: "/repo/app.db", settings: { driver: "libsql" } }
 * ```
 */
export function sqliteTarget({ url, file, root, settings = {} }: TargetRequest): DialectTarget {
  for (const key of Object.keys(settings)) {
    if (key !== "driver" && key !== "authToken")
      throw invalid(file, `sqlite.${key}`, "is not a field (known: driver, authToken)");
  }
  const { driver, authToken } = settings;
  // The driver first: a D1 or in-app database named by the config must never fall back to a
  // DATABASE_URL that names some other file.
  if (driver === "d1" || driver === "d1-http") {
    throw new AthanorError(
      "ATHANOR_UNSUPPORTED",
      `${file}: \`sqlite.driver\` "${driver}" is not supported from the config: ${D1_REFUSAL[driver]} Use d1Dialect({ database }) with a binding (a Worker's env.DB, wrangler's getPlatformProxy(), miniflare's getD1Database). Nothing was run.`,
      { where: "config", option: "sqlite.driver", value: String(driver), dialect: "sqlite" },
    );
  }
  if (driver === "expo" || driver === "durable-sqlite") {
    throw new AthanorError(
      "ATHANOR_UNSUPPORTED",
      `${file}: drizzle-kit's driver "${driver}" names a database the CLI cannot open: ${IN_APP_REFUSAL[driver]} athanor runs revisions on a database file, libSQL or a D1 binding (docs/sqlite.md). Nothing was run.`,
      { where: "config", option: "sqlite.driver", value: driver, dialect: "sqlite" },
    );
  }
  if (url === undefined) {
    throw new AthanorError(
      "ATHANOR_CONFIG_INVALID",
      `${file} selects dialect "sqlite" but names no database file, and DATABASE_URL is not set.`,
      { file, field: "url", hint: 'set `url: "file:./app.db"` in the config or export DATABASE_URL' },
    );
  }
  if (/^d1:/i.test(url)) {
    throw new AthanorError(
      "ATHANOR_UNSUPPORTED",
      `${file}: the URL ${JSON.stringify(url)} names a D1 database: ${D1_REFUSAL.d1} Run the revisions from a Worker (or wrangler's getPlatformProxy()) with d1Dialect({ database: env.DB }); \`d1::memory:\` is only @athanor/testing's throw-away D1. Nothing was run.`,
      { where: "config", option: "url", dialect: "sqlite" },
    );
  }
  if (driver !== undefined && !DRIVERS.includes(driver as SqliteFileDriver))
    throw invalid(file, "sqlite.driver", `must be one of ${DRIVERS.map((d) => `"${d}"`).join(", ")}`);
  if (authToken !== undefined && (typeof authToken !== "string" || authToken === ""))
    throw invalid(file, "sqlite.authToken", "must be a non-empty string");
  const remote = REMOTE.test(url);
  if (remote && driver !== undefined && driver !== "@libsql/client")
    throw invalid(file, "sqlite.driver", `must be "@libsql/client" (or left out) for the libSQL server URL`);
  const chosen = remote ? { ...settings, driver: "@libsql/client" } : settings;
  return {
    dialect: "sqlite",
    flavour: "sqlite",
    url: remote ? url : sqliteFileOf(url, root),
    // no section: better-sqlite3 on the file
    ...(Object.keys(chosen).length === 0 ? {} : { settings: chosen }),
  };
}

function invalid(file: string, field: string, problem: string): AthanorError {
  return new AthanorError("ATHANOR_CONFIG_INVALID", `${file}: \`${field}\` ${problem}.`, { file, field });
}
