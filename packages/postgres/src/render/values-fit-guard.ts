import type { OperationOf } from "@athanor/core";
import { AthanorError } from "@athanor/core/errors";
import { quoteIdent, quoteLiteral, quoteQualified } from "../quote.js";
import { dollarTag } from "./dollar-tag.js";
import { misfitCondition } from "./values-fit.js";

/** Rows named in the refusal: enough to find them, short enough for an error message. */
const SAMPLE_ROWS = 5;

/** `id=3`, `(a=1, b=x)`, or without a key the value itself, quoted and cut. */
function sampleOf(op: OperationOf<"requireValuesFit">, ref: string): string {
  const key = op.key ?? [];
  if (key.length === 0) return `quote_literal(left(${ref}::text, 40))`;
  const pairs = key.map((k) => `${quoteLiteral(`${k}=`)} || ${quoteIdent(k)}::text`);
  return pairs.length === 1 ? (pairs[0] as string) : `'(' || concat_ws(', ', ${pairs.join(", ")}) || ')'`;
}

/**
 * One DO block that refuses (`check_violation`, the transaction rolls back) while a value of the
 * column would not fit the narrower type the revision moves it into, naming up to five rows by
 * key. PostgreSQL's DDL is transactional, but an explicit cast (the staged recipe's backfill, a
 * USING) truncates an over-long varchar and rounds a number silently: without the check a
 * downgrade would lose the end of a value, not fail.
 *
 * @example
 * ```ts
 * renderRequireValuesFit(operations.requireValuesFit("users", "name", "varchar(100)", { key: ["id"] }));
 * // ["DO $athanor$ ... RAISE EXCEPTION USING ERRCODE = 'check_violation' ... $athanor$"]
 * ```
 */
export function renderRequireValuesFit(op: OperationOf<"requireValuesFit">): string[] {
  const ref = quoteIdent(op.column);
  const condition = misfitCondition(ref, op.type);
  if (condition === undefined)
    throw new AthanorError(
      "ATHANOR_INVALID_OPERATION",
      `Cannot build a requireValuesFit operation: athanor cannot judge which values fit ${JSON.stringify(op.type)} (it checks varchar/char lengths, integer ranges and numeric precision and scale). Fix the arguments in the revision file, or check the values with op.execute.`,
      { kind: "requireValuesFit", field: "type", type: op.type },
    );
  const order = (op.key ?? []).map(quoteIdent).join(", ");
  const label = `${quoteQualified(op.table)}.${ref}`;
  const body = [
    "DECLARE found text;",
    "BEGIN",
    `  SELECT string_agg(sample, ', ') INTO found FROM (SELECT ${sampleOf(op, ref)} AS sample FROM ${quoteQualified(op.table)}`,
    `    WHERE ${condition}${order === "" ? "" : ` ORDER BY ${order}`} LIMIT ${SAMPLE_ROWS}) AS misfits;`,
    "  IF found IS NOT NULL THEN",
    `    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = format('Values of %s do not fit %s, the type this revision moves them into, in the rows: [%s]. Shorten or change those values (or widen the type in the models instead of going back), then run it again', ${quoteLiteral(label)}, ${quoteLiteral(op.type)}, found);`,
    "  END IF;",
    "END",
  ].join("\n");
  const tag = dollarTag(body);
  return [`DO ${tag}\n${body}\n${tag}`];
}
