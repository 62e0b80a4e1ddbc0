import { adoptConstraintNames, autogenerate } from "@athanor/autogenerate";
import { AthanorError, type Connection, type Operation, type SchemaModel } from "@athanor/core";
import type { DialectModule } from "@athanor/core/dialect";
import { importPeer } from "./database-helpers.js";
import { testDialectModule } from "./dialect-registry.js";
import type { DesiredSchema } from "./migration-test-config.js";
import type { TestDatabase } from "./test-database.js";

/**
 * The part of `@athanor/drizzle` this package uses: reading and canonicalising the Drizzle
 * schema as the CLI does (`readDesiredModel`), typed from the package itself; the diff is
 * `@athanor/autogenerate`'s `autogenerate`, the CLI's entry. It stays an optional
 * peer, imported only when a Drizzle schema is compared; an older version lacking a function is
 * reported by name.
 */
type DrizzleApi = Pick<
  typeof import("@athanor/drizzle"),
  "loadDrizzleSchema" | "collectDrizzleSchema" | "readDesiredModel"
>;

const REQUIRED = ["loadDrizzleSchema", "collectDrizzleSchema", "readDesiredModel"] as const;

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
/** What `athanor check` finds between a database and the models. */
export interface ModelsProposal {
  readonly operations: readonly Operation[];
  /** Differences no operation is written for, to be made by hand (a sequence bound beyond 2^53). */
  readonly byHand: readonly string[];
}

export interface CanonicalDrizzleSchema {
  readonly model: SchemaModel;
  /** Operations that turn `live` into the models, and what is left by hand: both empty when they match. */
  diff(live: SchemaModel): ModelsProposal;
}

/** A `desired` schema given as Drizzle modules or files, as the source to read. */
export function drizzleSourceOf(
  desired: Extract<DesiredSchema, { readonly drizzleModules: unknown } | { readonly drizzleSchema: unknown }>,
): DrizzleSource {
  return "drizzleModules" in desired
    ? { modules: desired.drizzleModules }
    : { paths: desired.drizzleSchema, importer: desired.importer };
}

/** The Drizzle objects of imported modules, or of the files and folders to import. */
export async function collectDrizzleSource(
  drizzle: DrizzleApi,
  source: DrizzleSource,
): Promise<ReturnType<DrizzleApi["collectDrizzleSchema"]>> {
  return "modules" in source
    ? drizzle.collectDrizzleSchema(source.modules)
    : await drizzle.loadDrizzleSchema(
        source.paths,
        source.importer === undefined ? {} : { importer: source.importer },
      );
}

/**
 * Reads a Drizzle schema and canonicalises it through `db`, which must be empty (PostgreSQL
 * creates the models inside a rolled-back transaction; MySQL in a scratch database).
 *
 * @example
 * ```ts
 * await db.reset();
 * const desired = await canonicalDrizzleSchema(db, { paths: "./src/db/schema.ts" });
 * desired.diff(await db.introspect()); // { operations: [], byHand: [] } when migrations and models match
 * ```
 */
export async function canonicalDrizzleSchema(
  db: TestDatabase,
  source: DrizzleSource,
): Promise<CanonicalDrizzleSchema> {
  const drizzle = await loadDrizzleApi();
  const module = await testDialectModule(db.dialectName);
  const exports = await collectDrizzleSource(drizzle, source);
  const dialect = { module, flavour: db.kind, render: (op: Operation) => db.dialect.render(op) };
  const hooks = module.differHooks(db.kind);
  const session = await canonicalSession(db, module);
  let model: SchemaModel;
  try {
    // the test database is empty: the canonicaliser builds in it (MySQL: in a scratch database of its own)
    ({ desired: model } = await drizzle.readDesiredModel({
      exports,
      dialect,
      dev: { connection: session.connection },
      database: db.name,
    }));
  } finally {
    await session.close();
  }
  return {
    model,
    // as `athanor check` compares: where constraint names are labels (SQLite), a live key equal
    // to a desired one but for its label is no difference
    diff: (live) => {
      const { diff } = autogenerate({
        desired: model,
        live: hooks.constraintNamesAreLabels === true ? adoptConstraintNames(model, live) : live,
        dialect: { hooks },
      });
      return { operations: diff.operations, byHand: diff.byHand ?? [] };
    },
  };
}

/**
 * Where the models are built to be read back. The test database itself (it is empty; PostgreSQL
 * rolls the build back), except on a database that cannot roll DDL back and whose dialect has no
 * server for scratch databases — D1, where a batch is the only transaction: there the models are
 * built in the dialect's in-memory scratch database, as `athanor check` does for such a target.
 */
async function canonicalSession(
  db: TestDatabase,
  module: DialectModule,
): Promise<{ connection: Connection; close(): Promise<void> }> {
  const memory = module.scratch.inMemory;
  if (
    db.dialect.capabilities.transactionalDdl ||
    module.scratch.serverless !== true ||
    memory === undefined
  ) {
    const connection = await db.connect();
    return { connection, close: () => connection.close() };
  }
  const opened = memory.open();
  const connection = await opened.dialect.connect();
  return {
    connection,
    async close() {
      await connection.close();
      await opened.close();
    },
  };
}
