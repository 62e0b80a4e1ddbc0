import { AthanorError } from "../errors.js";
import { inertText } from "./inert-text.js";
import { NAME_CONTROL_CHARACTERS } from "./name-controls.js";

// The renderers write quoted text (defaults, values) with the control characters a terminal acts
// on escaped, and names holding one are refused. What remains is SQL text athanor passes on as
// given: a check, generated column or view expression, a default expression. Rendered raw it
// would drive the terminal that shows `upgrade --sql`, so the statement is refused instead.
const RAW_CONTROL = new RegExp(`[${NAME_CONTROL_CHARACTERS}]`);

/**
 * Throws ATHANOR_INVALID_OPERATION when the statement `sql` rendered for an operation of `kind`
 * holds a control character a terminal acts on (see NAME_CONTROL_CHARACTERS); the message shows
 * the statement escaped.
 *
 * @example
 * ```ts
 * refuseRawControls("ALTER TABLE `t` ADD CHECK (c <> 'a\x1b')", "addCheckConstraint", "MySQL"); // throws
 * ```
 */
export function refuseRawControls(sql: string, kind: string, label: string): void {
  if (!RAW_CONTROL.test(sql)) return;
  const shown = inertText(sql.length > 300 ? `${sql.slice(0, 300)}…` : sql);
  throw new AthanorError(
    "ATHANOR_INVALID_OPERATION",
    `Cannot render ${kind} for ${label}: its SQL would hold a control character raw (shown escaped: ${shown}), which would drive the terminal that shows the SQL. Write the character as SQL instead (${label === "SQLite" ? "char(27)" : "CHAR(27) or a hex literal X'1B'"}), or put the statement in op.execute.`,
    { kind, dialect: label.toLowerCase() },
  );
}

const CONTROL_RUN = new RegExp(`([${NAME_CONTROL_CHARACTERS}]+)`);

/**
 * Text as an SQL expression that holds no control character a terminal acts on: quoted runs
 * (`'` doubled) and each run of such characters as `char(…)` of its code points, joined by `||`
 * in parentheses (SQLite's spelling; a dialect whose string literals have no escape for them).
 *
 * @example
 * ```ts
 * concatenatedText("a\x1b[0m"); // "('a' || char(27) || '[0m')"
 * ```
 */
export function concatenatedText(value: string): string {
  const parts = value.split(CONTROL_RUN).map((part, i) =>
    // split with a capture group: odd parts are the runs of control characters
    i % 2 === 1
      ? `char(${[...part].map((c) => c.codePointAt(0)).join(", ")})`
      : `'${part.replaceAll("'", "''")}'`,
  );
  return `(${parts.filter((p) => p !== "''").join(" || ")})`;
}
