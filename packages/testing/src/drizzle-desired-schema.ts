import { AthanorError, type Connection, type Operation, type SchemaModel } from "@athanor/core";
import { importPeer } from "./database-helpers.js";
import type { TestDatabase } from "./test-database.js";

/**
 * The part of `@athanor/drizzle` this package uses, declared here so that package stays an
 * optional peer (imported only when a Drizzle schema is compared) and its absence or an older
 * version is reported by name rather than as a type error at build time.
 */
interface DrizzleApi {
  loadDrizzleSchema(
    paths: string | readonly string[],
    options: { readonly importer?: (path: string) => Promise<Readonly<Record<string, unknown>>> },
  ): Promise<unknown>;
  collectDrizzleSchema(modules: readonly Readonly<Record<string, unknown>>[]): unknown;
  drizzleToSchemaModel(
    collected: unknown,
    options: { readonly dialect: "postgresql" | "mysql"; readonly database?: string },
  ): SchemaModel;
  canonicalizeSchemaModel(
    model: SchemaModel,
    options: {
      readonly dialect: "postgresql" | "mysql";
      readonly scratch: Connection;
      readonly render: (op: Operation) => readonly string[];
      readonly introspect: (
        conn: Connection,
        scope: { readonly schemas: readonly string[] },
      ) => Promise<SchemaModel>;
    },
  ): Promise<SchemaModel>;
  diffSchemas(
    desired: SchemaModel,
    live: SchemaModel,
    options: { readonly dialect: "postgresql" | "pglite" | "mysql" | "mariadb" },
  ): { readonly operations: readonly Operation[] };
}

const REQUIRED = [
  "loadDrizzleSchema",
  "drizzleToSchemaModel",
  "canonicalizeSchemaModel",
  "diffSchemas",
] as const;

/** Imports `@athanor/drizzle`, checking it has everything this package calls. */
export async function loadDrizzleApi(): Promise<DrizzleApi> {
  const api = (await importPeer(
    "@athanor/drizzle",
    () => import("@athanor/drizzle" as string),
    "Comparing a Drizzle schema with the migrations",
  )) as Partial<Record<(typeof REQUIRED)[number], unknown>>;
  const missing = REQUIRED.filter((name) => typeof api[name] !== "function");
  if (missing.length > 0) {
    throw new AthanorError(
      "ATHANOR_CONFIG_INVALID",
      `The installed @athanor/drizzle does not export ${missing.join(", ")}. Install a version matching @athanor/testing.`,
      { missing: [...missing] },
    );
  }
  return api as unknown as DrizzleApi;
}

/** Imported schema modules, or files and folders to import. */
export type DrizzleSource =
  | { readonly modules: readonly Readonly<Record<string, unknown>>[] }
  | {
      readonly paths: string | readonly string[];
      readonly importer?: ((path: string) => Promise<Readonly<Record<string, unknown>>>) | undefined;
    };

/** The Drizzle schema as the database would print it, ready for `diffSchemas`. */
export interface CanonicalDrizzleSchema {
  readonly model: SchemaModel;
  /** Operations that turn `live` into the models (empty when they match). */
  diff(live: SchemaModel): readonly Operation[];
}

/**
 * Reads a Drizzle schema and canonicalises it through `db`, which must be empty (PostgreSQL
 * creates the models inside a rolled-back transaction; MySQL in a scratch database).
 *
 * @example
 * ```ts
 * await db.reset();
 * const desired = await canonicalDrizzleSchema(db, { paths: "./src/db/schema.ts" });
 * desired.diff(await db.introspect()); // [] when migrations and models match
 * ```
 */
export async function canonicalDrizzleSchema(
  db: TestDatabase,
  source: DrizzleSource,
): Promise<CanonicalDrizzleSchema> {
  const drizzle = await loadDrizzleApi();
  const dialect = db.kind === "mysql" ? "mysql" : "postgresql";
  const collected =
    "modules" in source
      ? drizzle.collectDrizzleSchema(source.modules)
      : await drizzle.loadDrizzleSchema(
          source.paths,
          source.importer === undefined ? {} : { importer: source.importer },
        );
  const raw = drizzle.drizzleToSchemaModel(collected, { dialect, database: db.name });
  const scratch = await db.connect();
  let model: SchemaModel;
  try {
    model = await drizzle.canonicalizeSchemaModel(raw, {
      dialect,
      scratch,
      render: (op) => db.dialect.render(op),
      introspect: (conn, { schemas }) => db.introspect({ connection: conn, schemas }),
    });
  } finally {
    await scratch.close();
  }
  return {
    model,
    diff: (live) => drizzle.diffSchemas(model, live, { dialect: db.kind }).operations,
  };
}
