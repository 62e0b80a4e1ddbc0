import { skipQuotedOrComment } from "../introspect/split-sql.js";

/**
 * A statement as the `sqlite3` shell reads it from a `--sql` script: followed by `;` where that
 * `;` ends it. Raw SQL (`op.execute`) may end inside a comment, which SQLite accepts online: after
 * `-- note` a `;` on the same line is part of the comment, and after an unclosed `/*` so is the
 * rest of the script — the shell then read the next statements as this one's continuation, failed
 * or skipped them, and went on to record the revision. The `;` goes on a line of its own after a
 * line comment; an unclosed block comment is closed first.
 *
 * @example
 * ```ts
 * sqliteOfflineStatement("DELETE FROM t -- stale rows"); // "DELETE FROM t -- stale rows\n;"
 * sqliteOfflineStatement("DELETE FROM t /* stale");     // "DELETE FROM t /* stale *\/;"
 * ```
 */
export function sqliteOfflineStatement(sql: string): string {
  const text = sql.trimEnd();
  const open = commentOpenAtEnd(text);
  if (open === "--") return `${sql}\n;`;
  if (open === "/*") return `${sql} */;`;
  return text.endsWith(";") ? sql : `${sql};`;
}

/** The comment `text` ends inside of (a `--` comment with no newline after it, an unclosed `/*`), or null. */
function commentOpenAtEnd(text: string): "--" | "/*" | null {
  for (let i = 0; i < text.length; i++) {
    const end = skipQuotedOrComment(text, i);
    if (end === -1) continue;
    if (end >= text.length - 1) {
      if (text.startsWith("--", i)) return "--";
      if (text.startsWith("/*", i) && text.indexOf("*/", i + 2) === -1) return "/*";
      return null;
    }
    i = end;
  }
  return null;
}
