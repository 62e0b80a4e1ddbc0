import { AthanorError } from "@athanor/core";
import { redact } from "./database-helpers.js";
import { mysqlTestDatabase } from "./mysql-test-database.js";
import { pgliteTestDatabase, postgresTestDatabase } from "./postgres-test-database.js";
import type { TestDatabase } from "./test-database-shape.js";

// The shape lives apart so the per-database files can implement it without importing this file.
export type { IntrospectTestDatabaseOptions, TestDatabase, TestDatabaseKind } from "./test-database-shape.js";

/**
 * Where the test database comes from. `url` names a server to create databases on (its path
 * is only the database used to run `CREATE DATABASE`); absent, `ATHANOR_TEST_DATABASE_URL` is
 * read, and without it PGlite runs in memory. `"pglite"` forces PGlite.
 *
 * @example
 * ```ts
 * const options: TestDatabaseOptions = { url: "postgres://postgres@127.0.0.1:5432/postgres" };
 * ```
 */
export interface TestDatabaseOptions {
  readonly url?: string | "pglite" | undefined;
  /** Prefix of the created database's name (after `athanor_t_`), e.g. the test file's name. */
  readonly prefix?: string | undefined;
  /** How long to wait for the server before failing. Default 10 s. */
  readonly connectTimeoutMs?: number | undefined;
}

/** The environment variable read when no URL is given. */
export const TEST_DATABASE_URL_VARIABLE = "ATHANOR_TEST_DATABASE_URL";

/**
 * Creates a fresh test database: PGlite in memory by default, or a new uniquely named database
 * on the PostgreSQL or MySQL/MariaDB server of `options.url` / `ATHANOR_TEST_DATABASE_URL`.
 * Fails with ATHANOR_CONNECTION_FAILED when the server is unreachable (never skips).
 *
 * @example
 * ```ts
 * const db = await createTestDatabase({ url: "mysql://root@127.0.0.1:3306/test" });
 * try { ... } finally { await db.dispose(); }
 * ```
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const url = options.url ?? process.env[TEST_DATABASE_URL_VARIABLE];
  if (url === undefined || url === "" || url === "pglite") return pgliteTestDatabase();
  const name = uniqueDatabaseName(options.prefix);
  const scheme = /^([a-z0-9+]+):/i.exec(url)?.[1]?.toLowerCase();
  const timeout = options.connectTimeoutMs ?? 10_000;
  if (scheme === "postgres" || scheme === "postgresql") return postgresTestDatabase(url, name, timeout);
  if (scheme === "mysql" || scheme === "mariadb") return mysqlTestDatabase(url, name, timeout);
  throw new AthanorError(
    "ATHANOR_CONFIG_INVALID",
    `The test database URL ${redact(url)} has an unknown scheme. Use postgres://, postgresql://, mysql:// or mariadb://, or leave ${TEST_DATABASE_URL_VARIABLE} unset for PGlite in memory.`,
    { scheme: scheme ?? null },
  );
}

/**
 * `athanor_t_<prefix>_<random>`, at most 63 characters (PostgreSQL's limit) and only
 * `[a-z0-9_]`, so it needs no quoting rules of its own on either server.
 */
export function uniqueDatabaseName(prefix = ""): string {
  const clean = prefix
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 30);
  const random = `${process.pid.toString(36)}${Math.random().toString(36).slice(2, 10)}`;
  return ["athanor_t", clean, random].filter((part) => part !== "").join("_");
}
