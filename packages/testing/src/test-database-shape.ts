import type { Connection, Dialect, SchemaModel } from "@athanor/core";

/** Which kind of database a {@link TestDatabase} is. */
export type TestDatabaseKind = "pglite" | "postgresql" | "mysql";

/**
 * A throw-away database for migration tests. Server databases are created fresh with a unique
 * name and dropped by `dispose()`; PGlite lives in memory.
 *
 * @example
 * ```ts
 * const db = await createTestDatabase();            // PGlite in memory
 * await upgrade({ dialect: db.dialect, revisions: "./migrations/versions" }, "heads");
 * console.log((await db.introspect()).tables.length);
 * await db.dispose();
 * ```
 */
export interface TestDatabase {
  readonly kind: TestDatabaseKind;
  /** The registered dialect module it belongs to (`postgresql` for PGlite too); `kind` is its flavour. */
  readonly dialectName: string;
  /** The database name (`athanor_t_…` on a server, `memory` for PGlite). */
  readonly name: string;
  /** URL of the database (server databases only). */
  readonly url: string | undefined;
  /** The dialect to hand to `upgrade`/`downgrade`; connects to this database only. */
  readonly dialect: Dialect;
  /** Opens a session on the database (close it when done). */
  connect(): Promise<Connection>;
  /** Reads the schema, leaving out the version tables (see {@link IntrospectTestDatabaseOptions}). */
  introspect(options?: IntrospectTestDatabaseOptions): Promise<SchemaModel>;
  /** Removes every table, type, sequence and schema, so the next check starts from an empty database. */
  reset(): Promise<void>;
  /** Drops the database (servers) or closes it (PGlite). Safe to call twice. */
  dispose(): Promise<void>;
}

/**
 * Options of {@link TestDatabase.introspect}.
 *
 * @example
 * ```ts
 * await db.introspect({ versionTable: "schema_version", schemas: ["public"] });
 * ```
 */
export interface IntrospectTestDatabaseOptions {
  /** Default `athanor_version`; it and `<name>_history` are left out. */
  readonly versionTable?: string | undefined;
  /** Schemas (MySQL: the one database) to read; default all user schemas (MySQL: this database). */
  readonly schemas?: readonly string[] | undefined;
  /** Read through this session (e.g. inside its open transaction); default a new one. */
  readonly connection?: Connection | undefined;
}
