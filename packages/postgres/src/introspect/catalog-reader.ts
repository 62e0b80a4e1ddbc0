import { AthanorError, type Connection } from "@athanor/core";

/** What scopes a catalogue read: the schemas and the tables to leave out. */
export interface CatalogScope {
  /** Schemas to read; `undefined` for every user schema. */
  readonly schemas: readonly string[] | undefined;
  /** `[schema or null for any, table]` pairs to leave out. */
  readonly excluded: readonly (readonly [string | null, string])[];
  readonly onQuery?:
    | ((event: { readonly sql: string; readonly rows: number; readonly ms: number }) => void)
    | undefined;
}

/** Runs one catalogue query with the scope's parameters; `what` names it in the error. */
export type CatalogRead = <Row>(sql: string, what: string) => Promise<readonly Row[]>;

/**
 * A reader of catalogue queries scoped by `SCOPE` (catalog-queries.ts): every query gets the
 * same two parameters, reports its timing, and fails as ATHANOR_INTROSPECTION_FAILED naming
 * what it was reading.
 *
 * @example
 * ```ts
 * const read = catalogReader(conn, { schemas: ["public"], excluded: [[null, "athanor_version"]] });
 * const tables = await read<TableRow>(TABLES_QUERY, "tables");
 * ```
 */
export function catalogReader(conn: Connection, scope: CatalogScope): CatalogRead {
  const params = [
    scope.schemas === undefined ? null : JSON.stringify(scope.schemas),
    JSON.stringify(scope.excluded),
  ];
  return async <Row>(sql: string, what: string): Promise<readonly Row[]> => {
    const started = performance.now();
    try {
      const { rows } = await conn.query<Row>(sql, params);
      scope.onQuery?.({ sql, rows: rows.length, ms: performance.now() - started });
      return rows;
    } catch (cause) {
      throw new AthanorError(
        "ATHANOR_INTROSPECTION_FAILED",
        `Reading ${what} from the PostgreSQL catalogue failed: ${cause instanceof Error ? cause.message : String(cause)}. ` +
          "Check that the server is PostgreSQL 15 or later and that the user may read pg_catalog.",
        { what },
        { cause },
      );
    }
  };
}
