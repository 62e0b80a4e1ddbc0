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
  let out = "";
  let i = 0;
  const n = expression.length;
  while (i < n) {
    const ch = expression[i] as string;
    if (ch === "'") {
      const escapes = /[eE]/.test(expression[i - 1] ?? "") && !/[\w$]/.test(expression[i - 2] ?? "");
      const end = literalEnd(expression, i, escapes);
      if (end < 0) return undefined;
      out += expression.slice(i, end);
      i = end;
      continue;
    }
    if (ch === "$") {
      const tag = /^\$[A-Za-z_]*\$/.exec(expression.slice(i))?.[0];
      if (tag !== undefined && !/[\w$]/.test(expression[i - 1] ?? "")) {
        const close = expression.indexOf(tag, i + tag.length);
        if (close < 0) return undefined;
        out += expression.slice(i, close + tag.length);
        i = close + tag.length;
        continue;
      }
    }
    if (ch === '"') {
      let j = i + 1;
      let text = "";
      for (;;) {
        if (j >= n) return undefined;
        if (expression[j] === '"') {
          if (expression[j + 1] === '"') {
            text += '"';
            j += 2;
            continue;
          }
          break;
        }
        text += expression[j];
        j++;
      }
      const whole = expression.slice(i, j + 1);
      out += text === from && !qualifiedOrTyped(expression, i) ? quote(to) : whole;
      i = j + 1;
      continue;
    }
    const word = /^[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*/.exec(expression.slice(i))?.[0];
    if (word !== undefined && !/[\w$]/.test(expression[i - 1] ?? "")) {
      const call = /^\s*\(/.test(expression.slice(i + word.length));
      const matches = word === from && !call && !qualifiedOrTyped(expression, i);
      out += matches ? quote(to) : word;
      i += word.length;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/** The index just past the string literal opening at `start`, or -1 when it never closes. */
function literalEnd(text: string, start: number, backslashEscapes: boolean): number {
  let j = start + 1;
  while (j < text.length) {
    const c = text[j];
    if (backslashEscapes && c === "\\") {
      j += 2;
      continue;
    }
    if (c === "'") {
      if (text[j + 1] === "'") {
        j += 2;
        continue;
      }
      return j + 1;
    }
    j++;
  }
  return -1;
}

/** True when the name at `at` follows `::` (a type) or `.` (a qualified name's later part). */
function qualifiedOrTyped(text: string, at: number): boolean {
  const before = text.slice(0, at).trimEnd();
  return before.endsWith("::") || (before.endsWith(".") && !/\d\.$/.test(before));
}
