/**
 * The building blocks operations are made of: names, columns, indexes and constraints as plain
 * data. Strings called `type`, `default`, `expression`, `where` and `using` are SQL fragments
 * written for the target dialect and rendered verbatim; every *name* is data and is quoted by
 * the dialect's renderer.
 */

/**
 * A possibly schema-qualified name of a table, type or sequence. `schema` is absent (never
 * `undefined`) when the name is unqualified, so two equal names are deep-equal.
 *
 * @example
 * ```ts
 * const users: QualifiedName = { name: "users" };
 * const audit: QualifiedName = { schema: "audit", name: "events" };
 * ```
 */
export interface QualifiedName {
  readonly schema?: string;
  readonly name: string;
}

/** What builders accept for a qualified name: `"users"`, `"audit.events"` is NOT split (dots are legal in names). */
export type NameInput = string | QualifiedName;

/**
 * Options shared by sequences and identity columns. Absent keys mean the database default.
 *
 * @example
 * ```ts
 * const opts: SequenceOptions = { start: 1000, increment: 1, cache: 20 };
 * ```
 */
export interface SequenceOptions {
  /** SQL type of the sequence, e.g. `"bigint"` (PostgreSQL `AS`). */
  readonly dataType?: string;
  readonly start?: number;
  readonly increment?: number;
  readonly minValue?: number;
  readonly maxValue?: number;
  readonly cache?: number;
  readonly cycle?: boolean;
}

/**
 * An identity column: `GENERATED ALWAYS AS IDENTITY` (`always: true`) or `BY DEFAULT`.
 *
 * @example
 * ```ts
 * const id: IdentitySpec = { always: true, start: 1 };
 * ```
 */
export interface IdentitySpec extends Omit<SequenceOptions, "dataType"> {
  readonly always: boolean;
}

/**
 * A generated column, `GENERATED ALWAYS AS (expression) STORED | VIRTUAL`. `storage` absent
 * means stored (the only kind PostgreSQL 15 has); `"virtual"` is MySQL/MariaDB only.
 *
 * @example
 * ```ts
 * const full: GeneratedSpec = { expression: "first_name || ' ' || last_name" };
 * const label: GeneratedSpec = { expression: "concat(first, '!')", storage: "virtual" };
 * ```
 */
export interface GeneratedSpec {
  readonly expression: string;
  readonly storage?: "stored" | "virtual";
}

/**
 * A column's full definition without its name; what `dropColumn` records to be reversible.
 * `nullable` is always present after normalisation; identity and generated columns carry no
 * `default`.
 *
 * @example
 * ```ts
 * const def: ColumnDefinition = { type: "varchar(255)", nullable: false, default: "''" };
 * ```
 */
export interface ColumnDefinition {
  /** SQL type, e.g. `"varchar(255)"`, `"timestamp with time zone"`, `"integer[]"`. */
  readonly type: string;
  readonly nullable: boolean;
  /** SQL expression, e.g. `"now()"`, `"'draft'"`, `"0"`. */
  readonly default?: string;
  readonly identity?: IdentitySpec;
  readonly generated?: GeneratedSpec;
  readonly collation?: string;
  readonly comment?: string;
  /** MySQL `ON UPDATE` expression, e.g. `"CURRENT_TIMESTAMP"`; PostgreSQL has no such clause. */
  readonly onUpdate?: string;
}

/**
 * A named column definition, as `createTable` and `addColumn` carry it.
 *
 * @example
 * ```ts
 * const email: ColumnSpec = { name: "email", type: "text", nullable: false };
 * ```
 */
export interface ColumnSpec extends ColumnDefinition {
  readonly name: string;
}

/** Sort order and null placement of one index key. */
export interface IndexKeyOptions {
  readonly order?: "asc" | "desc";
  readonly nulls?: "first" | "last";
  /** Operator class, e.g. `"text_pattern_ops"`; quoted as a name. */
  readonly opclass?: string;
}

/**
 * One key of an index: a column by name, or an SQL expression.
 *
 * @example
 * ```ts
 * const keys: IndexKey[] = [{ column: "tenant_id" }, { expression: "lower(email)" }];
 * ```
 */
export type IndexKey =
  | (IndexKeyOptions & { readonly column: string; readonly expression?: never })
  | (IndexKeyOptions & { readonly expression: string; readonly column?: never });

/**
 * Everything about an index except its name, table and how it is built; what `dropIndex`
 * records to be reversible.
 *
 * @example
 * ```ts
 * const def: IndexDefinition = { keys: [{ column: "email" }], unique: true, where: "deleted_at IS NULL" };
 * ```
 */
export interface IndexDefinition {
  readonly keys: readonly IndexKey[];
  readonly unique?: boolean;
  /** Partial index predicate (SQL). */
  readonly where?: string;
  /** Access method, e.g. `"btree"`, `"gin"`, `"gist"`. */
  readonly method?: string;
  /** Non-key columns stored in the index (`INCLUDE`). */
  readonly include?: readonly string[];
  readonly nullsNotDistinct?: boolean;
  /**
   * Storage parameters the index is built with (PostgreSQL `WITH (fillfactor = 70)`): set at
   * build time, so the index's existing pages follow them too, which a later
   * `alterIndexStorage` does not do.
   */
  readonly with?: { readonly [parameter: string]: string };
}

/**
 * What an index or unique key replaces under its own name: the old definition, dropped in the
 * same statement (MySQL/MariaDB: `ALTER TABLE t DROP INDEX x, ADD INDEX x (...)`, atomic, with
 * no moment the table lacks the index) or the same transaction (PostgreSQL, SQLite). `existing`
 * is an index definition (`keys`) or a unique key (`type: "unique"`).
 */
export interface ReplacedIndex {
  readonly existing: IndexDefinition | ({ readonly type: "unique" } & UniqueDefinition);
}

/** What a foreign key does when the referenced row changes. */
export type ReferentialAction = "no action" | "restrict" | "cascade" | "set null" | "set default";

/** Deferral of a constraint check to commit time. */
export interface Deferrable {
  readonly deferrable?: boolean;
  /** Only meaningful with `deferrable: true`. */
  readonly initiallyDeferred?: boolean;
}

/** `PRIMARY KEY (columns)`. */
export interface PrimaryKeyDefinition {
  readonly columns: readonly string[];
}

/** `UNIQUE [NULLS NOT DISTINCT] (columns)`. */
export interface UniqueDefinition extends Deferrable {
  readonly columns: readonly string[];
  readonly nullsNotDistinct?: boolean;
}

/**
 * `FOREIGN KEY (columns) REFERENCES table (columns)`.
 *
 * @example
 * ```ts
 * const fk: ForeignKeyDefinition = {
 *   columns: ["user_id"], references: { table: { name: "users" }, columns: ["id"] }, onDelete: "cascade",
 * };
 * ```
 */
export interface ForeignKeyDefinition extends Deferrable {
  readonly columns: readonly string[];
  readonly references: { readonly table: QualifiedName; readonly columns: readonly string[] };
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  readonly match?: "full" | "simple";
  /** Added without checking existing rows; run `validateConstraint` later. */
  readonly notValid?: boolean;
}

/** `CHECK (expression)`. */
export interface CheckDefinition {
  readonly expression: string;
  readonly notValid?: boolean;
}

/** A named NOT NULL constraint on one column (PostgreSQL 18+), optionally added NOT VALID. */
export interface NotNullDefinition {
  readonly column: string;
  readonly notValid?: boolean;
}

/**
 * A table constraint as `dropConstraint` records it to be reversible, tagged by `type`.
 *
 * @example
 * ```ts
 * const c: ConstraintDefinition = { type: "check", expression: "price > 0" };
 * ```
 */
export type ConstraintDefinition =
  | ({ readonly type: "primaryKey" } & PrimaryKeyDefinition)
  | ({ readonly type: "unique" } & UniqueDefinition)
  | ({ readonly type: "foreignKey" } & ForeignKeyDefinition)
  | ({ readonly type: "check" } & CheckDefinition);

/**
 * What `dropConstraint` records: a table constraint, or a named NOT NULL constraint (which
 * is never declared inline nor restated in a table's definition).
 */
export type DroppedConstraintDefinition =
  | ConstraintDefinition
  | ({ readonly type: "notNull" } & NotNullDefinition);

/** A constraint declared inline in `createTable`; the database names it when `name` is absent. */
export type Named<T> = T & { readonly name?: string };

/**
 * A table's full definition without its name; what `dropTable` records to be reversible.
 * Indexes are separate `createIndex` operations.
 *
 * @example
 * ```ts
 * const def: TableDefinition = { columns: [{ name: "id", type: "bigint", nullable: false }], primaryKey: { columns: ["id"] } };
 * ```
 */
export interface TableDefinition {
  readonly columns: readonly ColumnSpec[];
  readonly primaryKey?: Named<PrimaryKeyDefinition>;
  readonly uniques?: readonly Named<UniqueDefinition>[];
  readonly foreignKeys?: readonly Named<ForeignKeyDefinition>[];
  readonly checks?: readonly Named<CheckDefinition>[];
  readonly comment?: string;
}

/**
 * Everything about a view except its name; what `dropView` records to be reversible.
 * `definition` is the view's query (`SELECT ...`), rendered verbatim.
 *
 * @example
 * ```ts
 * const def: ViewDefinition = { definition: "SELECT id FROM accounts WHERE active", with: { security_barrier: "true" } };
 * ```
 */
export interface ViewDefinition {
  readonly definition: string;
  /**
   * Options by name: PostgreSQL reloptions (`check_option`, `security_barrier`,
   * `security_invoker`; storage parameters of a materialized view); MySQL `algorithm`,
   * `sql_security`, `check_option`.
   */
  readonly with?: { readonly [option: string]: string };
}

/** The command a policy applies to; absent in {@link PolicyDefinition} means `all`. */
export type PolicyCommand = "select" | "insert" | "update" | "delete";

/**
 * A row-level security policy without its name and table; what `dropPolicy` records.
 * Absent keys are PostgreSQL's defaults: permissive, for all commands, to `public`.
 *
 * @example
 * ```ts
 * const def: PolicyDefinition = { for: "select", to: ["app_user"], using: "owner = current_user" };
 * ```
 */
export interface PolicyDefinition {
  readonly as?: "restrictive";
  readonly for?: PolicyCommand;
  /** Role names; `public`, `current_user`, `current_role` and `session_user` are the keywords. */
  readonly to?: readonly string[];
  readonly using?: string;
  readonly withCheck?: string;
}

/** A JSON value, as `bulkInsert` rows hold them (Dates are stored as ISO-8601 strings). */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };
