import { AthanorError, type Connection } from "@athanor/core";
import { quoteLiteral } from "../quote.js";
import { narrowScope } from "./catalog-queries.js";

/** What scopes a catalogue read: the schemas and the tables to leave out. */
export interface CatalogScope {
  /** Schemas to read; `undefined` for every user schema. */
  readonly schemas: readonly string[] | undefined;
  /** `[schema or null for any, table]` pairs to leave out. */
  readonly excluded: readonly (readonly [string | null, string])[];
  /** The schemas hold a few tables: their relations are found through `pg_depend` ({@link narrowScope}). */
  readonly fewTables?: boolean | undefined;
  readonly onQuery?:
    | ((event: { readonly sql: string; readonly rows: number; readonly ms: number }) => void)
    | undefined;
}

/** Runs one catalogue query with the scope's parameters; `what` names it in the error. */
export type CatalogRead = <Row>(sql: string, what: string) => Promise<readonly Row[]>;

/**
 * A reader of catalogue queries scoped by `SCOPE` (catalog-queries.ts): every query gets the
 * same two values (`$1`, `$2`), reports its timing, and fails as ATHANOR_INTROSPECTION_FAILED naming
 * what it was reading.
 *
 * @example
 * ```ts
 * const read = catalogReader(conn, { schemas: ["public"], excluded: [[null, "athanor_version"]] });
 * const tables = await read<TableRow>(TABLES_QUERY, "tables");
 * ```
 */
export function catalogReader(conn: Connection, scope: CatalogScope): CatalogRead {
  // The scope is written into each query as literals, not bound as parameters: postgres.js sends
  // a query with parameters only once the one before it has answered, and one without them at
  // once, so the queries of an introspection started together run back to back on the server,
  // also while the client is busy (a CLI compiling the models meanwhile).
  const literals: Record<string, string> = {
    $1: scope.schemas === undefined ? "NULL" : quoteLiteral(JSON.stringify(scope.schemas)),
    $2: quoteLiteral(JSON.stringify(scope.excluded)),
  };
  return async <Row>(sql: string, what: string): Promise<readonly Row[]> => {
    const started = performance.now();
    const text = (scope.fewTables === true ? narrowScope(sql) : sql).replace(
      SCOPE_PARAMETER,
      (name) => literals[name] as string,
    );
    try {
      const { rows } = await conn.query<Row>(text);
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

/** `$1` and `$2` where the catalogue queries use them: always cast, `$1::text::jsonb` (no other `$n` occurs in them). */
const SCOPE_PARAMETER = /\$[12](?=::text::jsonb)/g;
