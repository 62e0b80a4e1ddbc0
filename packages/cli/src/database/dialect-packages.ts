import { importPeer } from "@athanor/core/dialect";

// The CLI installs no dialect: a project adds @athanor/postgres or @athanor/mysql (and the
// driver) next to athanor, and the CLI imports the one the config names, only when a command
// needs it. Each loader turns "not installed" into ATHANOR_PACKAGE_MISSING with the npm line.

/** Which database the config asks for, as far as installing packages goes. */
export type DialectPackageKind = "postgresql" | "pglite" | "mysql";

const INSTALL: Record<DialectPackageKind, { readonly install: string[]; readonly purpose: string }> = {
  postgresql: {
    install: ["@athanor/postgres", "postgres"],
    purpose: "the config selects PostgreSQL",
  },
  pglite: {
    install: ["@athanor/postgres", "@electric-sql/pglite"],
    purpose: "the config selects PostgreSQL without a URL, which means the embedded PGlite database",
  },
  mysql: { install: ["@athanor/mysql", "mysql2"], purpose: "the config selects MySQL" },
};

/**
 * The `npm i` line that makes a dialect work (the dialect package and its driver).
 *
 * @example
 * ```ts
 * installLine("mysql"); // "npm i @athanor/mysql mysql2"
 * ```
 */
export function installLine(kind: DialectPackageKind): string {
  return `npm i ${INSTALL[kind].install.join(" ")}`;
}

/**
 * `@athanor/postgres`, or ATHANOR_PACKAGE_MISSING naming `npm i @athanor/postgres postgres`
 * (or `… @electric-sql/pglite` for the embedded database).
 *
 * @example
 * ```ts
 * const pg = await loadPostgresPackage("postgresql");
 * ```
 */
export function loadPostgresPackage(
  kind: "postgresql" | "pglite" = "postgresql",
): Promise<typeof import("@athanor/postgres")> {
  return importPeer(() => import("@athanor/postgres"), "@athanor/postgres", INSTALL[kind]);
}

/**
 * `@athanor/postgres/dialects` (the dialect factories without the introspector and lint rules).
 *
 * @example
 * ```ts
 * const { pgliteDialect } = await loadPostgresDialects("pglite");
 * ```
 */
export function loadPostgresDialects(
  kind: "postgresql" | "pglite",
): Promise<typeof import("@athanor/postgres/dialects")> {
  return importPeer(() => import("@athanor/postgres/dialects"), "@athanor/postgres", INSTALL[kind]);
}

/**
 * `@athanor/mysql`, or ATHANOR_PACKAGE_MISSING naming `npm i @athanor/mysql mysql2`.
 *
 * @example
 * ```ts
 * const { introspectMysql } = await loadMysqlPackage();
 * ```
 */
export function loadMysqlPackage(): Promise<typeof import("@athanor/mysql")> {
  return importPeer(() => import("@athanor/mysql"), "@athanor/mysql", INSTALL.mysql);
}
