// drizzle-kit 0.31 as a test oracle: the SQL it generates for a schema from nothing (its
// `generate` path, diffing an empty snapshot against the models). We run that SQL ourselves;
// kit's pushSchema drops query parameters (#5557) and prompts, so it is not used.
import type { Connection } from "@athanor/core";

type Imports = Record<string, unknown>;

interface KitApi {
  generateDrizzleJson(imports: Imports, prevId?: string, schemaFilters?: string[], casing?: string): unknown;
  generateMigration(prev: unknown, cur: unknown): Promise<string[]>;
  generateMySQLDrizzleJson(imports: Imports, prevId?: string, casing?: string): Promise<unknown>;
  generateMySQLMigration(prev: unknown, cur: unknown): Promise<string[]>;
}

async function kit(): Promise<KitApi> {
  return (await import("drizzle-kit/api")) as unknown as KitApi;
}

/** The statements drizzle-kit generates to create `schema` in an empty PostgreSQL database. */
export async function kitPostgresStatements(schema: Imports): Promise<string[]> {
  const api = await kit();
  return api.generateMigration(api.generateDrizzleJson({}), api.generateDrizzleJson(schema));
}

/** The statements drizzle-kit generates to create `schema` in an empty MySQL database. */
export async function kitMysqlStatements(schema: Imports): Promise<string[]> {
  const api = await kit();
  return api.generateMySQLMigration(
    await api.generateMySQLDrizzleJson({}),
    await api.generateMySQLDrizzleJson(schema),
  );
}

/** Runs kit's statements one by one (kit's MySQL output is one statement per entry too). */
export async function applyStatements(conn: Connection, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await conn.executeScript([statement.replace(/;\s*$/, "")]);
}

/** The statements drizzle-kit generates to create `schema` in an empty SQLite database. */
export async function kitSqliteStatements(schema: Imports): Promise<string[]> {
  const api = (await import("drizzle-kit/api")) as unknown as {
    generateSQLiteDrizzleJson(imports: Imports): Promise<unknown>;
    generateSQLiteMigration(prev: unknown, cur: unknown): Promise<string[]>;
  };
  return api.generateSQLiteMigration(
    await api.generateSQLiteDrizzleJson({}),
    await api.generateSQLiteDrizzleJson(schema),
  );
}
