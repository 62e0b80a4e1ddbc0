import { splitTopLevel, unquoteIdent } from "./split-sql.js";
import {
  firstGroupStart,
  groupInner,
  isWord,
  type SqlToken,
  splitAtCommas,
  sqlTokens,
} from "./sql-tokens.js";

/** What a column's own clause declares beyond what `pragma_table_xinfo` says. */
export interface ColumnSqlFacts {
  readonly collation: string | null;
  readonly generated: { readonly expression: string; readonly storage: "stored" | "virtual" } | null;
  /** `PRIMARY KEY` written on the column: its constraint name and whether it is AUTOINCREMENT. */
  readonly primaryKey: { readonly name: string | null; readonly autoincrement: boolean } | null;
  /** `CHECK (…)` written on the column (SQLite enforces it like a table-level one). */
  readonly checks: readonly { readonly name: string | null; readonly expression: string }[];
  /** `UNIQUE` written on the column, with its constraint name. */
  readonly uniques: readonly { readonly name: string | null }[];
  /** `REFERENCES …` written on the column: its constraint name and deferral. */
  readonly references: readonly ({ readonly name: string | null } & Deferral)[];
}

/** What the catalogue's pragmas do not say about a table, read from its CREATE TABLE text. */
export interface TableSqlFacts {
  /** Per column (by name). */
  readonly columns: ReadonlyMap<string, ColumnSqlFacts>;
  /**
   * Table-level constraints in order, with the name given by `CONSTRAINT name` (or null); `tokens`
   * are the body's, as `sqlTokens(body)` gives them (read once, not again per key looked up).
   */
  readonly constraints: readonly {
    readonly name: string | null;
    readonly body: string;
    readonly tokens: readonly SqlToken[];
  }[];
  /** Table options after the column list, upper-cased: `WITHOUT ROWID`, `STRICT`. */
  readonly options: readonly string[];
  /**
   * Clauses no table model holds, so a rebuild from the model would silently drop them
   * (`ON CONFLICT`, a column's `PRIMARY KEY DESC`, anything not understood): a rebuild refuses.
   */
  readonly unkept: readonly string[];
}

export interface Deferral {
  readonly deferrable: boolean;
  readonly initiallyDeferred: boolean;
}

const TABLE_CONSTRAINT = new Set(["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"]);
/** The words that end a column's type and start its constraints. */
const COLUMN_CONSTRAINT = new Set([
  "CONSTRAINT",
  "PRIMARY",
  "NOT",
  "NULL",
  "UNIQUE",
  "CHECK",
  "DEFAULT",
  "COLLATE",
  "REFERENCES",
  "GENERATED",
  "AS",
]);

/**
 * Splits a CREATE TABLE statement into column facts, table constraints and options, by tokens
 * (sql-tokens.ts): SQLite keeps the statement as written, and constraint names, CHECK and
 * generation expressions, collations and table options exist only there.
 *
 * @example
 * ```ts
 * readTableSql('CREATE TABLE t ("a" int NOT NULL CHECK (a > 0), CONSTRAINT "t_a" UNIQUE (a)) STRICT');
 * // columns: a → { checks: [{ name: null, expression: "a > 0" }], … }; constraints: [{ name: "t_a", body: "UNIQUE (a)" }]; options: ["STRICT"]
 * ```
 */
export function readTableSql(sql: string): TableSqlFacts {
  const columns = new Map<string, ColumnSqlFacts>();
  const constraints: { name: string | null; body: string; tokens: readonly SqlToken[] }[] = [];
  const unkept: string[] = [];
  // the column list is read in place (no copy of it tokenised again): its tokens, then the options
  const open = firstGroupStart(sql);
  if (open === -1) return { columns, constraints, options: [], unkept };
  const body = sqlTokens(sql, open + 1, true);
  for (const part of splitAtCommas(body.tokens)) {
    const first = part[0] as SqlToken;
    const text = (from: number) => sql.slice(part[from]?.start ?? first.start, (part.at(-1) as SqlToken).end);
    if (first.kind === "word" && TABLE_CONSTRAINT.has(first.text.toUpperCase())) {
      const named = isWord(first, "CONSTRAINT");
      const constraint = {
        name: named ? unquoteIdent(part[1]?.text ?? "") : null,
        body: text(named ? 2 : 0),
        // as `text`: a bare `CONSTRAINT name` keeps its whole text
        tokens: named && part.length > 2 ? part.slice(2) : part,
      };
      constraints.push(constraint);
      const conflict = conflictClause(part);
      if (conflict !== null)
        unkept.push(`${conflict} on ${constraint.body.replace(/\s+on\s+conflict[\s\S]*$/i, "")}`);
      continue;
    }
    const name = unquoteIdent(first.text);
    columns.set(name, readColumn(name, part.slice(1), unkept));
  }
  const options = splitAtCommas(sqlTokens(sql, body.end + 1).tokens)
    .map((option) => option.map((t) => t.text.toUpperCase()).join(" "))
    .filter((option) => option !== ";");
  return { columns, constraints, options, unkept };
}

/** `ON CONFLICT <resolution>` among a constraint's tokens, as written upper-cased, or null. */
function conflictClause(tokens: readonly SqlToken[]): string | null {
  // a plain loop: a callback per token of every constraint costs more than the test at baseline tier
  for (let at = 0; at < tokens.length; at++)
    if (isWord(tokens[at], "ON") && isWord(tokens[at + 1], "CONFLICT"))
      return `ON CONFLICT ${tokens[at + 2]?.text.toUpperCase() ?? ""}`.trim();
  return null;
}

/** A column's facts from the tokens after its name; what no model holds goes to `unkept`. */
function readColumn(column: string, tokens: readonly SqlToken[], unkept: string[]): ColumnSqlFacts {
  let collation: string | null = null;
  let generated: ColumnSqlFacts["generated"] = null;
  let primaryKey: ColumnSqlFacts["primaryKey"] = null;
  const checks: { name: string | null; expression: string }[] = [];
  const uniques: { name: string | null }[] = [];
  const references: ({ name: string | null } & Deferral)[] = [];
  let i = 0;
  // the declared type: every token before the first constraint keyword (pragma_table_xinfo has it)
  while (i < tokens.length && !(tokens[i]?.kind === "word" && COLUMN_CONSTRAINT.has(word(tokens[i])))) i++;
  let name: string | null = null;
  const conflict = () => {
    if (isWord(tokens[i], "ON") && isWord(tokens[i + 1], "CONFLICT")) {
      unkept.push(
        `ON CONFLICT ${tokens[i + 2]?.text.toUpperCase() ?? ""} on column ${JSON.stringify(column)}`,
      );
      i += 3;
    }
  };
  while (i < tokens.length) {
    const keyword = word(tokens[i]);
    i++;
    switch (keyword) {
      case "CONSTRAINT":
        name = unquoteIdent(tokens[i]?.text ?? "");
        i++;
        continue;
      case "PRIMARY": {
        i++; // KEY
        if (isWord(tokens[i], "ASC")) i++;
        else if (isWord(tokens[i], "DESC")) {
          // INTEGER PRIMARY KEY DESC is not an alias of the rowid; the model's key would make it one
          unkept.push(`PRIMARY KEY DESC on column ${JSON.stringify(column)}`);
          i++;
        }
        conflict();
        const autoincrement = isWord(tokens[i], "AUTOINCREMENT");
        if (autoincrement) i++;
        primaryKey = { name, autoincrement };
        break;
      }
      case "NOT":
        i++; // NULL
        conflict();
        break;
      case "NULL":
        conflict();
        break;
      case "UNIQUE":
        conflict();
        uniques.push({ name });
        break;
      case "CHECK":
        checks.push({ name, expression: groupInner(tokens[i] as SqlToken) });
        i++;
        break;
      case "DEFAULT":
        // a signed number, a literal (x'…' is two tokens), a bare word or a parenthesised expression
        if (tokens[i]?.kind === "punct") i++;
        if (
          tokens[i]?.kind === "word" &&
          tokens[i + 1]?.kind === "quoted" &&
          tokens[i]?.end === tokens[i + 1]?.start
        )
          i++;
        i++;
        break;
      case "COLLATE":
        collation = unquoteIdent(tokens[i]?.text ?? "");
        i++;
        break;
      case "REFERENCES": {
        i++; // the parent table
        if (tokens[i]?.kind === "group") i++;
        const start = i;
        while (i < tokens.length && !(COLUMN_CONSTRAINT.has(word(tokens[i])) && !startsAction(tokens, i)))
          i++;
        references.push({ name, ...deferralOf(tokens.slice(start, i)) });
        break;
      }
      case "GENERATED":
      case "AS": {
        if (keyword === "GENERATED") i += 2; // ALWAYS AS
        const expression = groupInner(tokens[i] as SqlToken);
        i++;
        const stored = isWord(tokens[i], "STORED");
        if (stored || isWord(tokens[i], "VIRTUAL")) i++;
        generated = { expression, storage: stored ? "stored" : "virtual" };
        break;
      }
      default:
        unkept.push(
          `${JSON.stringify(tokens[i - 1]?.text ?? "")} in the definition of column ${JSON.stringify(column)}`,
        );
    }
    name = null;
  }
  return { collation, generated, primaryKey, checks, uniques, references };
}

/** Whether the keyword at `i` belongs to a foreign key clause (`NOT DEFERRABLE`, `SET NULL`, `SET DEFAULT`). */
function startsAction(tokens: readonly SqlToken[], i: number): boolean {
  return (
    (isWord(tokens[i], "NOT") && isWord(tokens[i + 1], "DEFERRABLE")) ||
    ((isWord(tokens[i], "NULL") || isWord(tokens[i], "DEFAULT")) && isWord(tokens[i - 1], "SET"))
  );
}

function word(token: SqlToken | undefined): string {
  return token?.kind === "word" ? token.text.toUpperCase() : "";
}

/** `DEFERRABLE INITIALLY DEFERRED` among a foreign key clause's tokens (`NOT DEFERRABLE`: not). */
export function deferralOf(tokens: readonly SqlToken[]): Deferral {
  const at = tokens.findIndex((t) => isWord(t, "DEFERRABLE"));
  const deferrable = at !== -1 && !isWord(tokens[at - 1], "NOT");
  return {
    deferrable,
    initiallyDeferred:
      deferrable && isWord(tokens[at + 1], "INITIALLY") && isWord(tokens[at + 2], "DEFERRED"),
  };
}

/** The column list of `UNIQUE (a, b)` / `PRIMARY KEY (a)` / `FOREIGN KEY (a)` as names, from its tokens. */
export function constraintColumns(tokens: readonly SqlToken[]): string[] {
  const group = tokens.find((t) => t.kind === "group");
  if (group === undefined) return [];
  return splitTopLevel(groupInner(group), ",").map((c) => unquoteIdent(c.replace(/\s+(asc|desc)$/i, "")));
}
