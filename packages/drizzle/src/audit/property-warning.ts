/**
 * One property of the Drizzle models that `check` and autogenerate do not compare, with the
 * reason. Reported as warning `ATHANOR_PROPERTY_NOT_COMPARED`, never silently passed over.
 *
 * @example
 * ```ts
 * const w: PropertyWarning = { schema: null, table: "t", index: "t_v_idx", property: "lock", reason: "..." };
 * formatPropertyWarning(w); // 'ATHANOR_PROPERTY_NOT_COMPARED: table t, index t_v_idx, property lock: ...'
 * ```
 */
export interface PropertyWarning {
  readonly schema: string | null;
  readonly table: string;
  /** `table` names a view. */
  readonly view?: boolean;
  readonly column?: string;
  readonly index?: string;
  readonly property: string;
  readonly reason: string;
}

/** The code every {@link PropertyWarning} is reported under. */
export const PROPERTY_NOT_COMPARED = "ATHANOR_PROPERTY_NOT_COMPARED";

/** One line naming table, column or index, and property. */
export function formatPropertyWarning(w: PropertyWarning): string {
  const table = w.schema === null ? w.table : `${w.schema}.${w.table}`;
  const what =
    w.column !== undefined ? `, column ${w.column}` : w.index !== undefined ? `, index ${w.index}` : "";
  return `${PROPERTY_NOT_COMPARED}: ${w.view === true ? "view" : "table"} ${table}${what}, property ${w.property}: ${w.reason}`;
}
