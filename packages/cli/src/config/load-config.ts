import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { assertMaxReplicaLag, type MaxReplicaLag, registeredDialects } from "@athanor/core/dialect";
import { AthanorError, isAthanorError } from "@athanor/core/errors";
import { registerBuiltInDialects } from "../database/dialect-registry.js";
import { packageEntry } from "../package-root.js";
import type { AthanorConfig } from "./define-config.js";
import { isDrizzleKitConfig, resolveDrizzleKitConfig } from "./drizzle-kit-config.js";
import { CASINGS, filterList, filters, isCasing, isSchemaPaths, resolveSchemaPaths } from "./field-values.js";
import { validateFleets } from "./fleet-config.js";
import { importPlainConfig } from "./import-plain-config.js";
import { DEFAULT_VERSION_TABLE, DEFAULT_VERSIONS, devUrlOf, type ResolvedConfig } from "./resolved-config.js";

// The resolved shape lives apart so drizzle-kit-config.ts can build one without importing this file.
export type { DrizzleKitSettings, ResolvedConfig } from "./resolved-config.js";
export { DEFAULT_VERSION_TABLE, DEFAULT_VERSIONS, devUrlOf } from "./resolved-config.js";

const KNOWN_KEYS = [
  "versions",
  "dialect",
  "url",
  "devUrl",
  "schema",
  "casing",
  "tablesFilter",
  "schemaFilter",
  "versionTable",
  "mysql",
  "fleets",
  "maxReplicaLag",
  "opCache",
  "singleTransaction",
];
// `8.0.36`, `8.4.0-log`, `10.11.6-MariaDB`: three numbers, then at most a short printable suffix
const SERVER_VERSION = /^(?:5\.5\.5-)?\d{1,3}\.\d{1,3}\.\d{1,4}(?:-[\w.+-]{1,60})?$/;
const MYSQL_CHOICES = {
  algorithm: ["DEFAULT", "INSTANT", "INPLACE", "COPY"],
  lock: ["DEFAULT", "NONE", "SHARED", "EXCLUSIVE"],
} as const;

/**
 * Imports a config file and validates it. TypeScript configs go through the in-memory
 * TypeScript loader, imported only then; `.js`/`.mjs` configs use Node's own loader. Inside a TS config `import ... from "athanor"`
 * resolves to this very CLI even when it is not installed in the project (global or npx use).
 * Throws ATHANOR_CONFIG_INVALID naming the field.
 *
 * @example
 * ```ts
 * const config = await loadConfig("/repo/athanor.config.ts", process.env);
 * config.versions; // "/repo/migrations/versions"
 * ```
 */
export async function loadConfig(
  file: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<ResolvedConfig> {
  let raw: unknown;
  try {
    raw = await importConfig(file);
  } catch (error) {
    if (isAthanorError(error)) throw error;
    throw new AthanorError(
      "ATHANOR_CONFIG_INVALID",
      `Loading ${file} failed: ${error instanceof Error ? error.message : String(error)}.`,
      { file, hint: "the config must `export default defineConfig({ ... })` and import cleanly" },
      { cause: error },
    );
  }
  return isDrizzleKitConfig(file) ? resolveDrizzleKitConfig(file, raw, env) : validate(file, raw, env);
}

async function importConfig(file: string): Promise<unknown> {
  if (file.endsWith(".json")) return JSON.parse(readFileSync(file, "utf8"));
  if (/\.[mc]?ts$/.test(file)) {
    const plain = await importPlainConfig(file, selfEntry());
    if (plain !== undefined) return plain;
    const { TypeScriptLoader } = await import("../loader/typescript-loader.js");
    // drizzle-kit's defineConfig is the identity, like ours; loading drizzle-kit itself would pull
    // in esbuild, and it need not be installed where `athanor` runs.
    const loader = new TypeScriptLoader({ athanor: selfEntry(), "drizzle-kit": selfEntry() });
    const namespace = await loader.load(file);
    return "default" in namespace ? namespace.default : namespace;
  }
  const namespace = (await import(pathToFileURL(file).href)) as { default?: unknown };
  return namespace.default;
}

/** This package's public entry, so `import { defineConfig } from "athanor"` always resolves. */
function selfEntry(): string {
  return fileURLToPath(packageEntry(import.meta.url));
}

function validate(
  file: string,
  raw: unknown,
  env: Readonly<Record<string, string | undefined>>,
): ResolvedConfig {
  const invalid = (field: string, problem: string) =>
    new AthanorError("ATHANOR_CONFIG_INVALID", `${file}: \`${field}\` ${problem}.`, { file, field });
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new AthanorError(
      "ATHANOR_CONFIG_INVALID",
      `${file} must default-export an object: \`export default defineConfig({ ... })\`.`,
      { file },
    );
  }
  const config = raw as Record<string, unknown>;
  // A key naming a registered dialect (`sqlite: { driver }`) is that dialect's settings section,
  // handed to its module as `settings` (database-target.ts), which checks its fields.
  registerBuiltInDialects();
  const sections = registeredDialects().filter((name) => name in config && !KNOWN_KEYS.includes(name));
  for (const key of Object.keys(config)) {
    if (!KNOWN_KEYS.includes(key) && !sections.includes(key))
      throw invalid(key, `is not a config field (known: ${KNOWN_KEYS.join(", ")}, or a dialect's name)`);
  }
  for (const name of sections) {
    const section = config[name];
    if (typeof section !== "object" || section === null || Array.isArray(section))
      throw invalid(name, `must be an object (the ${name} dialect's settings)`);
  }
  for (const key of ["versions", "url", "devUrl"] as const) {
    if (config[key] !== undefined && (typeof config[key] !== "string" || config[key] === "")) {
      throw invalid(key, "must be a non-empty string");
    }
  }
  if (config.casing !== undefined && !isCasing(config.casing))
    throw invalid(
      "casing",
      `must be ${CASINGS.map((c) => JSON.stringify(c)).join(" or ")}, as drizzle's casing`,
    );
  for (const key of ["tablesFilter", "schemaFilter"] as const) {
    if (config[key] !== undefined && filterList(config[key]) === undefined)
      throw invalid(key, "must be a non-empty string or a non-empty list of them");
  }
  if (config.schema !== undefined && !isSchemaPaths(config.schema))
    throw invalid(
      "schema",
      "must be a non-empty string or a non-empty list of them (files, folders or globs)",
    );
  if (config.dialect !== undefined) requireRegisteredDialect(config.dialect, file);
  const table = (config.versionTable ?? {}) as Record<string, unknown>;
  if (typeof table !== "object" || table === null || Array.isArray(table)) {
    throw invalid("versionTable", "must be an object `{ name?, schema? }`");
  }
  for (const key of Object.keys(table)) {
    if (key !== "name" && key !== "schema")
      throw invalid(`versionTable.${key}`, "is not a field (known: name, schema)");
    if (typeof table[key] !== "string" || table[key] === "")
      throw invalid(`versionTable.${key}`, "must be a non-empty string");
  }
  const mysql = (config.mysql ?? {}) as Record<string, unknown>;
  if (typeof mysql !== "object" || mysql === null || Array.isArray(mysql)) {
    throw invalid(
      "mysql",
      "must be an object `{ algorithm?, lock?, galera?, galeraLockLeaseMs?, serverVersion? }`",
    );
  }
  for (const key of Object.keys(mysql)) {
    if (key === "galera") {
      if (mysql[key] !== true && mysql[key] !== false && mysql[key] !== "auto")
        throw invalid("mysql.galera", 'must be true, false or "auto"');
      continue;
    }
    if (key === "galeraLockLeaseMs") {
      const lease = mysql[key];
      if (typeof lease !== "number" || !Number.isInteger(lease) || lease < 1_000 || lease > 86_400_000)
        throw invalid(
          "mysql.galeraLockLeaseMs",
          "must be a whole number of milliseconds from 1000 to 86400000",
        );
      continue;
    }
    if (key === "serverVersion") {
      const version = mysql[key];
      if (typeof version !== "string" || !SERVER_VERSION.test(version))
        throw invalid(
          "mysql.serverVersion",
          'must be the server\'s version as it reports it, e.g. "8.0.36" or "10.11.6-MariaDB"',
        );
      continue;
    }
    const choices = MYSQL_CHOICES[key as keyof typeof MYSQL_CHOICES] as readonly string[] | undefined;
    if (choices === undefined)
      throw invalid(
        `mysql.${key}`,
        "is not a field (known: algorithm, lock, galera, galeraLockLeaseMs, serverVersion)",
      );
    if (!choices.includes(mysql[key] as string))
      throw invalid(`mysql.${key}`, `must be one of ${choices.map((v) => `"${v}"`).join(", ")}`);
  }
  const fleets = validateFleets(file, config.fleets);
  if (config.maxReplicaLag !== undefined) {
    const lag = config.maxReplicaLag;
    if (typeof lag !== "object" || lag === null || Array.isArray(lag))
      throw invalid(
        "maxReplicaLag",
        "must be an object `{ seconds?, bytes?, queue?, flowControlPaused?, checkEveryMs? }`",
      );
    try {
      assertMaxReplicaLag(lag as MaxReplicaLag);
    } catch (error) {
      const field = isAthanorError(error)
        ? String((error.meta as { field?: string }).field)
        : "maxReplicaLag";
      throw invalid(field, (error as Error).message.replace(`${field} `, "").replace(/\.$/, ""));
    }
  }
  if (config.opCache !== undefined && typeof config.opCache !== "boolean")
    throw invalid("opCache", "must be true or false");
  if (config.singleTransaction !== undefined && typeof config.singleTransaction !== "boolean")
    throw invalid("singleTransaction", "must be true or false");
  const c = config as AthanorConfig;
  const root = dirname(file);
  return {
    file,
    root,
    versions: resolve(root, c.versions ?? DEFAULT_VERSIONS),
    dialect: c.dialect,
    url: c.url ?? env.DATABASE_URL,
    devUrl: devUrlOf(env, c.devUrl),
    schema: resolveSchemaPaths(root, c.schema),
    ...(c.casing === undefined ? {} : { casing: c.casing }),
    ...filters(config),
    versionTable: { name: c.versionTable?.name ?? DEFAULT_VERSION_TABLE, schema: c.versionTable?.schema },
    ...(c.mysql === undefined ? {} : { mysql: c.mysql }),
    ...Object.fromEntries(sections.map((name) => [name, config[name]])),
    ...(fleets.length === 0 ? {} : { fleets }),
    ...(c.maxReplicaLag === undefined ? {} : { maxReplicaLag: c.maxReplicaLag }),
    ...(c.opCache === undefined ? {} : { opCache: c.opCache }),
    ...(c.singleTransaction === undefined ? {} : { singleTransaction: c.singleTransaction }),
  };
}

// The built-in dialects, and any a project registered (its config ran before this check), are
// the names `dialect` may take; anything else fails here, naming the field, rather than later.
function requireRegisteredDialect(dialect: unknown, file: string): void {
  registerBuiltInDialects();
  const known = registeredDialects();
  if (typeof dialect === "string" && known.includes(dialect)) return;
  throw new AthanorError(
    "ATHANOR_DIALECT_UNKNOWN",
    `${file}: \`dialect\` must be one of ${known.map((d) => `"${d}"`).join(", ")} (a dialect package outside athanor registers its name with registerDialect before the config's default export).`,
    { dialect: String(dialect), known, field: "dialect", file },
  );
}
