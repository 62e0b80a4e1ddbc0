// The slices of the driver libraries that athanor calls, typed structurally so that
// @athanor/postgres has no type (or runtime) dependency on either: both are optional peers,
// imported lazily only when the user asks for them. A real `postgres()` instance and a real
// `PGlite` instance satisfy these interfaces (checked in client-types.test.ts).

/**
 * The subset of a postgres.js (`postgres` 3.4 or 4.x) `Sql` instance athanor uses: it reserves one
 * connection for the whole run and gives it back (or ends the pool it created) at the end.
 *
 * @example
 * ```ts
 * import postgres from "postgres";
 * const client: PostgresJsClient = postgres(process.env.DATABASE_URL!);
 * const dialect = postgresDialect({ client });
 * ```
 */
export interface PostgresJsClient {
  reserve(): Promise<PostgresJsReservedConnection>;
  end(options?: { timeout?: number | undefined }): Promise<void>;
}

/**
 * One reserved postgres.js connection (`await sql.reserve()`): every query on it runs in the
 * same server session, which is what session-level advisory locks and transactions need.
 *
 * @example
 * ```ts
 * const reserved: PostgresJsReservedConnection = await client.reserve();
 * await reserved.unsafe("SELECT 1");
 * reserved.release();
 * ```
 */
export interface PostgresJsReservedConnection {
  // biome-ignore lint/suspicious/noExplicitAny: postgres.js types parameters by its own type map
  unsafe(query: string, parameters?: any[]): PostgresJsPendingQuery;
  release(): void;
}

/**
 * A postgres.js query that has not run yet: awaiting it runs it with the extended protocol;
 * `.simple()` switches it to the simple-query protocol, which accepts several statements.
 *
 * @example
 * ```ts
 * await reserved.unsafe("CREATE TABLE a (); CREATE TABLE b ()").simple();
 * ```
 */
export interface PostgresJsPendingQuery extends PromiseLike<PostgresJsRowList> {
  simple(): PostgresJsPendingQuery;
}

/**
 * What a postgres.js query resolves to: the rows, with the affected-row count attached.
 *
 * @example
 * ```ts
 * const rows: PostgresJsRowList = await reserved.unsafe("UPDATE t SET x = 1");
 * rows.count; // 3
 * ```
 */
export type PostgresJsRowList = readonly Record<string, unknown>[] & { readonly count?: number | null };

/**
 * The `postgres()` factory as athanor calls it, for postgres.js 3.4 and 4.x alike (their
 * published types differ in shape, the call does not).
 *
 * @example
 * ```ts
 * const factory = (await import("postgres")).default as unknown as PostgresJsFactory;
 * const sql = factory(url, { max: 1, prepare: false });
 * ```
 */
export type PostgresJsFactory = (
  url: string,
  options: {
    readonly max: number;
    readonly connect_timeout: number;
    readonly prepare: boolean;
    readonly onnotice: (notice: Readonly<Record<string, unknown>>) => void;
    /** Called when a connection of the pool closes (postgres.js 3.x and 4.x). */
    readonly onclose?: (connectionId: number) => void;
    readonly connection: Readonly<Record<string, string>>;
  },
) => PostgresJsClient;

/**
 * The subset of a PGlite 0.5 instance athanor uses.
 *
 * @example
 * ```ts
 * import { PGlite } from "@electric-sql/pglite";
 * const client: PGliteClient = new PGlite("./.athanor/pglite");
 * const dialect = pgliteDialect({ client });
 * ```
 */
export interface PGliteClient {
  readonly waitReady: Promise<void>;
  readonly closed: boolean;
  // biome-ignore lint/suspicious/noExplicitAny: PGlite types parameters as any[]
  query<Row>(query: string, params?: any[]): Promise<{ rows: Row[]; affectedRows?: number }>;
  exec(query: string): Promise<unknown>;
  close(): Promise<void>;
}

// Compile-time proof that the real drivers fit these interfaces (type-only, erased from the
// build and absent from the .d.ts, so users never need either package's types).
type Fits<Contract, Actual extends Contract> = Actual;
type _PostgresJsFits = Fits<PostgresJsClient, import("postgres").Sql>;
type _FactoryFits = Fits<PostgresJsFactory, typeof import("postgres")["default"]>;
type _ReservedFits = Fits<PostgresJsReservedConnection, import("postgres").ReservedSql>;
type _PGliteFits = Fits<PGliteClient, import("@electric-sql/pglite").PGlite>;
