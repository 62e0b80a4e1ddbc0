import type { QualifiedName } from "@athanor/core";

/** The dialect names the PostgreSQL rules apply to (PGlite speaks the same DDL). */
export const PG_DIALECTS: readonly string[] = ["postgresql", "pglite"];

/** Blocks reads and writes. */
export const ACCESS_EXCLUSIVE = "ACCESS EXCLUSIVE";

/**
 * What lint can read from an `op.execute` index statement: enough to apply the index rules to
 * raw SQL too. `undefined` when the statement is not CREATE/DROP INDEX.
 *
 * @example
 * ```ts
 * parseIndexStatement('CREATE INDEX ix ON "users" (email)');
 * // { action: "create", concurrently: false, table: { name: "users" } }
 * ```
 */
export function parseIndexStatement(
  sql: string,
): { action: "create" | "drop"; concurrently: boolean; table?: QualifiedName } | undefined {
  const text = sql.replace(/--[^\n]*\n/g, " ").trim();
  const create = /^create\s+(unique\s+)?index\s+(concurrently\s+)?/i.exec(text);
  if (create) {
    const on = /\bon\s+(?:only\s+)?("(?:[^"]|"")+"|[\w$]+)(?:\s*\.\s*("(?:[^"]|"")+"|[\w$]+))?/i.exec(text);
    const table = on ? toName(on[1] as string, on[2]) : undefined;
    return { action: "create", concurrently: create[2] !== undefined, ...(table ? { table } : {}) };
  }
  const drop = /^drop\s+index\s+(concurrently\s+)?/i.exec(text);
  if (drop) return { action: "drop", concurrently: drop[1] !== undefined };
  return undefined;
}

function toName(first: string, second: string | undefined): QualifiedName {
  const unquote = (s: string) => (s.startsWith('"') ? s.slice(1, -1).replace(/""/g, '"') : s.toLowerCase());
  return second === undefined ? { name: unquote(first) } : { schema: unquote(first), name: unquote(second) };
}
