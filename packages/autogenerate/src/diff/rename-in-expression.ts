import type { DifferHooks, TableModel } from "@athanor/core";

// A column rename reaches into the SQL text that computes from the column: PostgreSQL (stored
// parse trees), MariaDB 10.11 and SQLite 3.40 all print a generated expression, a CHECK, an
// expression index or a partial index's predicate with the new name after RENAME COLUMN (measured
// on each server). The differ writes the live model's texts the same way, so it does not drop and
// re-add what the server already renamed.

/** How a dialect spells identifiers in the expressions it prints. */
export interface ExpressionSpelling {
  /** Bare names compare without ASCII case (MySQL and SQLite columns). */
  readonly foldsCase: boolean;
  /** A backslash escapes the next character inside '...' (MySQL); elsewhere only E'...' does. */
  readonly backslashEscapes: boolean;
  /** Whether a bare reference renamed to `name` stays bare (`DifferHooks.writesRenamedBare`). */
  bare(name: string): boolean;
  /** How a name that cannot stand bare is quoted (the dialect's `quoteIdentifier`). */
  quote(name: string): string;
  /** A quoted reference keeps its own quote character (the server's rewrite); false: it is written as a bare one. */
  readonly keepsQuotes: boolean;
  /** A name after `.` (`t.mail`) is renamed too; false: such a qualified name is left as it is. */
  readonly qualified: boolean;
}

const IDENTIFIER_START = /[A-Za-z_\u0080-\uffff]/;
const IDENTIFIER_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const BARE = /^[a-z_][a-z0-9_$]*$/;

/**
 * `text` with every column reference named in `renames` (old name → new name) renamed, in one
 * pass (so a swap of two names stays a swap). String literals ('…', E'…', $$…$$), comments, function names
 * (`mail(`) and type names (`::mail`) are left as they are; a reference renamed is written as
 * `spelling` says. Undefined when the text has a construct it cannot read (an unterminated
 * literal or quoted name): the caller keeps the original instead of guessing.
 *
 * @example
 * ```ts
 * renameInExpression("lower(mail) || 'mail'", new Map([["mail", "email"]]), spelling); // "lower(email) || 'mail'"
 * ```
 */
export function renameInExpression(
  text: string,
  renames: ReadonlyMap<string, string>,
  spelling: ExpressionSpelling,
): string | undefined {
  const key = (name: string) => (spelling.foldsCase ? name.toLowerCase() : name);
  const folded = new Map([...renames].map(([from, to]) => [key(from), to]));
  // a function name, a type name, or (unless `qualified`) a later part of a qualified name: no column
  const named = (at: number, end: number) =>
    !/^\s*\(/.test(text.slice(end)) &&
    !/::\s*$/.test(text.slice(0, at)) &&
    (spelling.qualified || !/[^\d\s]\s*\.\s*$/.test(text.slice(0, at)));
  const written = (to: string) => (spelling.bare(to) ? to : spelling.quote(to));
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    const dollar =
      c === "$" && !IDENTIFIER_PART.test(text[i - 1] ?? " ") ? /^\$[A-Za-z_]*\$/.exec(text.slice(i)) : null;
    const comment = commentEnd(text, i, spelling.backslashEscapes);
    if (comment !== undefined) {
      if (comment < 0) return undefined;
      out += text.slice(i, comment);
      i = comment;
    } else if (c === "'" || dollar !== null) {
      const end =
        dollar === null
          ? stringEnd(text, i, spelling.backslashEscapes || /(^|[^\w$])[Ee]$/.test(text.slice(0, i)))
          : text.indexOf(dollar[0], i + dollar[0].length) + dollar[0].length;
      if (end < (dollar?.[0].length ?? 1)) return undefined;
      out += text.slice(i, end);
      i = end;
    } else if (c === '"' || c === "`") {
      const end = quotedEnd(text, i, c);
      if (end < 0) return undefined;
      const to = named(i, end) ? folded.get(key(text.slice(i + 1, end - 1).replaceAll(c + c, c))) : undefined;
      out +=
        to === undefined
          ? text.slice(i, end)
          : spelling.keepsQuotes
            ? `${c}${to.replaceAll(c, c + c)}${c}`
            : written(to);
      i = end;
    } else if (IDENTIFIER_START.test(c) && !IDENTIFIER_PART.test(text[i - 1] ?? " ")) {
      let end = i + 1;
      while (end < text.length && IDENTIFIER_PART.test(text[end] as string)) end++;
      const to = named(i, end) ? folded.get(key(text.slice(i, end))) : undefined;
      out += to === undefined ? text.slice(i, end) : written(to);
      i = end;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/**
 * The index just past a comment opening at `start` (`-- …` to the line's end, `/* … *\/`), -1
 * when a block comment never closes, undefined when none opens there. Its words are no
 * references, and a quote in it (`-- can't`) opens no literal. MySQL takes `--` as a comment
 * only before a blank (`a--1` is a minus minus); SQLite stores CHECK and index texts as written,
 * comments and all.
 */
function commentEnd(text: string, start: number, mysql: boolean): number | undefined {
  if (text.startsWith("--", start) && (!mysql || /^--(\s|$)/.test(text.slice(start, start + 3)))) {
    const end = text.indexOf("\n", start);
    return end < 0 ? text.length : end;
  }
  if (text.startsWith("/*", start)) {
    const end = text.indexOf("*/", start + 2);
    return end < 0 ? -1 : end + 2;
  }
  return undefined;
}

/** The index just past the string literal opening at `start`, or -1 when it never closes. */
function stringEnd(text: string, start: number, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (backslashEscapes && c === "\\") i += 2;
    else if (c === "'" && text[i + 1] === "'") i += 2;
    else if (c === "'") return i + 1;
    else i++;
  }
  return -1;
}

/** The index just past the quoted name opening at `start` with quote `q` (doubled inside), or -1. */
function quotedEnd(text: string, start: number, q: string): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === q && text[i + 1] === q) i += 2;
    else if (text[i] === q) return i + 1;
    else i++;
  }
  return -1;
}

/**
 * `table` with the generated expressions, CHECK conditions, index key expressions and partial
 * index predicates that read a renamed column written with its new name, as the server prints
 * them after RENAME COLUMN. `renames` maps old names to new ones; an empty map returns `table`.
 */
export function renameInTableExpressions(
  table: TableModel,
  renames: ReadonlyMap<string, string>,
  spelling: ExpressionSpelling,
): TableModel {
  if (renames.size === 0) return table;
  // a text it cannot read stays as it is: the differ then re-creates what holds it, as before
  const rename = (text: string) => renameInExpression(text, renames, spelling) ?? text;
  return {
    ...table,
    columns: table.columns.map((c) =>
      c.generated === null
        ? c
        : { ...c, generated: { ...c.generated, expression: rename(c.generated.expression) } },
    ),
    checks: table.checks.map((c) => ({ ...c, expression: rename(c.expression) })),
    indexes: table.indexes.map((i) => ({
      ...i,
      keys: i.keys.map((k) => (k.kind === "expression" ? { ...k, expression: rename(k.expression) } : k)),
      where: i.where === null ? null : rename(i.where),
    })),
  };
}

/** How `hooks`' dialect spells the expressions it prints. */
export function expressionSpelling(hooks: DifferHooks): ExpressionSpelling {
  return {
    foldsCase: hooks.foldsNameCase?.columns === true,
    backslashEscapes: hooks.stringBackslashEscapes === true,
    bare: (name) => hooks.writesRenamedBare?.(name) ?? BARE.test(name),
    quote: (name) => hooks.quoteIdentifier(name),
    keepsQuotes: true,
    qualified: true,
  };
}
