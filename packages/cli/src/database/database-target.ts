import { isAbsolute } from "node:path";
import {
  assertVersionTableNamesFit,
  type DialectModule,
  type DialectTarget,
  dialectEntry,
  dialectEntryForUrl,
  loadSessionDialect,
  registeredUrlSchemes,
  type SessionDialectModule,
  urlScheme,
} from "@athanor/core/dialect";
import { AthanorError } from "@athanor/core/errors";
import type { ResolvedConfig } from "../config/load-config.js";
import { dialectModule, registerBuiltInDialects } from "./dialect-registry.js";

/**
 * Which database a command talks to, decided from the config by the dialect's module (nothing
 * is connected yet): the config's `dialect`, else the dialect whose URL scheme the URL has,
 * else PostgreSQL, which without a URL is the newcomer's embedded PGlite in `.athanor/pglite`.
 * A URL whose scheme no dialect registered is ATHANOR_DIALECT_UNKNOWN.
 *
 * @example
 * ```ts
 * await databaseTargetOf({ ...config, dialect: "postgresql", url: undefined }); // { dialect: "postgresql", flavour: "pglite", dataDir: ".../.athanor/pglite" }
 * ```
 */
export async function databaseTargetOf(config: ResolvedConfig): Promise<DialectTarget> {
  return targetFor(await dialectModuleOf(config), config);
}

/**
 * The session part of the dialect a config selects (`loadSessionDialect`: without its renderer
 * where the dialect package offers that) and the target it selects, as {@link databaseTargetOf}.
 *
 * @example
 * ```ts
 * const { module, target } = await sessionTargetOf(config);
 * ```
 */
export async function sessionTargetOf(
  config: ResolvedConfig,
): Promise<{ readonly module: SessionDialectModule; readonly target: DialectTarget }> {
  registerBuiltInDialects();
  const module = await loadSessionDialect(config.dialect ?? dialectOfUrl(config.url), { url: config.url });
  return { module, target: targetFor(module, config) };
}

function targetFor(
  module: Pick<DialectModule, "name" | "target" | "bookkeepingNames">,
  config: ResolvedConfig,
): DialectTarget {
  const settings = dialectSettings(config, module.name);
  const target = module.target({
    url: config.url,
    file: config.file,
    root: config.root,
    ...(settings ? { settings } : {}),
  });
  // Every command that reaches a database comes through here first: a version table name the
  // server cannot keep is refused now, not by the statement that first uses a derived name.
  assertVersionTableNamesFit(config.versionTable, module.bookkeepingNames, config.file);
  return target;
}

/**
 * The dialect module a config selects (see {@link databaseTargetOf}), imported now; no target
 * is built, so a config that could not connect (MySQL without a URL) can still be linted.
 *
 * @example
 * ```ts
 * (await dialectModuleOf(config)).name; // "mysql"
 * ```
 */
export function dialectModuleOf(config: ResolvedConfig): Promise<DialectModule> {
  return dialectModule(config.dialect ?? dialectOfUrl(config.url), { url: config.url });
}

/** The config's section named after the dialect (`mysql: { algorithm, lock }`), if any. */
export function dialectSettings(
  config: ResolvedConfig,
  name: string,
): Readonly<Record<string, unknown>> | undefined {
  const settings = (config as unknown as Record<string, unknown>)[name];
  return isRecord(settings) ? settings : undefined;
}

function dialectOfUrl(url: string | undefined): string {
  registerBuiltInDialects();
  if (url === undefined) return dialectEntry("postgresql").name;
  const entry = dialectEntryForUrl(url);
  if (entry !== undefined) return entry.name;
  const scheme = urlScheme(url);
  throw new AthanorError(
    "ATHANOR_DIALECT_UNKNOWN",
    `The database URL's scheme ${scheme === undefined ? "is missing" : `"${scheme}:" belongs to no registered dialect`}. Use ${registeredUrlSchemes()
      .map((s) => `${s}://`)
      .join(", ")}, or name the dialect in the config.`,
    { scheme: scheme ?? null, field: "url" },
  );
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The target as a user may see it: never the password.
 *
 * @example
 * ```ts
 * describeTarget({ dialect: "postgresql", flavour: "postgresql", url: "postgres://me:pw@db:5432/app" }, "PostgreSQL", (p) => p); // "PostgreSQL at db:5432/app"
 * describeTarget({ dialect: "sqlite", flavour: "sqlite", url: "/repo/app.db" }, "SQLite", (p) => relative("/repo", p)); // "SQLite at app.db"
 * ```
 */
export function describeTarget(
  target: DialectTarget,
  label: string,
  displayDir: (path: string) => string,
): string {
  if (target.dataDir !== undefined) return `${label} in ${displayDir(target.dataDir)}`;
  // A file database's target is a path, not a URL (SQLite resolves `file:./app.db` to one).
  if (target.url === ":memory:") return `${label} in memory`;
  if (target.url !== undefined && isAbsolute(target.url)) return `${label} at ${displayDir(target.url)}`;
  try {
    const url = new URL(target.url ?? "");
    return `${label} at ${url.hostname}${url.port ? `:${url.port}` : ""}${url.pathname}`;
  } catch {
    return label;
  }
}
