import type { Connection, DifferHooks, Operation, SchemaModel, ScratchArea } from "@athanor/core";
import { AthanorError } from "@athanor/core";

/** Reads a schema back; the dialect package's introspector, adapted to this one call. */
export type ScratchIntrospector = (
  conn: Connection,
  /** `fewTables`: the schemas hold a few tables (a probe's), a hint the introspector may use (`introspectPostgres`). */
  scope: { readonly schemas: readonly string[]; readonly fewTables?: boolean | undefined },
) => Promise<SchemaModel>;

/**
 * Options of {@link canonicalizeSchemaModel}. The dialect packages are not dependencies of
 * this one, so their renderer and introspector come in as functions.
 */
export interface CanonicalizeOptions {
  /**
   * The dialect module's differ hooks (`module.differHooks(flavour)`): how a model becomes the
   * operations that build it (identity, index NULL ordering, foreign keys, schemas, quoting);
   * their `name` is the `dialect` of a refused build's error.
   */
  readonly hooks: DifferHooks;
  /**
   * Where and how the models are built: the dialect module's `scratch.area` (e.g.
   * `postgresScratchArea`, `mysqlScratchArea`, `sqliteScratchArea`). Every statement besides the
   * rendered operations comes from it.
   */
  readonly area: ScratchArea;
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
  /**
   * PostgreSQL: a session of the live database. Where the area allows it
   * (`area.mayProbeOnLive`) and the models take the probes, they run there, in a schema of
   * their own inside a transaction that is always rolled back, reading the live database's own
   * types, sequences and functions, and `scratch` is not used. Anything refused there (a type
   * the live database lacks, a value its enum does not hold) falls back to `scratch`, whose
   * errors are the ones reported. MySQL: the probes go on it into a database of their own,
   * `athanor_probe_<random>`, created and dropped there (canonicalize-mysql-live-probe.ts); a
   * refusal there goes the full way on `scratch`. Absent: the probes run on `scratch`.
   */
  readonly liveSession?: Connection | undefined;
  /**
   * The live database, where its area keeps CREATE texts as sent (`area.storedTableTexts`,
   * SQLite): a desired table whose rendered statements equal the stored ones is taken from
   * `live` (its introspection) instead of being built and read back. Absent: every table is built.
   */
  readonly reuse?:
    | { readonly live: SchemaModel; readonly stored: ReadonlyMap<string, readonly string[]> }
    | undefined;
}

/** The coded error for SQL the scratch server refused while building the model. */
export function canonicalizeFailed(options: CanonicalizeOptions, cause: unknown): AthanorError {
  const dialect = options.hooks.name;
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new AthanorError(
    "ATHANOR_CANONICALIZE_FAILED",
    `Creating the Drizzle schema in a scratch ${options.area.label} failed: ${reason}. The schema's SQL (a type, default, check or index expression) is not valid for this server; fix it in the Drizzle model.`,
    {
      dialect,
      ...(typeof (cause as { statementIndex?: unknown })?.statementIndex === "number"
        ? { statementIndex: (cause as { statementIndex: number }).statementIndex }
        : {}),
    },
    { cause },
  );
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
  const { begin, rollback } = options.area;
  try {
    // One round trip creates everything; the open transaction is read and then rolled back.
    await conn.executeScript([...begin, ...statements]);
  } catch (cause) {
    await conn.executeScript(rollback).catch(() => undefined);
    throw canonicalizeFailed(options, cause);
  }
  try {
    return await options.introspect(conn, { schemas });
  } finally {
    await conn.executeScript(rollback);
  }
}
