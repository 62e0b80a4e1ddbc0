// Autogenerate corpus cases (PostgreSQL/PGlite, MariaDB, SQLite) that do not yet hold the
// autogenerate → lint → @athanor/testing contract, with why. Each runs as `test.fails`: fixing
// one turns its test red until the entry is removed here. A case not listed must pass. Keep this list shrinking.

/** PostgreSQL 15 and PGlite (same renderer, same rules). */
export const PG_KNOWN_GAPS: Readonly<Record<string, string>> = {};

/** MariaDB 10.11. */
export const MYSQL_KNOWN_GAPS: Readonly<Record<string, string>> = {};

/** SQLite on better-sqlite3. */
export const SQLITE_KNOWN_GAPS: Readonly<Record<string, string>> = {};

/** The SQLite corpus with the checks on D1 (autogenerate-contract-d1.test.ts). */
export const D1_KNOWN_GAPS: Readonly<Record<string, string>> = {};
