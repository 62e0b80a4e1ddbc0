import type { PolicyModel, ViewModel } from "@athanor/core";

/** A row of VIEWS_QUERY. */
export interface ViewRow {
  readonly schema: string;
  readonly name: string;
  readonly materialized: boolean;
  readonly definition: string;
  readonly with: string;
}

/** A row of POLICIES_QUERY. */
export interface PolicyRow {
  readonly table_oid: string;
  readonly name: string;
  readonly permissive: boolean;
  readonly command: string;
  readonly roles: string | null;
  readonly using: string | null;
  readonly with_check: string | null;
}

const COMMANDS: { readonly [code: string]: PolicyModel["command"] } = {
  "*": "all",
  r: "select",
  a: "insert",
  w: "update",
  d: "delete",
};

/**
 * A view as the model holds it. `pg_get_viewdef` ends the query with `;` and starts it with a
 * space: both are trimmed, so the definition can be written straight into `CREATE VIEW ... AS`.
 *
 * @example
 * ```ts
 * toView({ schema: "public", name: "v", materialized: false, definition: " SELECT 1;", with: "[]" }).definition; // "SELECT 1"
 * ```
 */
export function toView(row: ViewRow): ViewModel {
  return {
    schema: row.schema,
    name: row.name,
    materialized: row.materialized,
    definition: row.definition.trim().replace(/;$/, ""),
    with: JSON.parse(row.with) as string[],
  };
}

/** A policy as the model holds it. */
export function toPolicy(row: PolicyRow): PolicyModel {
  return {
    name: row.name,
    permissive: row.permissive,
    command: COMMANDS[row.command] ?? "all",
    roles: row.roles === null ? [] : (JSON.parse(row.roles) as string[]),
    using: row.using,
    withCheck: row.with_check,
  };
}
