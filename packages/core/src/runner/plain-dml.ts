/**
 * Whether a statement is plain row-changing DML — INSERT, UPDATE, DELETE or MERGE as its first
 * word — which every SQL database accepts inside a transaction. Used for `transactional: false`
 * revisions, whose other statements (CREATE INDEX CONCURRENTLY, VACUUM, …) may refuse one.
 * Deliberately narrow: a statement it does not recognise keeps running on its own.
 *
 * @example
 * ```ts
 * isPlainDml("UPDATE t SET a = 1"); // true
 * isPlainDml("CREATE INDEX CONCURRENTLY i ON t (a)"); // false
 * ```
 */
export function isPlainDml(sql: string): boolean {
  return /^\s*(insert|update|delete|merge)\s/i.test(sql);
}
