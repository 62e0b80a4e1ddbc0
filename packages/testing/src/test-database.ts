import { AthanorError } from "@athanor/core";
import {
  type DialectModule,
  registeredUrlSchemes,
  type ThrowawayDatabases,
  urlScheme,
} from "@athanor/core/dialect";
import { hideUrlSecrets } from "@athanor/core/text";
import { testDialectEntryForUrl, testDialectModule } from "./dialect-registry.js";
import type { TestDatabase } from "./test-database-shape.js";
import { testDatabaseOf } from "./throwaway-test-database.js";

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
  if (url === undefined || url === "" || url === "pglite") {
    // the documented default: PostgreSQL's in-memory engine, PGlite
    const module = await testDialectModule(DEFAULT_DIALECT);
    return testDatabaseOf(module, await inMemoryOf(module)(), undefined);
  }
  const entry = testDialectEntryForUrl(url);
  if (entry === undefined) {
    const scheme = urlScheme(url);
    throw new AthanorError(
      "ATHANOR_CONFIG_INVALID",
      `The test database URL ${hideUrlSecrets(url)} has an unknown scheme. Use ${registeredUrlSchemes()
        .map((s) => `${s}://`)
        .join(", ")}, or leave ${TEST_DATABASE_URL_VARIABLE} unset for PGlite in memory.`,
      { scheme: scheme ?? null },
    );
  }
  const module = await testDialectModule(entry.name);
  const made = await serverOf(module).onServer(url, uniqueDatabaseName(options.prefix), {
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    applicationName: "athanor-testing",
  });
  return testDatabaseOf(module, made, url);
}

const DEFAULT_DIALECT = "postgresql";

// A dialect module may make no test databases, or none in memory: say so by name.
function serverOf(module: DialectModule): ThrowawayDatabases {
  if (module.throwaway !== undefined) return module.throwaway;
  throw cannotMake(module, "");
}

function inMemoryOf(module: DialectModule): NonNullable<ThrowawayDatabases["inMemory"]> {
  const inMemory = module.throwaway?.inMemory;
  if (inMemory !== undefined) return inMemory.bind(module.throwaway);
  throw cannotMake(module, " in memory");
}

function cannotMake(module: DialectModule, where: string): AthanorError {
  return new AthanorError(
    "ATHANOR_UNSUPPORTED",
    `The dialect "${module.name}" cannot make test databases${where}; give a server URL it can create databases on.`,
    { dialect: module.name },
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
