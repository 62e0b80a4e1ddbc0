import { AthanorError } from "../errors.js";
import { ESCAPED_CHARACTERS, hasEscapedCharacters } from "./bidi-controls.js";
import { inertText } from "./inert-text.js";
import { NAME_CONTROL_CHARACTERS } from "./name-controls.js";

// The renderers write quoted text (defaults, values) with the control characters a terminal acts
// on escaped, and names holding one are refused. What remains is SQL text athanor passes on as
// given: a check, generated column or view expression, a default expression. Rendered raw it
// would drive the terminal that shows `upgrade --sql`, so the statement is refused instead.
// A bidirectional override or isolate is rewritten the same way, but where it stays (a MySQL or
// SQLite name, a comment) it is left: it drives no terminal (see bidi-controls.ts).
const RAW_CONTROL = new RegExp(`[${NAME_CONTROL_CHARACTERS}]`);

/**
 * How a dialect writes a rendered statement without a control character raw, and how it names
 * itself and the SQL spelling of such a character in the refusal of {@link inertStatement}.
 */
export interface RawControlsDialect {
  /** The dialect's name in the message: "MySQL". */
  readonly label: string;
  /** The error's `dialect` detail: "mysql". */
  readonly dialect: string;
  /** How its SQL writes a control character, for the advice: "CHAR(27) or a hex literal X'1B'". */
  readonly spelling: string;
  /** The statement with the quoted text that holds a control character written without it raw. */
  readonly rewrite: (sql: string) => string;
}

/**
 * The statements rendered for an operation of `kind`, each with quoted text holding a control
 * character a terminal acts on (see NAME_CONTROL_CHARACTERS) or a bidirectional control
 * (BIDI_CONTROL_CHARACTERS) rewritten by the dialect; throws
 * ATHANOR_INVALID_OPERATION, the statement shown escaped, when one still stands raw (in a
 * comment, say). A statement without one, nearly every statement, is scanned once and kept.
 * An `execute` operation's statements are the revision's own SQL: they are returned as given.
 *
 * @example
 * ```ts
 * inertStatements(["ALTER TABLE `t` ADD CHECK (c <> 'a\x1b')"], "addCheckConstraint", mysqlControls);
 * // ["ALTER TABLE `t` ADD CHECK (c <> X'611B')"]
 * ```
 */
export function inertStatements(
  statements: readonly string[],
  kind: string,
  dialect: RawControlsDialect,
): readonly string[] {
  if (kind === "execute") return statements;
  return statements.map((sql) => {
    if (!hasEscapedCharacters(sql)) return sql;
    const inert = dialect.rewrite(sql);
    if (!RAW_CONTROL.test(inert)) return inert;
    const shown = inertText(inert.length > 300 ? `${inert.slice(0, 300)}…` : inert);
    throw new AthanorError(
      "ATHANOR_INVALID_OPERATION",
      `Cannot render ${kind} for ${dialect.label}: its SQL would hold a control character raw (shown escaped: ${shown}), which would drive the terminal that shows the SQL. Write the character as SQL instead (${dialect.spelling}), or put the statement in op.execute.`,
      { kind, dialect: dialect.dialect },
    );
  });
}

const CONTROL_RUN = new RegExp(`([${ESCAPED_CHARACTERS}]+)`);

/**
 * Text as an SQL expression that holds no control character a terminal acts on and no
 * bidirectional control (see ESCAPED_CHARACTERS): quoted runs
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
