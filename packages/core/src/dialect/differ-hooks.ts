/**
 * The differ's per-database decisions, asked instead of switching on a dialect's name (the
 * Alembic shape: autogenerate hooks on the dialect's impl). Pure data and pure functions: no
 * connection, so the differ stays synchronous and offline.
 *
 * @example
 * ```ts
 * const hooks: DifferHooks = { ...postgresDifferHooks, name: "quirklite" }; // diffed as PostgreSQL
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
  /** Index storage parameters (`WITH (fillfactor = 70)`) are set and reset with ALTER INDEX. */
  readonly indexStorageParameters: boolean;
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
}
