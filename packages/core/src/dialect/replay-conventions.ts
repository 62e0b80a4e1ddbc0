import type { IdentitySpec } from "../ops/definitions.js";
import type { ColumnModel, IdentityModel } from "../schema/schema-model.js";

/**
 * What a server does on its own when an operation leaves something unsaid, and what it refuses,
 * as far as `check --against migrations` replays revisions in memory (a schema model built from
 * the recorded operations, trusted only when it equals the live database exactly). A dialect
 * that can say these exactly offers them through `DialectModule.replayConventions`; everything
 * not said exactly makes the replay refuse and fall back to the server replay, never guess.
 *
 * @example
 * ```ts
 * const conventions = await module.replayConventions?.("shop"); // undefined: not modelled
 * ```
 */
export interface ReplayConventions {
  /** Names the conventions in the replay's cache key (`postgresql`, `mysql`). */
  readonly key: string;
  /** Where an unqualified name lands: `public`, or the MySQL database. */
  readonly defaultSchema: string;
  /** The longest name, in UTF-8 bytes, the server keeps as given (longer: truncated or refused). */
  readonly maxNameBytes: number;
  /** True for a name that something the server makes on its own may hold (PostgreSQL's `…_seq`). */
  reservedName(name: string): boolean;
  /** True for a column type the server expands into more than a column (PostgreSQL's `serial`). */
  expandsType(type: string): boolean;
  /**
   * `schema`: tables, indexes and the indexes of keys share one namespace per schema, and a primary
   * key's name is an index name (PostgreSQL). `table`: index names are per table (MySQL).
   */
  readonly indexNames: "schema" | "table";
  /** Foreign key names are unique across the schema, not only per table (MySQL). */
  readonly foreignKeyNamesPerSchema: boolean;
  /** The primary key's name as the introspector reads it (MySQL: always `PRIMARY`); undefined: unnamed. */
  primaryKeyName(given: string | undefined): string | undefined;
  /** A column's identity as the introspector reads it; undefined: not modelled. */
  identity(spec: IdentitySpec, type: string): IdentityModel | undefined;
  /** An identity column is NOT NULL whatever the operation said (PostgreSQL). */
  readonly identityNotNull: boolean;
  /**
   * An AUTO_INCREMENT column needs a key starting with it in the statement that makes it (MySQL):
   * a table without one is refused, and so is adding such a column to a table.
   */
  readonly autoIncrementNeedsKey: boolean;
  /** NULLs placement of an index key when the operation names none. */
  defaultNulls(order: "asc" | "desc"): "first" | "last";
  /** A unique index of ascending plain columns reads back as a unique constraint (MySQL). */
  readonly uniqueIndexesAreConstraints: boolean;
  /**
   * The server indexes a foreign key's columns itself, under the key's name, when no index starts
   * with them, and keeps that index when the key goes (InnoDB). Index and key changes on tables
   * with foreign keys are then not modelled past creation.
   */
  readonly indexesForeignKeys: boolean;
  /**
   * The options beyond plain keys and indexes: deferrable keys, NOT VALID and VALIDATE, NULLS NOT
   * DISTINCT, MATCH FULL, index methods other than b-tree, partial and covering indexes, operator
   * classes and NULLS order in index keys (PostgreSQL). Without them, an operation naming one is refused.
   */
  readonly extendedKeyOptions: boolean;
  /**
   * A check's text reads back as written, so a revision's text equal to the live one means the
   * replay prints it too (MySQL). PostgreSQL prints checks its own way (`ScratchArea.settlesPrintedTexts`).
   */
  readonly checksReadAsWritten: boolean;
  /** Columns take `ON UPDATE` expressions (MySQL). */
  readonly columnOnUpdate: boolean;
  /** `addColumn` may place a column (`FIRST` / `AFTER`, MySQL). */
  readonly placesColumns: boolean;
  /** Enum types, schemas and row-level security are objects of the database (PostgreSQL). */
  readonly enumTypes: boolean;
  readonly schemas: boolean;
  readonly rowLevelSecurity: boolean;
}

/** A column model with its fields writable, as the replay fills it in. */
export type ReplayColumn = { -readonly [K in keyof ColumnModel]: ColumnModel[K] };
