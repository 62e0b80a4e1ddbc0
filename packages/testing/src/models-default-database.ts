import { AthanorError } from "@athanor/core";
import { collectDrizzleSource, drizzleSourceOf, loadDrizzleApi } from "./drizzle-desired-schema.js";
import type { DesiredSchema } from "./migration-test-config.js";
import { TEST_DATABASE_URL_VARIABLE, type TestDatabaseOptions } from "./test-database.js";

/** The in-memory database the models' dialect gets when nothing names one. */
const SQLITE_IN_MEMORY = "sqlite::memory:";

/**
 * Where the checks run when neither `database.url` nor ATHANOR_TEST_DATABASE_URL names a
 * database: the Drizzle models' dialect decides, so a SQLite project's history is not run on
 * PGlite (where its SQL fails with a syntax error that says nothing of the cause). sqlite-core
 * models get a SQLite in memory; mysql-core models, which have no in-memory engine, get an
 * error asking for a server URL; pg-core models, a `model` or no models keep PGlite.
 */
export async function withModelsDefault(
  options: TestDatabaseOptions,
  desired: DesiredSchema | undefined,
): Promise<TestDatabaseOptions> {
  if (options.url !== undefined && options.url !== "") return options;
  const fromEnv = process.env[TEST_DATABASE_URL_VARIABLE];
  if (fromEnv !== undefined && fromEnv !== "") return options;
  if (desired === undefined || "model" in desired) return options;
  const family = await modelsFamily(desired);
  if (family === "sqlite") return { ...options, url: SQLITE_IN_MEMORY };
  if (family === "mysql") {
    throw new AthanorError(
      "ATHANOR_CONFIG_INVALID",
      `The models are mysql-core tables, and MySQL/MariaDB has no in-memory test database: set ${TEST_DATABASE_URL_VARIABLE}=mysql://root@127.0.0.1:3306/mysql (a server the tests may create databases on) or pass \`database: { url }\`.`,
      { variable: TEST_DATABASE_URL_VARIABLE },
    );
  }
  return options;
}

/** The one drizzle-orm core the models use, or undefined when they mix cores or have no tables. */
async function modelsFamily(
  desired: Exclude<DesiredSchema, { readonly model: unknown }>,
): Promise<"pg" | "mysql" | "sqlite" | undefined> {
  const collected = await collectDrizzleSource(await loadDrizzleApi(), drizzleSourceOf(desired));
  const counts = {
    pg: collected.pgTables.length + collected.enums.length,
    mysql: collected.mysqlTables.length,
    sqlite: collected.sqliteTables.length,
  };
  const used = (Object.keys(counts) as (keyof typeof counts)[]).filter((family) => counts[family] > 0);
  // mixed cores are the models check's own error (ATHANOR_SCHEMA_INVALID), raised where it runs
  return used.length === 1 ? used[0] : undefined;
}
