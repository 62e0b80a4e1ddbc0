import { leadingIdent, parenthesized, splitTopLevel, unquoteIdent } from "./split-sql.js";

/** What the catalogue's pragmas do not say about a table, read from its CREATE TABLE text. */
export interface TableSqlFacts {
  /** Per column (by name): its clause after the name, as written. */
  readonly columnClauses: ReadonlyMap<string, string>;
  /** Table-level constraints in order, with the name given by `CONSTRAINT name` (or null). */
  readonly constraints: readonly { readonly name: string | null; readonly body: string }[];
}

const CONSTRAINT_START = /^(constraint|primary\s+key|unique|check|foreign\s+key)\b/i;

/**
 * Splits a CREATE TABLE statement into column clauses and table constraints. SQLite keeps the
 * statement as written (names of constraints, CHECK and generation expressions exist only there).
 *
 * @example
 * ```ts
 * readTableSql('CREATE TABLE t ("a" int NOT NULL, CONSTRAINT "t_a" CHECK (a > 0))').constraints;
 * // [{ name: "t_a", body: "CHECK (a > 0)" }]
 * ```
 */
export function readTableSql(sql: string): TableSqlFacts {
  const columnClauses = new Map<string, string>();
  const constraints: { name: string | null; body: string }[] = [];
  for (const part of splitTopLevel(parenthesized(sql), ",")) {
    if (!CONSTRAINT_START.test(part)) {
      const { name, rest } = leadingIdent(part);
      columnClauses.set(name, rest.trim());
      continue;
    }
    const named = /^constraint\s+/i.exec(part);
    if (named === null) {
      constraints.push({ name: null, body: part });
      continue;
    }
    const { name, rest } = leadingIdent(part.slice(named[0].length));
    constraints.push({ name, body: rest.trim() });
  }
  return { columnClauses, constraints };
}

/** The column list of `UNIQUE (a, b)` / `PRIMARY KEY (a)` / `FOREIGN KEY (a)` as names. */
export function constraintColumns(body: string): string[] {
  return splitTopLevel(parenthesized(body), ",").map((c) => unquoteIdent(c.replace(/\s+(asc|desc)$/i, "")));
}

/** `GENERATED ALWAYS AS (expr) STORED` / `AS (expr)` in a column clause → expression and storage. */
export function generationOf(clause: string): { expression: string; storage: "stored" | "virtual" } | null {
  const m = /\b(?:generated\s+always\s+)?as\s*\(/i.exec(clause);
  if (m === null) return null;
  const expression = parenthesized(clause, m.index + m[0].length - 1);
  const after = clause.slice(m.index + m[0].length + expression.length + 1);
  return { expression: expression.trim(), storage: /^\s*stored\b/i.test(after) ? "stored" : "virtual" };
}

/** `COLLATE name` in a column clause. */
export function collationOf(clause: string): string | null {
  const m = /\bcollate\s+/i.exec(clause);
  return m === null ? null : leadingIdent(clause.slice(m.index + m[0].length)).name;
}

/** Whether a constraint body or column clause says `DEFERRABLE INITIALLY DEFERRED`. */
export function deferralOf(body: string): { deferrable: boolean; initiallyDeferred: boolean } {
  const deferrable = /(?<!not\s+)\bdeferrable\b/i.test(body);
  return { deferrable, initiallyDeferred: deferrable && /\binitially\s+deferred\b/i.test(body) };
}
