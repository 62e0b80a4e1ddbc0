import { AthanorError } from "../errors.js";
import type { DialectModule, DialectName, SessionDialectModule } from "./dialect-module.js";

/**
 * A dialect the registry knows by name, loaded only when a command needs it (the packages are
 * optional peers: graph commands never import one). `load` runs the `import()` in the
 * registering module, so the package resolves from where that module is installed.
 *
 * @example
 * ```ts
 * const entry: DialectEntry = { name: "postgresql", urlSchemes: ["postgres", "postgresql"],
 *   load: () => import("@athanor/postgres/dialects").then((m) => m.postgresDialectModule) };
 * ```
 */
export interface DialectEntry {
  readonly name: DialectName;
  readonly urlSchemes: readonly string[];
  /**
   * Imports the module. `target` (what is known of the database so far) only sharpens the
   * ATHANOR_PACKAGE_MISSING line: PostgreSQL without a URL is PGlite, which needs another driver.
   */
  load(target?: LoadHint): Promise<DialectModule>;
  /**
   * Optional: imports only what checking a database without changing it needs (see
   * {@link SessionDialectModule}), for a dialect whose full module is costly to load. Absent: the
   * full module serves.
   */
  loadSession?(target?: LoadHint): Promise<SessionDialectModule>;
}

/** What a caller knows of the target when it loads a dialect: a flavour, or the config's URL. */
export interface LoadHint {
  readonly flavour?: string | undefined;
  readonly url?: string | undefined;
}

// One registry per process: the CLI and @athanor/testing register the built-in dialects, a
// project (its config or test set-up) registers its own. Kept on globalThis so two copies of
// core in one process (a linked workspace next to an installed one) still share it.
const KEY: unique symbol = Symbol.for("athanor.dialect-registry");
const shared = globalThis as { [KEY]?: Map<DialectName, DialectEntry> };
const registry: Map<DialectName, DialectEntry> = shared[KEY] ?? new Map();
shared[KEY] = registry;

/**
 * Registers a dialect, as a module or as a lazily loaded entry. A name registered twice is
 * ATHANOR_CONFIG_INVALID unless `replace` is set; `ifAbsent` keeps an existing registration
 * (how the built-ins are added, so a project's own registration wins).
 *
 * @example
 * ```ts
 * registerDialect(myDialectModule);
 * ```
 */
export function registerDialect(
  dialect: DialectModule | DialectEntry,
  options: { readonly ifAbsent?: boolean; readonly replace?: boolean } = {},
): void {
  const entry: DialectEntry = "load" in dialect ? dialect : moduleEntry(dialect);
  if (registry.has(entry.name)) {
    if (options.ifAbsent === true) return;
    if (options.replace !== true) {
      throw new AthanorError(
        "ATHANOR_CONFIG_INVALID",
        `A dialect named "${entry.name}" is already registered; pass { replace: true } to replace it.`,
        { dialect: entry.name },
      );
    }
  }
  registry.set(entry.name, entry);
}

/** Removes a registration (tests that register a dialect of their own clean up with it). */
export function unregisterDialect(name: DialectName): void {
  registry.delete(name);
}

/** The registered dialect names, sorted. */
export function registeredDialects(): DialectName[] {
  return [...registry.keys()].sort();
}

/**
 * The entry registered under `name`; ATHANOR_DIALECT_UNKNOWN listing the registered ones
 * otherwise. Nothing falls back to a default dialect.
 *
 * @example
 * ```ts
 * const module = await dialectEntry("mysql").load();
 * ```
 */
export function dialectEntry(name: DialectName): DialectEntry {
  const entry = registry.get(name);
  if (entry !== undefined) return entry;
  throw new AthanorError(
    "ATHANOR_DIALECT_UNKNOWN",
    `No dialect named "${name}" is registered (known: ${listKnown()}).`,
    { dialect: name, known: registeredDialects() },
  );
}

/**
 * The entry whose URL schemes include `url`'s, or undefined for a URL without a scheme
 * registered (the caller decides whether that is an error or a default).
 *
 * @example
 * ```ts
 * dialectEntryForUrl("mariadb://db/app")?.name; // "mysql"
 * ```
 */
export function dialectEntryForUrl(url: string): DialectEntry | undefined {
  const scheme = urlScheme(url);
  if (scheme === undefined) return undefined;
  return [...registry.values()].find((entry) => entry.urlSchemes.includes(scheme));
}

/** Every registered URL scheme, in registration order (for messages). */
export function registeredUrlSchemes(): string[] {
  return [...registry.values()].flatMap((entry) => entry.urlSchemes);
}

/**
 * The URL of database `name` on the server of `url` (its path replaced), for dialects whose
 * URLs name the database in the path.
 *
 * @example
 * ```ts
 * urlWithDatabase("postgres://me@db:5432/app", "scratch"); // "postgres://me@db:5432/scratch"
 * ```
 */
export function urlWithDatabase(url: string, name: string): string {
  const next = new URL(url);
  next.pathname = `/${name}`;
  return next.toString();
}

/** `postgres://…` → `postgres`; undefined when the text has no scheme. */
export function urlScheme(url: string): string | undefined {
  return /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
}

/**
 * Loads the module registered under `name` (ATHANOR_DIALECT_UNKNOWN, or the entry's
 * ATHANOR_PACKAGE_MISSING when its package is not installed).
 *
 * @example
 * ```ts
 * const pg = await loadDialect("postgresql", { flavour: "pglite" });
 * ```
 */
export function loadDialect(name: DialectName, target?: LoadHint): Promise<DialectModule> {
  return dialectEntry(name).load(target);
}

/**
 * The session part of the dialect registered under `name`: its entry's `loadSession` where it has
 * one, else the full module (errors as {@link loadDialect}).
 *
 * @example
 * ```ts
 * const pg = await loadSessionDialect("postgresql", { url });
 * const { dialect } = pg.openSession(pg.target({ url, file, root }));
 * ```
 */
export async function loadSessionDialect(
  name: DialectName,
  target?: LoadHint,
): Promise<SessionDialectModule> {
  const entry = dialectEntry(name);
  if (entry.loadSession !== undefined) return entry.loadSession(target);
  const module = await entry.load(target);
  return {
    name: module.name,
    bookkeepingNames: module.bookkeepingNames,
    label: (flavour, target) => module.label(flavour, target),
    target: (request) => module.target(request),
    openSession: async (opened) => module.open(opened),
  };
}

function moduleEntry(module: DialectModule): DialectEntry {
  return { name: module.name, urlSchemes: module.urlSchemes, load: async () => module };
}

function listKnown(): string {
  const names = registeredDialects();
  return names.length === 0 ? "none" : names.map((n) => `"${n}"`).join(", ");
}
