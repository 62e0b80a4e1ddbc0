import { skipQuoted } from "./split-sql.js";

/**
 * SQLite keeps expressions as they were written, so two spellings of one expression read back
 * differently (`CURRENT_TIMESTAMP` / `current_timestamp`, `(unixepoch())` / `unixepoch()`,
 * `lower( "a" )` / `lower("a")`). This is the one form both sides of a comparison are read in:
 * outside string literals and quoted identifiers, letters lower-cased (SQLite's keywords, function
 * and bare names ignore case) and whitespace collapsed (none inside parentheses, one after a
 * comma); parentheses around the whole expression removed. Text with a comment is left as written
 * (its line breaks matter).
 *
 * @example
 * ```ts
 * canonicalSqliteExpression("(CURRENT_TIMESTAMP)"); // "current_timestamp"
 * canonicalSqliteExpression(`lower( "Email" )`); // `lower("Email")`
 * ```
 */
export function canonicalSqliteExpression(text: string): string {
  const out: string[] = [];
  let pendingSpace = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === "'" || ch === '"' || ch === "`" || ch === "[") {
      const end = skipQuoted(text, i);
      flush(out, pendingSpace, ch);
      pendingSpace = false;
      out.push(text.slice(i, end + 1));
      i = end;
      continue;
    }
    if ((ch === "-" && text[i + 1] === "-") || (ch === "/" && text[i + 1] === "*")) return text.trim();
    if (/\s/.test(ch)) {
      pendingSpace = out.length > 0;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(text.slice(i))?.[0];
    if (word !== undefined && /[A-Za-z0-9_$]/.test(text[i - 1] ?? " ") === false) {
      flush(out, pendingSpace, ch);
      pendingSpace = false;
      // TRUE and FALSE are SQLite's spellings of 1 and 0 (what PRAGMA and drizzle's booleans write).
      const lower = word.toLowerCase();
      out.push(lower === "true" ? "1" : lower === "false" ? "0" : lower);
      i += word.length - 1;
      continue;
    }
    flush(out, pendingSpace, ch);
    pendingSpace = false;
    out.push(ch === "," ? ", " : ch.toLowerCase());
  }
  return stripOuterParentheses(out.join("").replaceAll(",  ", ", ").trim());
}

/**
 * `text` with the table's own name taken off its columns (`"users"."age" > 0` → `"age" > 0`), as
 * drizzle-kit qualifies them in checks and partial indexes; SQLite reads both the same there.
 *
 * @example
 * ```ts
 * withoutOwnTable('"users"."age" > 0', "users"); // '"age" > 0'
 * ```
 */
export function withoutOwnTable(text: string, table: string): string {
  return text.split(`"${table.replaceAll('"', '""')}".`).join("");
}

/**
 * A declared column type in one spelling: lower case, single spaces, no space before or inside
 * its parentheses (`VARCHAR ( 20 )` → `varchar(20)`). The affinity SQLite derives from it is the
 * same for every spelling this folds together.
 *
 * @example
 * ```ts
 * canonicalSqliteType("TEXT (20)"); // "text(20)"
 * ```
 */
export function canonicalSqliteType(type: string): string {
  const lower = type.toLowerCase();
  // most types (`integer`, `text`) have no space, parenthesis or comma: nothing to fold
  if (!SPACED.test(lower)) return lower;
  return lower
    .replace(/\s+/g, " ")
    .replace(/\s*\(\s*/g, "(")
    .replace(/\s*\)/g, ")")
    .replace(/\s*,\s*/g, ",")
    .trim();
}

const SPACED = /[\s(),]/;

function flush(out: string[], pendingSpace: boolean, next: string): void {
  if (!pendingSpace) return;
  const last = out[out.length - 1] ?? "";
  if (last.endsWith("(") || last.endsWith(" ") || next === ")" || next === ",") return;
  out.push(" ");
}

/** `((a + b))` → `a + b`; `(a) + (b)` stays (its first parenthesis closes early). */
function stripOuterParentheses(text: string): string {
  let t = text;
  while (t.startsWith("(") && t.endsWith(")") && matchingClose(t) === t.length - 1) t = t.slice(1, -1).trim();
  return t;
}

/** The index of the `)` closing the parenthesis `text` starts with (quotes skipped), or -1. */
export function matchingClose(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === "'" || ch === '"' || ch === "`" || ch === "[") {
      i = skipQuoted(text, i);
      continue;
    }
    if (ch === "(") depth++;
    else if (ch === ")" && --depth === 0) return i;
  }
  return -1;
}
