import { splitTopLevel } from "../introspect/split-sql.js";

const TRIGGER = /^CREATE\s+(?:TEMP\s+|TEMPORARY\s+)?TRIGGER\b/i;

/**
 * The statements of a script, split at top-level `;` (outside quotes, parentheses and `--`
 * comments); a CREATE TRIGGER keeps the `;`-separated statements of its BEGIN … END body.
 *
 * @example
 * ```ts
 * splitStatements("CREATE TABLE t (a);\nINSERT INTO t VALUES ('x;y')"); // two statements
 * ```
 */
export function splitStatements(script: string): string[] {
  const out: string[] = [];
  let trigger: string[] | undefined;
  for (const part of splitTopLevel(script, ";")) {
    if (trigger === undefined && !TRIGGER.test(part)) {
      out.push(part);
      continue;
    }
    trigger = [...(trigger ?? []), part];
    if (/\bEND$/i.test(part)) {
      out.push(trigger.join("; "));
      trigger = undefined;
    }
  }
  if (trigger !== undefined) out.push(trigger.join("; "));
  return out;
}
