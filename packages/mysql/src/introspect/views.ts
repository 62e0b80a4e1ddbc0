import type { ViewModel } from "@athanor/core";
import { quoteIdent } from "../quote.js";

// Views of one MySQL/MariaDB database, from information_schema.VIEWS.

/** Views of the database `?`. MySQL 8 has no ALGORITHM column there (MariaDB has). */
export function viewsQuery(flavor: "mysql" | "mariadb"): string {
  return `
SELECT TABLE_NAME AS name, VIEW_DEFINITION AS definition, CHECK_OPTION AS check_option,
  SECURITY_TYPE AS security, ${flavor === "mariadb" ? "ALGORITHM" : "NULL"} AS algorithm
FROM information_schema.VIEWS
WHERE TABLE_SCHEMA = ?
ORDER BY TABLE_NAME`;
}

/** A row of {@link viewsQuery}. */
export interface ViewRow {
  readonly name: string;
  readonly definition: string;
  readonly check_option: string | null;
  readonly security: string | null;
  readonly algorithm: string | null;
}

/**
 * A view as the model holds it. The server prints every name qualified by the database
 * (`` `app`.`users`.`id` ``); the view's own database is left out, so the definitions of a
 * scratch database and the live one compare, and a revision runs in a database of any name.
 * Options are kept only where they differ from the server's defaults (UNDEFINED, DEFINER, NONE).
 *
 * @example
 * ```ts
 * toMysqlView({ name: "v", definition: "select `app`.`t`.`id` AS `id` from `app`.`t`", check_option: "NONE",
 *   security: "DEFINER", algorithm: "UNDEFINED" }, "app").definition; // "select `t`.`id` AS `id` from `t`"
 * ```
 */
export function toMysqlView(row: ViewRow, database: string): ViewModel {
  const option = (key: string, value: string | null, fallback: string) => {
    const lower = (value ?? fallback).toLowerCase();
    return lower === fallback ? [] : [`${key}=${lower}`];
  };
  return {
    schema: database,
    name: row.name,
    materialized: false,
    definition: row.definition.replaceAll(`${quoteIdent(database)}.`, ""),
    with: [
      ...option("algorithm", row.algorithm, "undefined"),
      ...option("check_option", row.check_option, "none"),
      ...option("sql_security", row.security, "definer"),
    ],
  };
}
