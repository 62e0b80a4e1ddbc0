import { randomBytes } from "node:crypto";
import type { Connection, Operation, SchemaModel } from "@athanor/core";
import { AthanorError } from "@athanor/core";
import { assembleFromProbes, probeSchemaFor } from "./canonicalize-postgres-probe.js";
import { probeFallbackReason } from "./canonicalize-probe-eligibility.js";
import { planProbe } from "./canonicalize-probe-plan.js";
import { materializeSchemaModel } from "./materialize-schema-model.js";
import { moveSchemaModel } from "./move-schema-model.js";
import { settleCheckExpressions } from "./settle-check-expressions.js";
import { type DrizzleDialect, quoteName } from "./sql-fragment.js";

/** Reads a schema back; the dialect package's introspector, adapted to this one call. */
export type ScratchIntrospector = (
  conn: Connection,
  scope: { readonly schemas: readonly string[] },
) => Promise<SchemaModel>;

/**
 * Options of {@link canonicalizeSchemaModel}. The dialect packages are not dependencies of
 * this one, so their renderer and introspector come in as functions.
 */
export interface CanonicalizeOptions {
  readonly dialect: DrizzleDialect;
  /**
   * PostgreSQL: a session on an **empty** database (an in-memory PGlite, or a scratch database
   * on the live server for the exact same server version). Everything is created inside a
   * transaction that is rolled back, so the database stays empty and can be reused.
   * MySQL: any session on the server; a scratch database `athanor_scratch_<random>` is created
   * and dropped around the work.
   */
  readonly scratch: Connection;
  /**
   * MySQL: an existing, empty database to build in (the CLI's dev database, which it creates or
   * is given and empties itself). Without it, `athanor_scratch_<random>` is created and dropped
   * on the `scratch` session's server.
   */
  readonly scratchDatabase?: string | undefined;
  /** One operation → SQL, e.g. `renderPostgres` or `dialect.render`. */
  readonly render: (op: Operation) => readonly string[];
  /** e.g. `(c, { schemas }) => introspectPostgres(c, { schemas })`, or `introspectMysql(c, { database: schemas[0] })`. */
  readonly introspect: ScratchIntrospector;
  /**
   * PostgreSQL: `"probe"` (default) creates only what the server must print — one probe column
   * per distinct type/default, one skeleton per distinct table shape with checks, generated
   * columns or expression/partial/non-btree indexes — and takes structure from the model;
   * `"full"` creates every table, key and index. A model the probes cannot vouch for (an
   * over-long or reused name, a key over a missing column, a foreign key to no unique key)
   * always goes the full way, so the database reports its error. MySQL always goes the full way.
   */
  readonly strategy?: "probe" | "full" | undefined;
}

function failed(dialect: DrizzleDialect, cause: unknown): AthanorError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new AthanorError(
    "ATHANOR_CANONICALIZE_FAILED",
    `Creating the Drizzle schema in a scratch ${dialect === "postgresql" ? "database" : "MySQL database"} failed: ${reason}. The schema's SQL (a type, default, check or index expression) is not valid for this server; fix it in the Drizzle model.`,
    {
      dialect,
      ...(typeof (cause as { statementIndex?: unknown })?.statementIndex === "number"
        ? { statementIndex: (cause as { statementIndex: number }).statementIndex }
        : {}),
    },
    { cause },
  );
}

async function canonicalizePostgres(model: SchemaModel, options: CanonicalizeOptions): Promise<SchemaModel> {
  if (options.strategy !== "full" && probeFallbackReason(model) === null) {
    const plan = planProbe(model, probeSchemaFor(model));
    const read = await inScratchTransaction(
      plan.operations.flatMap((op) => {
        const statements = options.render(op);
        const key = plan.partitionKeys.get(op);
        if (key === undefined) return [...statements];
        // Our own rendered CREATE TABLE, extended by one clause that createTable has no field for.
        const [create, ...rest] = statements;
        return [`${create} PARTITION BY LIST (${quoteName(key, "postgresql")})`, ...rest];
      }),
      options,
      [...model.schemas, plan.probeSchema],
    );
    return assembleFromProbes(model, plan, read);
  }
  const statements = materializeSchemaModel(model, { dialect: "postgresql" }).flatMap((op) => [
    ...options.render(op),
  ]);
  return inScratchTransaction(statements, options, model.schemas);
}

/**
 * Runs `statements` in one round trip inside a transaction, reads `schemas`, rolls back.
 *
 * @example
 * ```ts
 * const read = await inScratchTransaction(["CREATE TABLE t (a int)"], options, ["public"]);
 * ```
 */
export async function inScratchTransaction(
  statements: readonly string[],
  options: CanonicalizeOptions,
  schemas: readonly string[],
): Promise<SchemaModel> {
  const conn = options.scratch;
  try {
    // One round trip creates everything; the open transaction is read and then rolled back.
    await conn.executeScript(["BEGIN", ...statements]);
  } catch (cause) {
    await conn.executeScript(["ROLLBACK"]).catch(() => undefined);
    throw failed("postgresql", cause);
  }
  try {
    return await options.introspect(conn, { schemas });
  } finally {
    await conn.executeScript(["ROLLBACK"]);
  }
}

async function canonicalizeMysql(model: SchemaModel, options: CanonicalizeOptions): Promise<SchemaModel> {
  const [database, ...others] = model.schemas;
  if (database === undefined) return model;
  if (others.length > 0) {
    throw new AthanorError(
      "ATHANOR_UNSUPPORTED",
      `The MySQL model spans several databases (${model.schemas.join(", ")}); canonicalisation handles one. Keep every table in the connection's database.`,
      { schemas: [...model.schemas] },
    );
  }
  const given = options.scratchDatabase;
  const scratch = given ?? `athanor_scratch_${randomBytes(6).toString("hex")}`;
  const conn = options.scratch;
  const statements = materializeSchemaModel(moveSchemaModel(model, database, scratch), {
    dialect: "mysql",
    inlineForeignKeys: true,
  }).flatMap((op) => [...options.render(op)]);
  if (given === undefined)
    // A refused CREATE DATABASE is the server's privileges, not the models: reported as it is.
    await conn.executeScript([`CREATE DATABASE ${quoteName(scratch, "mysql")}`]);
  try {
    try {
      await conn.executeScript(statements);
    } catch (cause) {
      throw failed("mysql", cause);
    }
    return moveSchemaModel(await options.introspect(conn, { schemas: [scratch] }), scratch, database);
  } finally {
    if (given === undefined)
      await conn.executeScript([`DROP DATABASE IF EXISTS ${quoteName(scratch, "mysql")}`]);
  }
}

/**
 * Brings a model read from Drizzle into exactly the form a live introspection produces, by
 * letting the database do it: the model is created in a scratch place with
 * {@link materializeSchemaModel} (one script, one round trip) and read back with the same
 * introspector. Types, defaults, check/index/generated expressions then read as the server
 * prints them (`'ok'::mood`, `(age >= 0)`, `lower((email)::text)`), with no regex anywhere.
 *
 * @example
 * ```ts
 * const pg = await PGlite.create();
 * const canonical = await canonicalizeSchemaModel(model, {
 *   dialect: "postgresql", scratch: pgliteConnection(pg), render: renderPostgres,
 *   introspect: (c, { schemas }) => introspectPostgres(c, { schemas }),
 * });
 * diffSchemaModels(canonical, await introspectPostgres(live, { schemas: canonical.schemas })); // []
 * ```
 */
export async function canonicalizeSchemaModel(
  model: SchemaModel,
  options: CanonicalizeOptions,
): Promise<SchemaModel> {
  if (options.dialect !== "postgresql") return canonicalizeMysql(model, options);
  return settleCheckExpressions(await canonicalizePostgres(model, options), options);
}
