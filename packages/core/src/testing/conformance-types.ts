import type { Connection } from "../dialect/connection.js";
import type { Dialect } from "../dialect/dialect.js";
import type { Operation, OperationKind, OperationOf } from "../ops/operation.js";
import type { SchemaDifference } from "../schema/diff-schema-models.js";
import type { SchemaModel } from "../schema/schema-model.js";

/**
 * Features a case may need. A dialect declares the ones it has; cases needing others are
 * reported as skipped with the missing flag in their title, so the gap stays visible.
 */
export type ConformanceCapability =
  /** CREATE SCHEMA makes a namespace inside the database (PostgreSQL). */
  | "schemas"
  /** Named enum types (CREATE TYPE ... AS ENUM). */
  | "enumTypes"
  | "sequences"
  | "identityColumns"
  /** A column's collation changed in place (ALTER COLUMN ... COLLATE). */
  | "columnCollations"
  /** An index's storage parameters (ALTER INDEX ... SET (fillfactor = 70)). */
  | "indexStorageParameters"
  /** GENERATED ALWAYS AS (expression) STORED. */
  | "generatedColumns"
  | "partialIndexes"
  | "expressionIndexes"
  | "indexInclude"
  | "nullsNotDistinct"
  | "deferrableConstraints"
  /** ALTER TABLE ... RENAME CONSTRAINT (PostgreSQL). */
  | "constraintRenames"
  /** ADD CONSTRAINT ... NOT VALID and VALIDATE CONSTRAINT. */
  | "notValidConstraints"
  /** Named NOT NULL constraints, added NOT VALID and validated (PostgreSQL 18). */
  | "notNullConstraints"
  /** Triggers that keep an old and a new column in step (`createSyncTrigger`). */
  | "syncTriggers"
  | "tableComments"
  | "columnComments"
  /** CREATE VIEW, read back by the introspector. */
  | "views"
  | "materializedViews"
  /** ENABLE ROW LEVEL SECURITY and CREATE POLICY (PostgreSQL). */
  | "rowLevelSecurity";

/** The portable column types the cases use. */
export type PortableType = "integer" | "bigint" | "text" | "varchar40" | "boolean";

/**
 * A piece of SQL the case writes (`sql`) and how the dialect's introspector prints it back
 * (`introspected`), e.g. `{ sql: "varchar(40)", introspected: "character varying(40)" }`.
 */
export interface RoundTrip {
  readonly sql: string;
  readonly introspected: string;
}

/** What the cases need to know about how a dialect spells things. */
export interface ConformanceDialectData {
  /** Schema the introspector reports for unqualified names (`public`; MySQL: the database). */
  readonly defaultSchema: string;
  readonly types: { readonly [T in PortableType]: RoundTrip };
  /** A text default `'none'` (PostgreSQL prints `'none'::text`). */
  readonly textDefault: RoundTrip;
  /** An integer default `0`. */
  readonly integerDefault: RoundTrip;
  /** A check on an integer column `qty`: `qty > 0`. */
  readonly check: RoundTrip;
  /** An index expression over a text column `name`: `lower(name)`. */
  readonly indexExpression: RoundTrip;
  /** A partial-index predicate over a nullable column `note`: `note IS NULL`. */
  readonly indexPredicate: RoundTrip;
  /** A stored generated column's expression over an integer column `qty`: `qty * 2`. */
  readonly generatedExpression: RoundTrip;
  /** The longest identifier the dialect keeps whole (PostgreSQL 63 bytes, MySQL 64). */
  readonly maxIdentifierLength: number;
  /**
   * Capabilities the dialect renders for a newer server than the suite's (PostgreSQL 18's named
   * NOT NULL constraints on PostgreSQL 15): their operation must fail on this database with the
   * server's error and leave the schema as it was — loud, never applied as something else.
   */
  readonly newerServerCapabilities?: readonly ConformanceCapability[];
}

/** Everything a case builder gets: the dialect's spelling and name helpers. */
export interface ConformanceContext extends ConformanceDialectData {
  /** Diff path segment of a table, default schema unless given: `table "public"."items"`. */
  table(name: string, schema?: string): string;
  /** Diff path segment of an enum type: `enum "public"."mood"`. */
  enum(name: string, schema?: string): string;
  /** Diff path segment of a sequence: `sequence "public"."ticket_seq"`. */
  sequence(name: string, schema?: string): string;
  /** Diff path segment of a view: `view "public"."item_names"`. */
  view(name: string, schema?: string): string;
}

/**
 * An expected entry of `diffSchemaModels(start, afterOp)`. `before`/`after` are matched as
 * subsets (`toMatchObject`), so cases state what matters and leave dialect-chosen details
 * (a primary key's default name) out.
 */
export interface ExpectedDifference {
  readonly change: SchemaDifference["change"];
  readonly path: readonly string[];
  readonly before?: unknown;
  readonly after?: unknown;
}

/**
 * One conformance case for operation kind `K`: set up a starting schema, apply `op`, expect
 * exactly `expect` as the model difference, apply `reverse(op)`, expect the start again, then
 * tear the setup down and expect the database as it was before the case.
 */
export interface ConformanceCase<K extends OperationKind = OperationKind> {
  readonly name: string;
  readonly requires?: readonly ConformanceCapability[];
  /** Operations that build the starting schema; torn down with `reverseAll(setup)`. */
  readonly setup?: (ctx: ConformanceContext) => readonly Operation[];
  readonly op: (ctx: ConformanceContext) => OperationOf<K>;
  readonly expect: (ctx: ConformanceContext) => readonly ExpectedDifference[];
  /**
   * What `reverse(op)` leads to: `"start"` (default), `"after"` for an inverse that is a
   * deliberate no-op (validating a constraint cannot be undone), or `"irreversible"` when
   * `reverse` must throw ATHANOR_IRREVERSIBLE_OPERATION.
   */
  readonly reverse?: "start" | "after" | "irreversible";
  /** Extra check against the database after `op` (data, not schema), e.g. rows inserted. */
  readonly verify?: (conn: Connection, ctx: ConformanceContext) => Promise<void>;
}

/** The case lists, one per operation kind: a new kind without cases fails to compile. */
export type ConformanceCases = { readonly [K in OperationKind]: readonly ConformanceCase<K>[] };

/** A database the suite may change freely; `dispose` drops it. */
export interface ConformanceDatabase {
  readonly connection: Connection;
  dispose(): Promise<void>;
}

/**
 * How a dialect package plugs into {@link describeDialectConformance}.
 *
 * @example
 * ```ts
 * describeDialectConformance({ name: "PGlite", createDialect: () => pgliteDialect(), introspect: introspectPostgres,
 *   freshDatabase: freshPgliteDatabase, capabilities: ["schemas", "enumTypes"], data: POSTGRES_CONFORMANCE_DATA });
 * ```
 */
export interface DialectConformanceOptions {
  readonly name: string;
  /** Only `render` is used: the suite applies each case's SQL itself. */
  readonly createDialect: () => Pick<Dialect, "render"> | Promise<Pick<Dialect, "render">>;
  readonly introspect: (conn: Connection) => Promise<SchemaModel>;
  /** Called once per suite, and again after a failed case so one failure cannot cascade. */
  readonly freshDatabase: () => Promise<ConformanceDatabase>;
  readonly capabilities: readonly ConformanceCapability[];
  /**
   * Capabilities the dialect renders and the database runs, but its introspector does not read
   * yet (MariaDB sequences, MySQL databases as schemas). Their cases apply the operation, its
   * reverse and the teardown on the real database, without comparing models.
   */
  readonly renderOnlyCapabilities?: readonly ConformanceCapability[];
  readonly data: ConformanceDialectData;
  /** Dialect-specific cases, run after the built-in ones. */
  readonly extraCases?: readonly ConformanceCase[];
  /** Differences the dialect adds on its own (MySQL's implicit foreign-key index), left out of every comparison. */
  readonly ignoreDifference?: (difference: SchemaDifference) => boolean;
  /** Per-case timeout; default 30 s. */
  readonly timeoutMs?: number;
}
