/**
 * The dialect-neutral schema model: what an introspector reads from a live database and what
 * the Drizzle reader builds from a user's models. Plain JSON data (no classes, no bigint, no
 * undefined), so two models compare with deep equality once put in canonical order by
 * {@link normalizeSchemaModel}.
 *
 * Text that a database re-renders (types, default expressions, checks, index expressions and
 * predicates) is kept exactly as the database prints it (`format_type`, `pg_get_expr` on
 * PostgreSQL); comparing it with text written by a user is the differ's job, done by letting
 * the database canonicalise both sides.
 *
 * @example
 * ```ts
 * const model: SchemaModel = { schemas: ["public"], tables: [], enums: [], sequences: [] };
 * ```
 */
export interface SchemaModel {
  /** Schemas (namespaces) in scope, sorted. MySQL reports the one database it reads. */
  readonly schemas: readonly string[];
  /** Sorted by schema, then name. */
  readonly tables: readonly TableModel[];
  /** Sorted by schema, then name. Empty on dialects without named enum types. */
  readonly enums: readonly EnumModel[];
  /** Free-standing and serial-owned sequences, sorted; identity sequences live on their column. */
  readonly sequences: readonly SequenceModel[];
  /**
   * Views and materialized views, sorted by schema, then name. Absent (never `[]`) when there
   * are none, so models of schemas without views compare as they always did.
   */
  readonly views?: readonly ViewModel[];
}

/**
 * One table. Constraint-backed indexes (primary key, unique constraints) are described by
 * their constraint only, never repeated in `indexes`.
 *
 * @example
 * ```ts
 * const t: TableModel = { schema: "public", name: "users", columns: [], primaryKey: null,
 *   uniques: [], foreignKeys: [], checks: [], indexes: [], comment: null };
 * ```
 */
export interface TableModel {
  readonly schema: string;
  readonly name: string;
  /** In the table's physical column order. */
  readonly columns: readonly ColumnModel[];
  readonly primaryKey: PrimaryKeyModel | null;
  /** Sorted by name. */
  readonly uniques: readonly UniqueModel[];
  /** Sorted by name. */
  readonly foreignKeys: readonly ForeignKeyModel[];
  /** Sorted by name. */
  readonly checks: readonly CheckModel[];
  /** Sorted by name. */
  readonly indexes: readonly IndexModel[];
  readonly comment: string | null;
  /** PostgreSQL row-level security (`ENABLE ROW LEVEL SECURITY`); absent when off. */
  readonly rowLevelSecurity?: true;
  /** PostgreSQL row-level security policies, sorted by name; absent when there are none. */
  readonly policies?: readonly PolicyModel[];
}

/**
 * One column. `default`, `identity` and `generated` exclude each other in every database we
 * support, but they are kept as three fields so each carries exactly its own data.
 *
 * @example
 * ```ts
 * const c: ColumnModel = { name: "email", type: "text", nullable: false, default: null,
 *   identity: null, generated: null, comment: null, collation: null, onUpdate: null };
 * ```
 */
export interface ColumnModel {
  readonly name: string;
  /** The type as the database formats it, e.g. `character varying(20)`, `integer[]`. */
  readonly type: string;
  readonly nullable: boolean;
  /** Default expression text as the database prints it, e.g. `'x'::text`, `now()`. */
  readonly default: string | null;
  readonly identity: IdentityModel | null;
  readonly generated: GeneratedModel | null;
  readonly comment: string | null;
  /** Only a collation set explicitly on the column; `null` means the type's default. */
  readonly collation: string | null;
  /**
   * MySQL `ON UPDATE` expression as the server prints it (`current_timestamp(3)`), or `null`.
   * Always `null` on PostgreSQL, which has no such clause.
   */
  readonly onUpdate: string | null;
}

/** `GENERATED { ALWAYS | BY DEFAULT } AS IDENTITY`, or MySQL `AUTO_INCREMENT` (`sequence: null`). */
export interface IdentityModel {
  readonly generation: "always" | "byDefault";
  /** The backing sequence's options; `null` where the database has no sequence object. */
  readonly sequence: SequenceOptionsModel | null;
}

/** `GENERATED ALWAYS AS (expression) STORED | VIRTUAL`. */
export interface GeneratedModel {
  readonly expression: string;
  readonly storage: "stored" | "virtual";
}

/**
 * Sequence options. Numbers are decimal strings because a bigint sequence's bounds do not fit
 * a JavaScript number and the model must stay JSON.
 */
export interface SequenceOptionsModel {
  /** `smallint`, `integer` or `bigint`. */
  readonly dataType: string;
  readonly start: string;
  readonly increment: string;
  readonly min: string;
  readonly max: string;
  readonly cache: string;
  readonly cycle: boolean;
}

/** A primary key constraint; columns in key order. */
export interface PrimaryKeyModel {
  readonly name: string;
  readonly columns: readonly string[];
}

/** A UNIQUE constraint (not a unique index, which is an {@link IndexModel}). */
export interface UniqueModel {
  readonly name: string;
  readonly columns: readonly string[];
  readonly nullsNotDistinct: boolean;
  readonly deferrable: boolean;
  readonly initiallyDeferred: boolean;
}

/** Referential action of a foreign key. */
export type ForeignKeyAction = "no action" | "restrict" | "cascade" | "set null" | "set default";

/** A FOREIGN KEY constraint; `columns[i]` references `referencedColumns[i]`. */
export interface ForeignKeyModel {
  readonly name: string;
  readonly columns: readonly string[];
  readonly referencedSchema: string;
  readonly referencedTable: string;
  readonly referencedColumns: readonly string[];
  readonly onUpdate: ForeignKeyAction;
  readonly onDelete: ForeignKeyAction;
  /** `MATCH SIMPLE` (the default) or `MATCH FULL`. */
  readonly match: "simple" | "full";
  readonly deferrable: boolean;
  readonly initiallyDeferred: boolean;
  /** False after `ADD CONSTRAINT ... NOT VALID` until `VALIDATE CONSTRAINT`. */
  readonly validated: boolean;
}

/** A CHECK constraint; `expression` is the condition as the database prints it. */
export interface CheckModel {
  readonly name: string;
  readonly expression: string;
  readonly validated: boolean;
}

/** One key of an index: a column or an expression, with its ordering and operator class. */
export type IndexKeyModel =
  | (IndexKeyOrdering & { readonly kind: "column"; readonly column: string })
  | (IndexKeyOrdering & { readonly kind: "expression"; readonly expression: string });

/**
 * Ordering of an index key. `nulls` is always resolved (PostgreSQL's default is last for
 * ascending and first for descending keys) so equal indexes compare equal.
 */
export interface IndexKeyOrdering {
  readonly order: "asc" | "desc";
  readonly nulls: "first" | "last";
  /** Only a non-default operator class, e.g. `text_pattern_ops`; `null` for the default. */
  readonly opclass: string | null;
}

/**
 * An index that does not back a constraint.
 *
 * @example
 * ```ts
 * const ix: IndexModel = { name: "users_email_idx", unique: true, method: "btree",
 *   keys: [{ kind: "expression", expression: "lower(email)", order: "asc", nulls: "last", opclass: null }],
 *   include: [], where: "(deleted_at IS NULL)", nullsNotDistinct: false, with: [], valid: true };
 * ```
 */
export interface IndexModel {
  readonly name: string;
  readonly unique: boolean;
  /** Access method: `btree`, `hash`, `gin`, `gist`, ... (MySQL: `btree`, `hash`, `fulltext`, `spatial`). */
  readonly method: string;
  readonly keys: readonly IndexKeyModel[];
  /** Non-key columns (`INCLUDE (...)`), in order. */
  readonly include: readonly string[];
  /** Partial-index predicate as the database prints it, or `null`. */
  readonly where: string | null;
  readonly nullsNotDistinct: boolean;
  /** Storage parameters as `name=value`, sorted (`fastupdate=off`). */
  readonly with: readonly string[];
  /** False for an index left behind by an interrupted `CREATE INDEX CONCURRENTLY`. */
  readonly valid: boolean;
}

/**
 * A plain b-tree index over `columns`: ascending keys with NULLs first, no operator class,
 * INCLUDE, predicate or storage parameters — how MySQL and SQLite read back the indexes their
 * keys imply.
 *
 * @example
 * ```ts
 * columnIndexModel("orders_user_id_fk", ["user_id"], false).keys[0]?.nulls; // "first"
 * ```
 */
export function columnIndexModel(name: string, columns: readonly string[], unique: boolean): IndexModel {
  return {
    name,
    unique,
    method: "btree",
    keys: columns.map((column) => ({ kind: "column", column, order: "asc", nulls: "first", opclass: null })),
    include: [],
    where: null,
    nullsNotDistinct: false,
    with: [],
    valid: true,
  };
}

/** A named enum type; values in their declared order. */
export interface EnumModel {
  readonly schema: string;
  readonly name: string;
  readonly values: readonly string[];
}

/** A sequence object; `ownedBy` is set for `serial` columns and `OWNED BY`. */
export interface SequenceModel extends SequenceOptionsModel {
  readonly schema: string;
  readonly name: string;
  readonly ownedBy: { readonly table: string; readonly column: string } | null;
}

/**
 * A view (`CREATE VIEW`) or a PostgreSQL materialized view. `definition` is the query as the
 * server prints it back (`pg_get_viewdef`, MariaDB's `information_schema.VIEWS`, with the
 * view's own database left out of names), so two definitions compare as plain text once both
 * went through the database.
 *
 * @example
 * ```ts
 * const v: ViewModel = { schema: "public", name: "active_accounts", materialized: false,
 *   definition: " SELECT accounts.id\n   FROM accounts\n  WHERE accounts.active;", with: [] };
 * ```
 */
export interface ViewModel {
  readonly schema: string;
  readonly name: string;
  /** PostgreSQL `CREATE MATERIALIZED VIEW`. */
  readonly materialized: boolean;
  readonly definition: string;
  /**
   * Options as `name=value`, sorted: PostgreSQL reloptions (`check_option=local`,
   * `security_barrier=true`); MySQL `algorithm=merge`, `check_option=cascaded`,
   * `sql_security=invoker` (only values other than the server's default).
   */
  readonly with: readonly string[];
}

/**
 * A row-level security policy (`CREATE POLICY`) of one table.
 *
 * @example
 * ```ts
 * const p: PolicyModel = { name: "owner_reads", permissive: true, command: "select",
 *   roles: ["public"], using: "(owner = CURRENT_USER)", withCheck: null };
 * ```
 */
export interface PolicyModel {
  readonly name: string;
  /** `AS PERMISSIVE` (the default) or `AS RESTRICTIVE`. */
  readonly permissive: boolean;
  readonly command: "all" | "select" | "insert" | "update" | "delete";
  /** Role names, sorted; `public` for `PUBLIC`, also `current_user` and the like as written. */
  readonly roles: readonly string[];
  /** `USING (...)` as the server prints it, or `null`. */
  readonly using: string | null;
  /** `WITH CHECK (...)` as the server prints it, or `null`. */
  readonly withCheck: string | null;
}
