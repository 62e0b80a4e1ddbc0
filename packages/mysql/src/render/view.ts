import type { OperationOf } from "@athanor/core";
import { quoteQualified } from "../quote.js";
import { type MysqlRenderContext, unsupported } from "./context.js";

// Views on MySQL/MariaDB. Options are a closed set of keywords: each value is checked against
// it and written as the keyword, so no option text reaches SQL as given.

/** Each option's allowed values and their SQL; the clauses are written in this order. */
const OPTIONS: { readonly [option: string]: { readonly [value: string]: string } } = {
  algorithm: {
    undefined: "ALGORITHM = UNDEFINED",
    merge: "ALGORITHM = MERGE",
    temptable: "ALGORITHM = TEMPTABLE",
  },
  sql_security: { definer: "SQL SECURITY DEFINER", invoker: "SQL SECURITY INVOKER" },
  check_option: { cascaded: "WITH CASCADED CHECK OPTION", local: "WITH LOCAL CHECK OPTION" },
};

/**
 * `CREATE [ALGORITHM = ...] [SQL SECURITY ...] VIEW ... AS ... [WITH ... CHECK OPTION]`.
 *
 * @example
 * ```ts
 * renderCreateView(operations.createView("v", "select 1", { with: { sql_security: "invoker" } }), ctx);
 * // ["CREATE SQL SECURITY INVOKER VIEW `v` AS select 1"]
 * ```
 */
export function renderCreateView(op: OperationOf<"createView">, ctx: MysqlRenderContext): string[] {
  if (op.materialized === true)
    throw unsupported(
      ctx,
      op.kind,
      "materialized views",
      "Use a table filled by a revision, or a plain view",
    );
  const clauses = new Map<string, string>();
  for (const [option, value] of Object.entries(op.with ?? {})) {
    const clause = OPTIONS[option]?.[value.toLowerCase()];
    if (clause === undefined)
      throw unsupported(
        ctx,
        op.kind,
        `view option ${JSON.stringify(option)} = ${JSON.stringify(value)}`,
        "Use algorithm (undefined, merge, temptable), sql_security (definer, invoker) or check_option (local, cascaded)",
      );
    clauses.set(option, clause);
  }
  const head = ["algorithm", "sql_security"].flatMap((o) => clauses.get(o) ?? []);
  const tail = clauses.get("check_option");
  return [
    [
      `CREATE`,
      ...head,
      `VIEW ${quoteQualified(op.name)} AS ${op.definition}`,
      ...(tail === undefined ? [] : [tail]),
    ].join(" "),
  ];
}

/** `DROP VIEW`. */
export function renderDropView(op: OperationOf<"dropView">, ctx: MysqlRenderContext): string[] {
  if (op.materialized === true)
    throw unsupported(ctx, op.kind, "materialized views", "Drop it as the table it would be");
  return [`DROP VIEW ${quoteQualified(op.name)}`];
}

/** Row-level security and policies are PostgreSQL's; MySQL has neither. */
export const noRowLevelSecurity = (kind: string) => (_: unknown, ctx: MysqlRenderContext) => {
  throw unsupported(
    ctx,
    kind,
    "row-level security policies",
    "Filter rows in a view (with SQL SECURITY DEFINER) or in the application",
  );
};
