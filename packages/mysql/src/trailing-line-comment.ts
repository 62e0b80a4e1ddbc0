/**
 * Whether MySQL reads `sql` as ending inside a line comment (`-- ` or `#` to the end of the line)
 * after a statement not yet ended by `;`: a `;` written after it would be part of the comment.
 * Strings (`'…'`, `"…"` with backslash escapes and doubled quotes), backquoted names and block
 * comments are stepped over, so a `#` or `--` inside them is no comment.
 *
 * @example
 * ```ts
 * endsInLineComment("UPDATE t SET a = 1 -- why"); // true
 * endsInLineComment("UPDATE t SET a = '# no'");   // false
 * endsInLineComment("SELECT 1; -- done");         // false: the statement already ended
 * ```
 */
export function endsInLineComment(sql: string): boolean {
  // A comment the text ends inside starts on its last line: without `#` or `--` there, none does.
  // The driver asks this of every statement it sends, so the common case never scans the whole text.
  const lastLine = sql.slice(sql.lastIndexOf("\n") + 1);
  if (!lastLine.includes("#") && !lastLine.includes("--")) return false;
  let last = ""; // the last character of code outside strings and comments
  let inLineComment = false;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i] as string;
    if (inLineComment) {
      if (ch === "\n") inLineComment = false;
      continue;
    }
    if (
      ch === "#" ||
      (ch === "-" && sql[i + 1] === "-" && (sql.charCodeAt(i + 2) <= 32 || i + 2 >= sql.length))
    ) {
      inLineComment = true;
      continue;
    }
    if (ch === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      if (end === -1) return false;
      i = end + 1;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === "`") {
      i = closingQuote(sql, i);
      last = ch;
      continue;
    }
    if (!isSpace(sql.charCodeAt(i))) last = ch;
  }
  return inLineComment && last !== ";" && last !== "";
}

/** The index of the quote closing the one at `open` (doubled quotes, and backslashes outside backquotes, escape). */
function closingQuote(sql: string, open: number): number {
  const quote = sql[open];
  for (let i = open + 1; i < sql.length; i++) {
    if (sql[i] === "\\" && quote !== "`") i++;
    else if (sql[i] === quote) {
      if (sql[i + 1] === quote) i++;
      else return i;
    }
  }
  return sql.length;
}

/**
 * Whether the UTF-16 unit is whitespace as `/\s/` reads it: ASCII by its code (a test of a regular
 * expression for each character took most of the scan of a step's ~700-character history row).
 */
export function isSpace(code: number): boolean {
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return /\s/.test(String.fromCharCode(code));
}
