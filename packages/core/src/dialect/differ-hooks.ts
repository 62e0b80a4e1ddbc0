import type { FoldedNameKinds } from "./name-case.js";

/**
 * The differ's per-database decisions, asked instead of switching on a dialect's name (the
 * Alembic shape: autogenerate hooks on the dialect's impl). Pure data and pure functions: no
 * connection, so the differ stays synchronous and offline.
 *
 * @example
 * ```ts
 * const hooks: DifferHooks = { ...postgresDifferHooks, name: "quirklite" }; // diffed and staged as PostgreSQL
 * ```
 */
export interface DifferHooks {
  /** The name messages give the dialect (`postgresql`, `mysql`, a dialect's own). */
  readonly name: string;
  /**
   * The schema whose names are written unqualified: fixed (`public`), or undefined when it is
   * the session's database, taken from the models.
   */
  readonly defaultSchema: string | undefined;
  /**
   * A schema is a database (MySQL): both models are read as the one default schema (scratch and
   * live databases have different names but mean the same), and no schema is created or dropped.
   */
  readonly schemasAreDatabases: boolean;
  /** Enum types and sequences are objects of their own, created, changed and dropped apart from tables. */
  readonly namedTypes: boolean;
  /** An identifier quoted for SQL the differ writes itself. */
  quoteIdentifier(name: string): string;
  /** Index keys carry NULLS FIRST/LAST (left out when at the default for the key's order). */
  readonly indexNullsOrdering: boolean;
  /** Index storage parameters (`WITH (fillfactor = 70)`) are set and reset (`alterIndexStorage`). */
  readonly indexStorageParameters: boolean;
  /**
   * `CREATE TABLE` may declare a foreign key to a table that does not exist yet, and adding one
   * afterwards rebuilds the table (SQLite): a model built from nothing (the canonicaliser's
   * scratch build) declares every key inside its table, tables in the model's order. Absent: keys
   * are added after every table exists, or inline in an order that creates referenced tables first.
   */
  readonly forwardForeignKeys?: boolean | undefined;
  /**
   * Constraint names are labels the server does not keep for every kind (SQLite: unnamed keys
   * and foreign keys read back without the name the models gave them): a live constraint equal to
   * a desired one takes the desired name before the comparison (`adoptConstraintNames`), so a
   * name alone is no difference. Absent: names are compared.
   */
  readonly constraintNamesAreLabels?: boolean | undefined;
  /**
   * The server creates and drops a foreign key's own index (MySQL): the differ leaves such an
   * index to it instead of creating or dropping it.
   */
  readonly serverManagedForeignKeyIndexes: boolean;
  /**
   * How an identity change is written: `identity` (ADD / SET / DROP IDENTITY steps) or
   * `auto-increment` (the column's AUTO_INCREMENT, set once the keys on it are in place).
   */
  readonly identityChange: "identity" | "auto-increment";
  /** A collation change: `alter-type` (ALTER COLUMN … TYPE … COLLATE) or `by-hand` (a note). */
  readonly collationChange: "alter-type" | "by-hand";
  /** A type change carries a `USING` cast both ways. */
  readonly typeChangeCast: boolean;
  /**
   * How a generated column's expression changes: `drop-expression` (made plain by DROP
   * EXPRESSION, otherwise dropped and added; a column a generated column computes from cannot be
   * retyped under it) or `in-place` (altered in place when the storage kind stays the same).
   */
  readonly generatedChange: "drop-expression" | "in-place";
  /**
   * `addColumn` can place a column (MySQL `AFTER` / `FIRST`): a dropped column records where it
   * stood (`existingPosition`), so the downgrade puts it back there. Absent: re-added last.
   */
  readonly placesColumns?: boolean | undefined;
  /**
   * Constraints and sequences are renamed in place (PostgreSQL `RENAME CONSTRAINT`, `ALTER
   * SEQUENCE ... RENAME TO`): a constraint that only changes its name becomes `renameConstraint`
   * instead of a drop and an add, and a serial column's sequence named after an old table name
   * `renameSequence` — what a table rename leaves behind. Absent: dropped and added.
   */
  readonly renamesInPlace?: boolean | undefined;
  /**
   * Indexes are renamed in place (PostgreSQL `ALTER INDEX ... RENAME TO`, MySQL `RENAME INDEX`):
   * an index that only changes its name becomes `renameIndex` instead of a drop and a create,
   * which would rebuild it and leave the table without it in between. Absent: dropped and created.
   */
  readonly renamesIndexes?: boolean | undefined;
  /**
   * Names the server compares without ASCII letter case (SQLite: tables and columns; MySQL:
   * columns): a dropped and an added object whose names differ only in case are one object
   * renamed, never a drop and an add — the server would refuse the second name while the first
   * exists, or the drop would lose the rows of what is only a new spelling. Such a rename needs
   * no `--rename` and is never asked. Absent: names are compared exactly.
   */
  readonly foldsNameCase?: FoldedNameKinds | undefined;
  /**
   * The server prints a quote inside a string literal as `\'` (MySQL/MariaDB) rather than `''`:
   * the differ reads the expressions it prints (generated, CHECK, index) with that rule when it
   * follows a column rename into them. Absent: only `''` (and PostgreSQL's `E'...'`).
   */
  readonly stringBackslashEscapes?: boolean | undefined;
  /**
   * Whether the server writes a column's new name unquoted where RENAME COLUMN replaces an
   * unquoted reference to it in a stored expression (SQLite: as the renderer writes the name in
   * the RENAME). Absent: when it is a plain lower-case name, as PostgreSQL prints one.
   */
  writesRenamedBare?(name: string): boolean;
  /**
   * An index or unique key redefined under its name is one create with `replaces` (MySQL
   * `ALTER TABLE t DROP INDEX x, ADD ... x`: atomic, never without the index) instead of a drop
   * and a create, which are two statements each committing on its own. Absent: dropped and
   * created (PostgreSQL swaps it online in the staged revision instead).
   */
  readonly replacesIndexes?: boolean | undefined;
  /**
   * Dropping a column takes it out of a multi-column index and keeps the index on the other
   * columns (MySQL/MariaDB), where PostgreSQL drops the index: a staged column move drops the
   * old column's indexes by name first, so the ones it makes again on the new column do not
   * collide with what is left of them. Absent: dropped with the column.
   */
  readonly columnDropKeepsIndexes?: boolean | undefined;
  /**
   * A table's changes are written together, so a dialect that renders several changes to one
   * table as one unit (`Dialect.batchKey`: SQLite's one rebuild) finds them consecutive: the
   * buckets from dropping foreign keys to dropping columns are regrouped per table, index drops
   * first and index creations last in each (indexes stand apart from the table's definition;
   * not a unique index a new key of the same table refers to), the rest in bucket order; a table a foreign key refers to has its changes before the key is
   * added and after it is dropped. A cycle keeps the bucket order. Absent: bucket order (every
   * kind of change for all tables, then the next kind).
   */
  readonly tableAtATime?: boolean | undefined;

  /**
   * A revision that adds an enum value runs outside a transaction (PostgreSQL: the new value is
   * unusable until the adding transaction commits). Asked by the code generator.
   */
  readonly enumValueOutsideTransaction: boolean;
  /**
   * The dialect renders `op.requireNoDependents`: autogenerate writes one first in each upgrade
   * and downgrade that drops or renames a column or drops a table. Absent: none is written.
   */
  readonly dependentsCheck?: boolean | undefined;
  /**
   * The dialect renders `op.requireValuesFit` and can judge whether every value of type `from`
   * fits `to` (lengths, ranges, scale; MySQL/MariaDB also ENUM/SET members): autogenerate writes
   * one first in each upgrade and downgrade that moves values into a narrower type it judges.
   * Absent: none is written (SQLite enforces no declared length).
   */
  readonly valuesFitCheck?: ((from: string, to: string) => boolean) | undefined;
  /**
   * The stager's decisions (`stageDiff`); a dialect with them renders `createSyncTrigger` /
   * `dropSyncTrigger`, which the stager emits for every column it moves. Absent: the dialect's changes are never staged — one
   * plain revision (SQLite: one writer, every column change is one transactional rebuild).
   */
  readonly staging?: StagingHooks | undefined;
  /**
   * For a dialect without `staging`: the lint rules its plain revisions trip when they rename or
   * drop what running code uses, and why such a change is written in place there. Autogenerate
   * writes each tripped rule into the revision's `lint.ignore` with `reason` and the change's own
   * advice, so the silence is reviewed with the file. Absent: nothing is silenced.
   */
  readonly unstaged?: UnstagedHooks | undefined;
}

/** Lint silences of a dialect that never stages (see {@link DifferHooks.unstaged}). */
export interface UnstagedHooks {
  readonly inPlaceRules: InPlaceRules;
  /** Why the dialect writes the change in place, e.g. "SQLite has one writer …". */
  readonly reason: string;
}

/**
 * How the stager splits unsafe changes into expand / migrate / contract revisions and
 * non-blocking forms on this dialect.
 */
export interface StagingHooks {
  /**
   * Index and constraint changes on tables that hold rows go to a revision of their own with
   * `transactional: false` (CREATE INDEX CONCURRENTLY, constraints added NOT VALID and validated
   * apart). False: the server builds them online in place (InnoDB), nothing is split.
   */
  readonly onlineForms: boolean;
  /**
   * Assigning a value to a column of another type converts it (MySQL): the sync triggers that
   * keep an old and a new column in step (`createSyncTrigger`) copy values as they are. False:
   * the stager gives them casts.
   */
  readonly assignmentConverts: boolean;
  /**
   * How an existing column becomes NOT NULL without a long lock: `validated-check` (a CHECK added
   * NOT VALID, validated, then SET NOT NULL skips its scan) or `in-place` (one ALTER, an online
   * rebuild where the server has no NOT VALID).
   */
  readonly notNullRecipe: "validated-check" | "in-place";
  /**
   * The server adds named NOT NULL constraints NOT VALID (`addNotNull` with `notValid`,
   * PostgreSQL 18+): the stager adds one and validates it instead of the check recipe. Absent
   * or false for the server version: the check recipe.
   */
  notValidNotNull?(serverVersion: number | undefined): boolean;
  /** The dialect's lint rules a change written in place would trip, silenced with a reason by the stager. */
  readonly inPlaceRules: InPlaceRules;
}

/**
 * Lint rule names (`pg/rename-column`) for the changes the stager may write in place; an absent
 * one is a change the dialect's lint does not flag.
 */
export interface InPlaceRules {
  readonly renameColumn: string;
  readonly renameTable: string;
  readonly dropColumn: string;
  readonly dropTable: string;
  readonly addRequiredColumn: string;
  /** A type change that rewrites or copies the table. */
  readonly typeChangeRewrite?: string | undefined;
  /** Adding a generated column (computed for every row). */
  readonly addGeneratedColumn?: string | undefined;
  /** A generation or AUTO_INCREMENT change the server can only do by copying the table (MariaDB). */
  readonly generationChangeCopy?: string | undefined;
  /** Adding a foreign key copies the table to check the rows (MySQL). */
  readonly foreignKeyCopy?: string | undefined;
  /** Adding a serial column: its `nextval()` default is computed for every row (PostgreSQL). */
  readonly addSerialColumn?: string | undefined;
}
