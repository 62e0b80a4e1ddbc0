import { AthanorError, type Connection } from "@athanor/core";

/** Runs one information_schema query. */
export type InformationSchemaRead = <Row>(sql: string, params: readonly unknown[]) => Promise<readonly Row[]>;

/**
 * A reader of information_schema queries: reports each query's timing and fails as
 * ATHANOR_INTROSPECTION_FAILED with the start of the SQL that failed.
 *
 * @example
 * ```ts
 * const read = informationSchemaReader(conn);
 * const tables = await read<TableRow>(TABLES_QUERY, ["app"]);
 * ```
 */
export function informationSchemaReader(
  conn: Connection,
  onQuery?: (event: { readonly sql: string; readonly rows: number; readonly ms: number }) => void,
): InformationSchemaRead {
  return async <Row>(sql: string, params: readonly unknown[]): Promise<readonly Row[]> => {
    const t0 = performance.now();
    try {
      const { rows } = await conn.query<Row>(sql, params);
      onQuery?.({ sql, rows: rows.length, ms: performance.now() - t0 });
      return rows;
    } catch (error) {
      throw new AthanorError(
        "ATHANOR_INTROSPECTION_FAILED",
        `Reading information_schema failed: ${(error as Error)?.message ?? String(error)}. Check that the user may read the database's metadata.`,
        { dialect: "mysql", sql: sql.trim().slice(0, 200) },
        { cause: error },
      );
    }
  };
}

/**
 * Rows grouped by a key, groups in first-seen order.
 *
 * @example
 * ```ts
 * groupBy([{ t: "a" }, { t: "b" }, { t: "a" }], (r) => r.t); // Map { "a" => [2 rows], "b" => [1 row] }
 * ```
 */
export function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list === undefined) out.set(k, [row]);
    else list.push(row);
  }
  return out;
}
