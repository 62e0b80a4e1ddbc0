import { renameInExpression } from "../diff/rename-in-expression.js";

/**
 * `expression` with every reference to column `from` written as `to` — for an index expression,
 * predicate or CHECK as PostgreSQL prints it (`pg_get_expr`): string literals ('…', E'…', $$…$$),
 * function names (`lower(`), type names after `::` and qualified names after `.` are left as
 * they are; a bare identifier matches when it spells `from` (bare names are lower case), a quoted
 * one when its text is `from`. Returns undefined when the text has a construct it cannot read
 * (an unterminated literal), so the caller keeps the original form instead of guessing.
 *
 * @example
 * ```ts
 * renameColumnReference("(qty * 2) > 'qty'::text", "qty", "qty_new", (n) => `"${n}"`); // '("qty_new" * 2) > 'qty'::text'
 * ```
 */
export function renameColumnReference(
  expression: string,
  from: string,
  to: string,
  quote: (name: string) => string,
): string | undefined {
  return renameInExpression(expression, new Map([[from, to]]), {
    foldsCase: false,
    backslashEscapes: false,
    bare: () => false,
    quote,
    keepsQuotes: false,
    qualified: false,
  });
}
