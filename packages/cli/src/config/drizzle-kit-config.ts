import { basename, dirname, resolve } from "node:path";
import { AthanorError } from "@athanor/core/errors";
import type { DialectName } from "./define-config.js";
import { CASINGS, filterList, filters, isCasing, isSchemaPaths, resolveSchemaPaths } from "./field-values.js";
import { DEFAULT_VERSION_TABLE, devUrlOf, type ResolvedConfig } from "./resolved-config.js";

/** Where revisions go when a drizzle-kit config stands in for athanor's, relative to it. */
export const DRIZZLE_KIT_VERSIONS = "athanor/versions";

/**
 * True for `drizzle.config.{ts,mts,js,mjs,json}`.
 *
 * @example
 * ```ts
 * isDrizzleKitConfig("/app/drizzle.config.ts"); // true
 * ```
 */
export function isDrizzleKitConfig(file: string): boolean {
  return /^drizzle\.config\.(?:[mc]?ts|[mc]?js|json)$/.test(basename(file));
}

// drizzle-kit's `turso` is SQLite through libSQL: the same snapshots, SQL and `file:` URLs.
const DIALECTS: Readonly<Record<string, DialectName>> = {
  postgresql: "postgresql",
  mysql: "mysql",
  sqlite: "sqlite",
  turso: "sqlite",
};

/**
 * A drizzle-kit config read as athanor's: `dialect` (postgresql, mysql, sqlite or turso), `schema` (paths, folders, globs),
 * `dbCredentials` (`url`, or host/port/user/password/database) as the URL (else
 * `DATABASE_URL`), `casing`, `driver` as the dialect's section (`postgresql: { driver: "pglite" }`, which
 * the dialect's target serves or refuses), `out` and `migrations.{table,schema}` for
 * `athanor import drizzle`. Revisions
 * go to `athanor/versions` beside the config: outside `out`, whose folders drizzle-kit 1.0 reads
 * as migrations. Throws ATHANOR_CONFIG_INVALID naming the field.
 *
 * @example
 * ```ts
 * resolveDrizzleKitConfig("/app/drizzle.config.ts", { dialect: "postgresql", out: "./drizzle",
 *   dbCredentials: { url: "postgres://localhost/app" } }, {}).versions; // "/app/athanor/versions"
 * ```
 */
export function resolveDrizzleKitConfig(
  file: string,
  raw: unknown,
  env: Readonly<Record<string, string | undefined>>,
): ResolvedConfig {
  const invalid = (field: string, problem: string) =>
    new AthanorError("ATHANOR_CONFIG_INVALID", `${file}: \`${field}\` ${problem}.`, {
      file,
      field,
      hint: "write an athanor.config.ts beside it (`athanor init`); it takes precedence over drizzle.config",
    });
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw invalid("default export", "must be the object given to drizzle-kit's defineConfig");
  }
  const config = raw as Record<string, unknown>;
  const dialect = DIALECTS[String(config.dialect)];
  if (dialect === undefined) {
    throw invalid(
      "dialect",
      `is ${JSON.stringify(config.dialect)}; athanor supports "postgresql", "mysql", "sqlite" and "turso"`,
    );
  }
  const root = dirname(file);
  if (config.schema !== undefined && !isSchemaPaths(config.schema))
    throw invalid(
      "schema",
      "must be a non-empty string or a non-empty list of them (files, folders or globs)",
    );
  const migrations = (config.migrations ?? {}) as { table?: unknown; schema?: unknown };
  const text = (value: unknown, fallback: string) =>
    typeof value === "string" && value !== "" ? value : fallback;
  if (config.casing !== undefined && !isCasing(config.casing))
    throw invalid("casing", `must be ${CASINGS.map((c) => JSON.stringify(c)).join(" or ")}`);
  for (const key of ["tablesFilter", "schemaFilter"] as const) {
    if (config[key] !== undefined && filterList(config[key]) === undefined)
      throw invalid(key, "must be a non-empty string or a non-empty list of them");
  }
  const driver = driverOf(dialect, config.driver, invalid);
  if (driver !== undefined && config.dialect === "turso")
    throw invalid("driver", `is ${JSON.stringify(driver)}; drizzle-kit's turso dialect takes no driver`);
  const credentials = credentialsUrl(dialect, config.dbCredentials, invalid);
  return {
    file,
    root,
    versions: resolve(root, DRIZZLE_KIT_VERSIONS),
    dialect,
    // a PGlite folder is never taken from DATABASE_URL, which names a server
    url: driver === "pglite" ? credentials : (credentials ?? env.DATABASE_URL),
    devUrl: devUrlOf(env, undefined),
    schema: resolveSchemaPaths(root, config.schema),
    ...(config.casing === undefined ? {} : { casing: config.casing }),
    ...filters(config),
    versionTable: { name: DEFAULT_VERSION_TABLE, schema: undefined },
    // drizzle-kit's turso opens its URL (file: too) with @libsql/client, with dbCredentials.authToken
    ...(config.dialect === "turso" ? { sqlite: tursoSettings(config.dbCredentials) } : {}),
    // the dialect's target serves the driver (PGlite in a folder) or refuses it before connecting
    ...(driver === undefined ? {} : { [dialect]: { driver } }),
    drizzleKit: {
      out: resolve(root, text(config.out, "drizzle")),
      migrationsTable: text(migrations.table, "__drizzle_migrations"),
      migrationsSchema: text(migrations.schema, "drizzle"),
    },
  };
}

/** drizzle-kit 0.31's `driver` values, by athanor dialect. */
const DRIZZLE_KIT_DRIVERS: Readonly<Record<string, readonly string[]>> = {
  postgresql: ["pglite", "aws-data-api"],
  sqlite: ["d1-http", "expo", "durable-sqlite"],
};

function driverOf(
  dialect: DialectName,
  driver: unknown,
  invalid: (field: string, problem: string) => AthanorError,
): string | undefined {
  if (driver === undefined) return undefined;
  const known = DRIZZLE_KIT_DRIVERS[dialect] ?? [];
  if (typeof driver !== "string" || !known.includes(driver)) {
    throw invalid(
      "driver",
      known.length === 0
        ? `is ${JSON.stringify(driver)}; drizzle-kit has no driver for ${dialect}`
        : `is ${JSON.stringify(driver)}; drizzle-kit's drivers for ${dialect} are ${known.map((d) => `"${d}"`).join(", ")}`,
    );
  }
  return driver;
}

function tursoSettings(credentials: unknown): Readonly<Record<string, unknown>> {
  const token = (credentials as { authToken?: unknown } | null | undefined)?.authToken;
  return {
    driver: "@libsql/client",
    ...(typeof token === "string" && token !== "" ? { authToken: token } : {}),
  };
}

/** The URL scheme of each dialect whose drizzle-kit `dbCredentials` may be host parts. */
const HOST_CREDENTIAL_SCHEMES: Readonly<Record<string, string>> = {
  postgresql: "postgres:",
  mysql: "mysql:",
};

function credentialsUrl(
  dialect: DialectName,
  credentials: unknown,
  invalid: (field: string, problem: string) => AthanorError,
): string | undefined {
  if (credentials === undefined || credentials === null) return undefined;
  if (typeof credentials !== "object") throw invalid("dbCredentials", "must be an object");
  const c = credentials as Record<string, unknown>;
  if (typeof c.url === "string" && c.url !== "") return c.url;
  if (typeof c.host !== "string" || c.host === "") return undefined;
  // drizzle-kit's config takes host/port/user/password/database for its two server formats only.
  const scheme = HOST_CREDENTIAL_SCHEMES[dialect];
  if (scheme === undefined) {
    throw invalid("dbCredentials", `gives a host, which a ${dialect} database has none of; give its url`);
  }
  const url = new URL(`${scheme}//localhost`);
  url.hostname = c.host;
  if (c.port !== undefined) url.port = String(c.port);
  if (typeof c.user === "string") url.username = encodeURIComponent(c.user);
  if (typeof c.password === "string") url.password = encodeURIComponent(c.password);
  if (typeof c.database === "string") url.pathname = `/${encodeURIComponent(c.database)}`;
  const ssl = sslParameter(dialect, c.ssl, invalid);
  if (ssl !== undefined) url.searchParams.set(ssl.name, ssl.value);
  return url.toString();
}

const PG_SSL_MODES = ["require", "allow", "prefer", "verify-full", "disable"];

/**
 * drizzle-kit's `dbCredentials.ssl` as a URL parameter the driver reads (postgres.js `sslmode`,
 * mysql2 `ssl`, which it parses as JSON): dropping it would connect without the TLS the config asks for.
 */
function sslParameter(
  dialect: DialectName,
  ssl: unknown,
  invalid: (field: string, problem: string) => AthanorError,
): { name: string; value: string } | undefined {
  if (ssl === undefined || ssl === false) return undefined;
  if (dialect === "postgresql") {
    if (ssl === true) return { name: "sslmode", value: "require" };
    if (typeof ssl === "string" && PG_SSL_MODES.includes(ssl)) return { name: "sslmode", value: ssl };
    const options = ssl as Record<string, unknown> | null;
    // postgres.js's "require" is TLS without verifying the certificate
    if (
      typeof options === "object" &&
      options !== null &&
      Object.keys(options).join() === "rejectUnauthorized"
    )
      return { name: "sslmode", value: options.rejectUnauthorized === false ? "require" : "verify-full" };
    throw invalid(
      "dbCredentials.ssl",
      `is ${describe(ssl)}, which a URL cannot carry; give dbCredentials.url with ?sslmode=${PG_SSL_MODES.join("|")}`,
    );
  }
  const jsonSafe = (v: unknown): boolean =>
    ["string", "boolean", "number"].includes(typeof v) ||
    (typeof v === "object" && v !== null && !Buffer.isBuffer(v) && Object.values(v).every(jsonSafe));
  if (!jsonSafe(ssl))
    throw invalid(
      "dbCredentials.ssl",
      `is ${describe(ssl)}; give a profile name or an object of text options (ca as PEM text)`,
    );
  // true: TLS with mysql2's defaults, the server's certificate verified
  return { name: "ssl", value: typeof ssl === "string" ? ssl : JSON.stringify(ssl === true ? {} : ssl) };
}

function describe(value: unknown): string {
  return Buffer.isBuffer(value)
    ? "a Buffer"
    : typeof value === "object"
      ? "an object of TLS options"
      : JSON.stringify(value);
}
