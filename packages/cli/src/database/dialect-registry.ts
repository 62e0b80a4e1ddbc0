import {
  type DialectEntry,
  type DialectModule,
  importPeer,
  type LoadHint,
  loadDialect,
  registerDialect,
} from "@athanor/core/dialect";

// The CLI installs no dialect: a project adds @athanor/postgres, @athanor/mysql or @athanor/sqlite (and the
// driver) next to athanor, and the CLI imports the one the config names, only when a command
// needs it; "not installed" becomes ATHANOR_PACKAGE_MISSING with the npm line. A dialect from
// outside registers itself with core's `registerDialect` (from the config or a test set-up)
// and is found the same way; nothing here names a database but these entries.

const POSTGRES_NEED = {
  install: ["@athanor/postgres", "postgres"],
  purpose: "the config selects PostgreSQL",
};
const PGLITE_NEED = {
  install: ["@athanor/postgres", "@electric-sql/pglite"],
  purpose: "the config selects PostgreSQL without a URL, which means the embedded PGlite database",
};

const MYSQL_NEED = { install: ["@athanor/mysql", "mysql2"], purpose: "the config selects MySQL/MariaDB" };

/** An entry point of @athanor/postgres, or ATHANOR_PACKAGE_MISSING naming the driver the target needs. */
function postgresPeer<T>(load: () => Promise<T>, target: LoadHint | undefined): Promise<T> {
  return importPeer(load, "@athanor/postgres", isEmbedded(target) ? PGLITE_NEED : POSTGRES_NEED);
}

/** A built-in entry with the label `athanor init` offers it under. */
type BuiltInEntry = DialectEntry & { readonly label: string };

const BUILT_IN: readonly BuiltInEntry[] = [
  {
    name: "postgresql",
    label: "PostgreSQL (server or PGlite)",
    urlSchemes: ["postgres", "postgresql"],
    // the narrow entry point: `upgrade` loads neither the introspector nor the lint rules
    load: async (target) =>
      (await postgresPeer(() => import("@athanor/postgres/dialects"), target)).postgresDialectModule,
    // narrower still: a no-op confirmed from its summary loads no renderer (noop-preflight.ts)
    loadSession: async (target) =>
      (await postgresPeer(() => import("@athanor/postgres/session"), target)).postgresSessionModule,
  },
  {
    name: "mysql",
    label: "MySQL / MariaDB",
    urlSchemes: ["mysql", "mariadb"],
    load: async () =>
      (await importPeer(() => import("@athanor/mysql/dialects"), "@athanor/mysql", MYSQL_NEED))
        .mysqlDialectModule,
    // a no-op confirmed from its summary loads no renderer (noop-preflight.ts)
    loadSession: async () =>
      (await importPeer(() => import("@athanor/mysql/session"), "@athanor/mysql", MYSQL_NEED))
        .mysqlSessionModule,
  },
  {
    name: "sqlite",
    label: "SQLite (better-sqlite3, libSQL/Turso, Cloudflare D1)",
    urlSchemes: ["sqlite", "file", "libsql", "d1"],
    load: async (target) =>
      (
        await importPeer(() => import("@athanor/sqlite"), "@athanor/sqlite", {
          // a libsql:// URL (Turso) is opened with @libsql/client, a file with better-sqlite3 by default
          install: [
            "@athanor/sqlite",
            /^libsql:/i.test(target?.url ?? "") ? "@libsql/client" : "better-sqlite3",
          ],
          purpose: "the config selects SQLite",
        })
      ).sqliteDialectModule,
  },
];

// PostgreSQL without a URL is the embedded PGlite (postgresDialectModule.target).
function isEmbedded(target: LoadHint | undefined): boolean {
  return target?.flavour === "pglite" || (target?.flavour === undefined && target?.url === undefined);
}

/** The built-in dialects' names and labels, in the order `athanor init` offers them. */
export function builtInDialectChoices(): readonly { readonly value: string; readonly label: string }[] {
  return BUILT_IN.map((entry) => ({ value: entry.name, label: entry.label }));
}

/** Adds the built-in dialects to core's registry, keeping any registration a project made first. */
export function registerBuiltInDialects(): void {
  for (const entry of BUILT_IN) registerDialect(entry, { ifAbsent: true });
}

/**
 * The dialect module registered under `name` (built-ins included), imported now.
 * ATHANOR_DIALECT_UNKNOWN for a name nothing registered; ATHANOR_PACKAGE_MISSING when its
 * package is not installed.
 *
 * @example
 * ```ts
 * const pg = await dialectModule("postgresql", { flavour: "pglite" });
 * ```
 */
export function dialectModule(name: string, target?: LoadHint): Promise<DialectModule> {
  registerBuiltInDialects();
  return loadDialect(name, target);
}

/**
 * Whether `module` is the built-in dialect module of its name, as another thread importing the
 * built-in entry gets it (not one a project registered under that name from its config).
 *
 * @example
 * ```ts
 * await isBuiltInModule(run.module, run.target); // true for @athanor/postgres's module
 * ```
 */
export async function isBuiltInModule(module: DialectModule, target: LoadHint): Promise<boolean> {
  const entry = BUILT_IN.find((candidate) => candidate.name === module.name);
  return entry !== undefined && (await entry.load(target)) === module;
}
