/**
 * An `enum(...)` or `set(...)` column type as its kind and its members, each as the SQL literal
 * written in the type (quotes and escapes kept, so two lists compare member by member as text);
 * undefined for any other type. Lint (online-ddl.ts) and the values-fit check read lists alike.
 *
 * @example
 * ```ts
 * listedMembers("enum('a','it''s')"); // { kind: "enum", literals: ["'a'", "'it''s'"] }
 * ```
 */
export function listedMembers(type: string): { kind: "enum" | "set"; literals: string[] } | undefined {
  const match = /^(enum|set)\s*\((.*)\)\s*$/is.exec(type.trim());
  if (match === null) return undefined;
  const literals = [...(match[2] ?? "").matchAll(/'(?:[^'\\]|''|\\.)*'/gs)].map((m) => m[0]);
  return { kind: (match[1] ?? "").toLowerCase() as "enum" | "set", literals };
}
