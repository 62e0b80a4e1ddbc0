import { splitTopLevel } from "../introspect/split-sql.js";
import { isWord, sqlTokens } from "../introspect/sql-tokens.js";

const TRIGGER = /^CREATE\s+(?:TEMP\s+|TEMPORARY\s+)?TRIGGER\b/i;

/**
 * The statements of a script, split at top-level `;` (outside quotes, parentheses and `--`
 * comments); a CREATE TRIGGER keeps the `;`-separated statements of its BEGIN … END body (a
 * `CASE … END` inside it does not end it).
 *
 * @example
 * ```ts
 * splitStatements("CREATE TABLE t (a);\nINSERT INTO t VALUES ('x;y')"); // two statements
 * ```
 */
export function splitStatements(script: string): string[] {
  const out: string[] = [];
  let trigger: string[] | undefined;
  // BEGIN and CASE open a block, END closes one: the trigger ends when its BEGIN is closed
  let open = 0;
  for (const part of splitTopLevel(script, ";")) {
    if (trigger === undefined && !TRIGGER.test(part)) {
      out.push(part);
      continue;
    }
    trigger = [...(trigger ?? []), part];
    for (const token of sqlTokens(part).tokens) {
      if (isWord(token, "BEGIN") || isWord(token, "CASE")) open++;
      else if (isWord(token, "END")) open--;
    }
    if (open <= 0 && /\bEND$/i.test(part)) {
      out.push(trigger.join("; "));
      trigger = undefined;
      open = 0;
    }
  }
  if (trigger !== undefined) out.push(trigger.join("; "));
  return out;
}
