import type { OperationOf } from "@athanor/core";
import { AthanorError } from "@athanor/core/errors";
import { quoteIdent, quoteLiteral, quoteQualified } from "../quote.js";
import type { MysqlRenderContext } from "./context.js";
import { misfitCondition } from "./values-fit.js";

/** Rows named in the refusal: enough to find them, short enough for an error message. */
const SAMPLE_ROWS = 5;

const utf8 = (expression: string) => `CONVERT(${expression} USING utf8mb4)`;

/** `id=3`, `(a=1, b=x)`, or without a key the value itself, quoted and cut. */
function sampleOf(op: OperationOf<"requireValuesFit">, ref: string): string {
  const key = op.key ?? [];
  if (key.length === 0) return `QUOTE(LEFT(${utf8(ref)}, 40))`;
  const pairs = key.map((k) => `CONCAT(${quoteLiteral(`${k}=`)}, ${utf8(quoteIdent(k))})`);
  return pairs.length === 1 ? (pairs[0] as string) : `CONCAT('(', CONCAT_WS(', ', ${pairs.join(", ")}), ')')`;
}

/** The offending rows (up to {@link SAMPLE_ROWS}) as one `id=3, id=7` text, NULL when every value fits. */
function misfitsQuery(op: OperationOf<"requireValuesFit">): string {
  const ref = quoteIdent(op.column);
  const condition = misfitCondition(ref, op.type);
  if (condition === undefined)
    throw new AthanorError(
      "ATHANOR_INVALID_OPERATION",
      `Cannot build a requireValuesFit operation: athanor cannot judge which values fit ${JSON.stringify(op.type)} (it checks CHAR/VARCHAR/TEXT lengths, integer and DECIMAL ranges, ENUM/SET members). Fix the arguments in the revision file, or check the values with op.execute.`,
      { kind: "requireValuesFit", field: "type", type: op.type },
    );
  const order = (op.key ?? []).map(quoteIdent).join(", ");
  return [
    "SELECT GROUP_CONCAT(sample SEPARATOR ', ') AS found FROM (",
    `  SELECT ${sampleOf(op, ref)} AS sample FROM ${quoteQualified(op.table)}`,
    `  WHERE ${condition}${order === "" ? "" : ` ORDER BY ${order}`} LIMIT ${SAMPLE_ROWS}`,
    ") AS misfits",
  ].join("\n");
}

/**
 * One statement that refuses while a value of the column would not fit the narrower type the
 * revision moves it into, naming up to five offending rows by their key (`[id=3, id=7]`). Run
 * first, it fails before any statement of the revision commits (MySQL/MariaDB commit each DDL,
 * so a copy failing half-way would leave the revision part-applied). MariaDB gets a compound
 * statement that SIGNALs; MySQL runs none outside a stored program: it sets `time_zone` to the
 * list, an error that quotes it (cut at 64 characters), or to itself when every value fits.
 *
 * @example
 * ```ts
 * renderRequireValuesFit(operations.requireValuesFit("users", "name", "varchar(100)", { key: ["id"] }), ctx);
 * // ["BEGIN NOT ATOMIC ... SIGNAL SQLSTATE '45000' ... END"]
 * ```
 */
export function renderRequireValuesFit(
  op: OperationOf<"requireValuesFit">,
  ctx: MysqlRenderContext,
): string[] {
  const query = misfitsQuery(op);
  if (ctx.server.flavor !== "mariadb")
    return [
      `SET SESSION time_zone = (SELECT IF(found IS NULL, @@session.time_zone, CONCAT('[', found, ']')) FROM (${query}) AS checked)`,
    ];
  const label = quoteLiteral(`${quoteQualified(op.table)}.${quoteIdent(op.column)}`);
  const message = `CONCAT('Values of ', ${label}, ' do not fit ', ${quoteLiteral(op.type)}, ', the type this revision moves them into, in the rows: [', found, ']. Shorten or change those values (or widen the type in the models instead of going back), then run it again')`;
  return [
    [
      "BEGIN NOT ATOMIC",
      "  DECLARE found TEXT CHARACTER SET utf8mb4;",
      "  DECLARE message TEXT CHARACTER SET utf8mb4;",
      `  SET found = (${query});`,
      "  IF found IS NOT NULL THEN",
      // SIGNAL refuses a MESSAGE_TEXT over 512 characters
      `    SET message = LEFT(${message}, 512);`,
      "    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = message;",
      "  END IF;",
      "END",
    ].join("\n"),
  ];
}
