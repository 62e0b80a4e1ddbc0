import type {
  CheckDefinition,
  ColumnDefinition,
  ColumnSpec,
  DroppedConstraintDefinition,
  ForeignKeyDefinition,
  GeneratedSpec,
  IndexDefinition,
  JsonValue,
  NotNullDefinition,
  PolicyDefinition,
  PrimaryKeyDefinition,
  QualifiedName,
  ReplacedIndex,
  SequenceOptions,
  TableDefinition,
  UniqueDefinition,
  ViewDefinition,
} from "./definitions.js";

// Convention: a field named `existing…` records the state *before* the operation so that
// `reverse` can rebuild it. Absent means "unknown", and reversing then throws
// ATHANOR_IRREVERSIBLE_OPERATION instead of guessing. `null` means "known to be absent".

/** `CREATE TABLE` with columns and inline constraints. */
export interface CreateTable extends TableDefinition {
  readonly kind: "createTable";
  readonly table: QualifiedName;
}
export interface DropTable {
  readonly kind: "dropTable";
  readonly table: QualifiedName;
  readonly existing?: TableDefinition;
}
export interface RenameTable {
  readonly kind: "renameTable";
  readonly table: QualifiedName;
  /** New name, in the same schema. */
  readonly to: string;
}
/**
 * Where `addColumn` places the column: first, or right after a named column (MySQL's `FIRST` /
 * `AFTER`). Absent: last, as every database adds it. Only a dialect whose
 * `capabilities.placesColumns` is true renders it; the others refuse it (ATHANOR_UNSUPPORTED).
 */
export type ColumnPosition = { readonly first: true } | { readonly after: string };

export interface AddColumn {
  readonly kind: "addColumn";
  readonly table: QualifiedName;
  readonly column: ColumnSpec;
  readonly position?: ColumnPosition;
}
export interface DropColumn {
  readonly kind: "dropColumn";
  readonly table: QualifiedName;
  readonly column: string;
  readonly existing?: ColumnDefinition;
  /** Where the column stood (see {@link ColumnPosition}): the reverse `addColumn` puts it back there. */
  readonly existingPosition?: ColumnPosition;
}
/**
 * Changes one column. Each aspect is changed only when its key is present; `default: null`
 * and `comment: null` remove them.
 */
export interface AlterColumn {
  readonly kind: "alterColumn";
  readonly table: QualifiedName;
  readonly column: string;
  readonly type?: string;
  /** How to convert existing values to `type` (PostgreSQL `USING`), e.g. `"amount::numeric"`. */
  readonly using?: string;
  readonly nullable?: boolean;
  readonly default?: string | null;
  readonly comment?: string | null;
  readonly existingType?: string;
  /** The `USING` expression of the reverse change (new type back to `existingType`). */
  readonly reverseUsing?: string;
  readonly existingNullable?: boolean;
  readonly existingDefault?: string | null;
  readonly existingComment?: string | null;
  /** MySQL `ON UPDATE` expression, `null` to remove it; PostgreSQL has none. */
  readonly onUpdate?: string | null;
  readonly existingOnUpdate?: string | null;
  /**
   * The column's generation expression; `null` makes a generated column a plain one keeping
   * its values (PostgreSQL `DROP EXPRESSION`, MySQL `MODIFY COLUMN`). Setting an expression
   * in place is MySQL/MariaDB only (PostgreSQL 15 has no `SET EXPRESSION`).
   */
  readonly generated?: GeneratedSpec | null;
  readonly existingGenerated?: GeneratedSpec | null;
  /** MySQL `AUTO_INCREMENT` on (`true`) or off; PostgreSQL uses identity columns instead. */
  readonly autoIncrement?: boolean;
  readonly existingAutoIncrement?: boolean;
}
export interface RenameColumn {
  readonly kind: "renameColumn";
  readonly table: QualifiedName;
  readonly from: string;
  readonly to: string;
}
/** `CREATE INDEX`; the index lives in the table's schema. */
export interface CreateIndex extends IndexDefinition {
  readonly kind: "createIndex";
  readonly name: string;
  readonly table: QualifiedName;
  /** Build without blocking writes; cannot run inside a transaction. */
  readonly concurrently?: boolean;
  /** The index or unique key of this name that this one takes the place of, in the same statement. */
  readonly replaces?: ReplacedIndex;
}
export interface DropIndex {
  readonly kind: "dropIndex";
  readonly name: string;
  readonly table: QualifiedName;
  readonly concurrently?: boolean;
  readonly existing?: IndexDefinition;
}
/**
 * Renames an index of a table (PostgreSQL `ALTER INDEX ... RENAME TO`, MySQL/MariaDB `ALTER
 * TABLE ... RENAME INDEX`): a catalogue change, no rebuild, and the index keeps working
 * throughout — where a drop and a create would leave the table without it (and a unique index's
 * rule unenforced) until the new one is built.
 */
export interface RenameIndex {
  readonly kind: "renameIndex";
  readonly table: QualifiedName;
  readonly from: string;
  readonly to: string;
}
export interface AddPrimaryKey extends PrimaryKeyDefinition {
  readonly kind: "addPrimaryKey";
  readonly table: QualifiedName;
  readonly name: string;
  /** PostgreSQL: take over this unique index (built `concurrently` first) instead of building one under the lock. */
  readonly usingIndex?: string;
}
export interface AddUnique extends UniqueDefinition {
  readonly kind: "addUnique";
  readonly table: QualifiedName;
  readonly name: string;
  /** PostgreSQL: take over this unique index (built `concurrently` first) instead of building one under the lock. */
  readonly usingIndex?: string;
  /** The index or unique key of this name that this one takes the place of, in the same statement. */
  readonly replaces?: ReplacedIndex;
}
export interface AddForeignKey extends ForeignKeyDefinition {
  readonly kind: "addForeignKey";
  readonly table: QualifiedName;
  readonly name: string;
}
export interface AddCheck extends CheckDefinition {
  readonly kind: "addCheck";
  readonly table: QualifiedName;
  readonly name: string;
}
export interface DropConstraint {
  readonly kind: "dropConstraint";
  readonly table: QualifiedName;
  readonly name: string;
  readonly existing?: DroppedConstraintDefinition;
}
/**
 * Renames a constraint of a table (PostgreSQL `ALTER TABLE ... RENAME CONSTRAINT`); the index
 * behind a primary key or unique constraint takes the new name too. A table rename leaves the
 * names PostgreSQL derived from the old table name (`users_pkey`) behind; this brings them along.
 */
export interface RenameConstraint {
  readonly kind: "renameConstraint";
  readonly table: QualifiedName;
  readonly from: string;
  readonly to: string;
}
/**
 * A named NOT NULL constraint on a column (PostgreSQL 18 `ADD CONSTRAINT c NOT NULL col [NOT
 * VALID]`): with `notValid`, existing rows are not checked (a brief lock, no scan) and
 * `validateConstraint` checks them later while reads and writes go on. Its inverse drops it.
 */
export interface AddNotNull extends NotNullDefinition {
  readonly kind: "addNotNull";
  readonly table: QualifiedName;
  readonly name: string;
}
/** Checks rows of a `notValid` constraint. Its own inverse: validating twice is harmless. */
export interface ValidateConstraint {
  readonly kind: "validateConstraint";
  readonly table: QualifiedName;
  readonly name: string;
}
export interface CreateEnum {
  readonly kind: "createEnum";
  readonly name: QualifiedName;
  readonly values: readonly string[];
}
export interface DropEnum {
  readonly kind: "dropEnum";
  readonly name: QualifiedName;
  readonly existingValues?: readonly string[];
}
/** Adds a label; `before` and `after` are mutually exclusive. Irreversible on PostgreSQL. */
export interface AddEnumValue {
  readonly kind: "addEnumValue";
  readonly name: QualifiedName;
  readonly value: string;
  readonly before?: string;
  readonly after?: string;
}
export interface RenameEnumValue {
  readonly kind: "renameEnumValue";
  readonly name: QualifiedName;
  readonly from: string;
  readonly to: string;
}
/** Renames an enum type within its schema (PostgreSQL `ALTER TYPE ... RENAME TO`); columns follow. */
export interface RenameEnum {
  readonly kind: "renameEnum";
  readonly name: QualifiedName;
  /** New name, in the same schema. */
  readonly to: string;
}
/** A column typed with an enum that {@link RebuildEnum} retypes. */
export interface EnumColumn {
  readonly table: QualifiedName;
  readonly column: string;
  /** The column is an array of the enum (`mood[]`). */
  readonly array?: true;
  /** The column's default (SQL text), dropped before the retype and set again after it. */
  readonly default?: string;
}
/**
 * Gives an enum type another list of values where the database cannot change it in place
 * (PostgreSQL cannot drop or reorder a label): the type is renamed aside, created anew with
 * `values`, every column of `columns` retyped through text, and the old type dropped. Before
 * anything changes it fails (check_violation) while a row of `columns` holds a value that
 * `existingValues` has and `values` drops. Its inverse is the same rebuild the other way.
 */
export interface RebuildEnum {
  readonly kind: "rebuildEnum";
  readonly name: QualifiedName;
  readonly values: readonly string[];
  readonly existingValues: readonly string[];
  readonly columns: readonly EnumColumn[];
}
export interface CreateSchema {
  readonly kind: "createSchema";
  readonly name: string;
}
/** With `cascade`, everything in the schema goes too, so the inverse cannot restore it. */
export interface DropSchema {
  readonly kind: "dropSchema";
  readonly name: string;
  readonly cascade?: boolean;
}
export interface CreateSequence extends SequenceOptions {
  readonly kind: "createSequence";
  readonly name: QualifiedName;
}
export interface DropSequence {
  readonly kind: "dropSequence";
  readonly name: QualifiedName;
  readonly existing?: SequenceOptions;
}
/**
 * Renames a sequence within its schema (PostgreSQL `ALTER SEQUENCE ... RENAME TO`). A serial
 * column's default (`nextval('users_id_seq'::regclass)`) holds the sequence by identity, so it
 * follows the rename.
 */
export interface RenameSequence {
  readonly kind: "renameSequence";
  readonly name: QualifiedName;
  /** New name, in the same schema. */
  readonly to: string;
}
/** Changes the options in `set`; `existing` needs a value for every key of `set` to reverse. */
export interface AlterSequence {
  readonly kind: "alterSequence";
  readonly name: QualifiedName;
  readonly set: SequenceOptions;
  readonly existing?: SequenceOptions;
}
export interface SetTableComment {
  readonly kind: "setTableComment";
  readonly table: QualifiedName;
  /** `null` removes the comment. */
  readonly comment: string | null;
  readonly existingComment?: string | null;
}
/**
 * Sets or resets an index's storage parameters (PostgreSQL `ALTER INDEX ... SET (fillfactor = 70)`
 * / `RESET (fillfactor)`) of an index that exists: the pages it already has keep their layout
 * (a new index gets its parameters from `createIndex`'s `with`). `existing` records each
 * parameter's value before (`null`: the server default), which the inverse needs.
 */
export interface AlterIndexStorage {
  readonly kind: "alterIndexStorage";
  readonly name: string;
  readonly table: QualifiedName;
  /** Parameter name → value as SQL prints it (`"70"`, `"off"`). */
  readonly set?: { readonly [parameter: string]: string };
  /** Parameters back to the server default. */
  readonly reset?: readonly string[];
  readonly existing?: { readonly [parameter: string]: string | null };
}
/**
 * An identity column's generation and sequence options. The numbers are decimal text: a bigint
 * sequence's bounds do not fit a JavaScript number. Absent options are the server's defaults.
 */
export interface IdentityOptions {
  readonly always: boolean;
  readonly start?: string;
  readonly increment?: string;
  readonly minValue?: string;
  readonly maxValue?: string;
  readonly cache?: string;
  readonly cycle?: boolean;
}
/**
 * Makes a column an identity column (`existingIdentity: null`), changes its identity, or makes
 * it a plain column (`identity: null`) — PostgreSQL `ALTER COLUMN ... ADD GENERATED` / `SET
 * GENERATED ... SET INCREMENT BY` / `DROP IDENTITY`. With `existingIdentity` absent the column
 * is taken to be an identity column already and every given option is set; the inverse needs it.
 */
export interface AlterColumnIdentity {
  readonly kind: "alterColumnIdentity";
  readonly table: QualifiedName;
  readonly column: string;
  readonly identity: IdentityOptions | null;
  readonly existingIdentity?: IdentityOptions | null;
}
/**
 * Changes a column's collation, keeping its type (PostgreSQL `ALTER COLUMN ... TYPE t COLLATE
 * c`; `null` is the database default). The column's indexes are rebuilt.
 */
export interface AlterColumnCollation {
  readonly kind: "alterColumnCollation";
  readonly table: QualifiedName;
  readonly column: string;
  /** The column's type, restated as the statement needs it. */
  readonly type: string;
  readonly collation: string | null;
  readonly existingCollation?: string | null;
}
/** `CREATE [MATERIALIZED] VIEW name [WITH (...)] AS definition`. */
export interface CreateView extends ViewDefinition {
  readonly kind: "createView";
  readonly name: QualifiedName;
  readonly materialized?: true;
}
export interface DropView {
  readonly kind: "dropView";
  readonly name: QualifiedName;
  readonly materialized?: true;
  readonly existing?: ViewDefinition;
}
/** `CREATE POLICY name ON table ...` (PostgreSQL row-level security). */
export interface CreatePolicy extends PolicyDefinition {
  readonly kind: "createPolicy";
  readonly name: string;
  readonly table: QualifiedName;
}
export interface DropPolicy {
  readonly kind: "dropPolicy";
  readonly name: string;
  readonly table: QualifiedName;
  readonly existing?: PolicyDefinition;
}
/** `ALTER TABLE ... ENABLE ROW LEVEL SECURITY`; its inverse is the disable. */
export interface EnableRowLevelSecurity {
  readonly kind: "enableRowLevelSecurity";
  readonly table: QualifiedName;
}
export interface DisableRowLevelSecurity {
  readonly kind: "disableRowLevelSecurity";
  readonly table: QualifiedName;
}
/**
 * Keeps column `target` in step with column `source` of `table` while old and new code run side
 * by side (a staged rename or type change): a row written with only one side filled gets the
 * other, and an update of one side is copied over — `source` → `target` always, `target` →
 * `source` too when `twoWay` (a rename, where new code writes only the new name). The dialect
 * writes its own form: PostgreSQL a plpgsql function `name` and a trigger `name`, MySQL/MariaDB
 * the triggers `name_ins` and `name_upd`. `toTarget` / `toSource` are SQL expressions over the
 * row being written, `NEW` (`CAST(NEW."mail" AS text)`), converting one side to the other's
 * type; absent, the other side's value is copied as it is.
 */
export interface CreateSyncTrigger extends SyncTriggerDefinition {
  readonly kind: "createSyncTrigger";
}
/** Drops what `createSyncTrigger` made; it records the same fields, so its inverse re-creates it. */
export interface DropSyncTrigger extends SyncTriggerDefinition {
  readonly kind: "dropSyncTrigger";
}
/** The fields of a sync trigger (see {@link CreateSyncTrigger}). */
export interface SyncTriggerDefinition {
  readonly name: string;
  readonly table: QualifiedName;
  readonly source: string;
  readonly target: string;
  readonly twoWay: boolean;
  readonly toTarget?: string;
  /** Only with `twoWay`. */
  readonly toSource?: string;
}
/**
 * A check, first in a revision that drops or renames columns or drops a table: it refuses
 * (nothing of the revision applied) while an object outside the models still names one of
 * `columns` of `table` (or, for `"table"`, the table itself) — a view, trigger or routine,
 * which the database does not stop the change from breaking (MariaDB views and routines,
 * PostgreSQL function bodies) or stops only with a less helpful error. `except` names what the
 * same revision drops itself first (the views it recreates, the sync triggers of a staged
 * change). Its own inverse: it changes nothing. `upgrade --allow-broken-dependents` leaves it
 * out of the run.
 */
export interface RequireNoDependents {
  readonly kind: "requireNoDependents";
  readonly table: QualifiedName;
  /** The columns the revision drops or renames; `"table"`: it drops the table itself. */
  readonly columns: readonly string[] | "table";
  /**
   * Those of `columns` the revision renames rather than drops: PostgreSQL's views, rules and
   * materialized views follow a rename (only function bodies break); MariaDB's views do not.
   */
  readonly renamed?: readonly string[];
  readonly except?: DependentsExcept;
}
/** A column of a {@link RequireNoDependents} check that the revision renames (not drops). */
export interface RenamedDependentsColumn {
  readonly renamed: string;
}
/** Objects a {@link RequireNoDependents} check passes over, in the table's schema. */
export interface DependentsExcept {
  readonly views?: readonly string[];
  /** Names given to `createSyncTrigger` (the dialect knows what it made of each). */
  readonly syncTriggers?: readonly string[];
}
/**
 * A check, first in a revision that moves a column's values into a narrower type (the downgrade
 * of a staged type change copying `varchar(100)` values back from `text`, an `alterColumn` to a
 * shorter length): it refuses (nothing of the revision applied) while a value of `column` of
 * `table`, as it is before the revision's first statement, would not fit `type` unchanged.
 * MySQL/MariaDB commit each DDL statement, so a copy that fails half-way would leave the
 * revision part-applied. `key` names the columns whose values identify the offending rows in the
 * message (the primary key); without it the values themselves are shown. Its own inverse.
 */
export interface RequireValuesFit {
  readonly kind: "requireValuesFit";
  readonly table: QualifiedName;
  readonly column: string;
  /** The narrower type the revision moves the values into, as the dialect spells it. */
  readonly type: string;
  readonly key?: readonly string[];
}
/** The escape hatch: raw SQL for the target dialect, with its inverse when known. */
export interface Execute {
  readonly kind: "execute";
  readonly sql: string;
  readonly downSql?: string;
}
/** Inserts rows; keys absent from a row take the column default. Irreversible. */
export interface BulkInsert {
  readonly kind: "bulkInsert";
  readonly table: QualifiedName;
  readonly rows: readonly { readonly [column: string]: JsonValue }[];
}

/**
 * A schema change as plain, frozen, JSON-serialisable data, discriminated by `kind`. Built by
 * the factories in {@link operations} (or `op.*` inside a revision), rendered to SQL by a
 * dialect, inverted by {@link reverse}.
 *
 * @example
 * ```ts
 * const op: Operation = operations.addColumn("users", { name: "timezone", type: "text" });
 * JSON.stringify(op); // {"kind":"addColumn","table":{"name":"users"},"column":{...}}
 * ```
 */
export type Operation =
  | CreateTable
  | DropTable
  | RenameTable
  | AddColumn
  | DropColumn
  | AlterColumn
  | RenameColumn
  | CreateIndex
  | DropIndex
  | RenameIndex
  | AddPrimaryKey
  | AddUnique
  | AddForeignKey
  | AddCheck
  | DropConstraint
  | RenameConstraint
  | AddNotNull
  | ValidateConstraint
  | CreateEnum
  | DropEnum
  | AddEnumValue
  | RenameEnumValue
  | RenameEnum
  | RebuildEnum
  | CreateSchema
  | DropSchema
  | CreateSequence
  | DropSequence
  | AlterSequence
  | RenameSequence
  | SetTableComment
  | AlterIndexStorage
  | AlterColumnIdentity
  | AlterColumnCollation
  | CreateView
  | DropView
  | CreatePolicy
  | DropPolicy
  | EnableRowLevelSecurity
  | DisableRowLevelSecurity
  | CreateSyncTrigger
  | DropSyncTrigger
  | RequireNoDependents
  | RequireValuesFit
  | Execute
  | BulkInsert;

/** Every operation kind, e.g. `"addColumn"`. */
export type OperationKind = Operation["kind"];

/** The operation type of one kind: `OperationOf<"addColumn">` is {@link AddColumn}. */
export type OperationOf<K extends OperationKind> = Extract<Operation, { kind: K }>;

/**
 * Every operation kind at runtime, in a stable order; a compile-time check below keeps it in
 * step with the {@link Operation} union. Conformance suites iterate it.
 *
 * @example
 * ```ts
 * for (const kind of OPERATION_KINDS) expect(renderers[kind]).toBeTypeOf("function");
 * ```
 */
export const OPERATION_KINDS = [
  "createTable",
  "dropTable",
  "renameTable",
  "addColumn",
  "dropColumn",
  "alterColumn",
  "renameColumn",
  "createIndex",
  "dropIndex",
  "renameIndex",
  "addPrimaryKey",
  "addUnique",
  "addForeignKey",
  "addCheck",
  "dropConstraint",
  "renameConstraint",
  "addNotNull",
  "validateConstraint",
  "createEnum",
  "dropEnum",
  "addEnumValue",
  "renameEnumValue",
  "renameEnum",
  "rebuildEnum",
  "createSchema",
  "dropSchema",
  "createSequence",
  "dropSequence",
  "alterSequence",
  "renameSequence",
  "setTableComment",
  "alterIndexStorage",
  "alterColumnIdentity",
  "alterColumnCollation",
  "createView",
  "dropView",
  "createPolicy",
  "dropPolicy",
  "enableRowLevelSecurity",
  "disableRowLevelSecurity",
  "createSyncTrigger",
  "dropSyncTrigger",
  "requireNoDependents",
  "requireValuesFit",
  "execute",
  "bulkInsert",
] as const satisfies readonly OperationKind[];

// Fails to compile when a kind is added to the union but not to OPERATION_KINDS.
type MissingKinds = Exclude<OperationKind, (typeof OPERATION_KINDS)[number]>;
const _allKindsListed: [MissingKinds] extends [never] ? true : MissingKinds = true;
void _allKindsListed;
