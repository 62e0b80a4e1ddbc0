/**
 * `<name>_athanor_new`: the name an index or constraint is built under beside the one whose name
 * it takes later. Cut so the whole fits PostgreSQL's 63 bytes (a longer one would be truncated,
 * and could collide).
 *
 * @example
 * ```ts
 * temporaryName("users_email_idx"); // "users_email_idx_athanor_new"
 * ```
 */
export function temporaryName(name: string): string {
  const suffix = "_athanor_new";
  // cut by code points, never inside a surrogate pair
  const points = Array.from(name);
  const bytes = (text: string) => new TextEncoder().encode(text).length;
  while (bytes(points.join("") + suffix) > 63) points.pop();
  return points.join("") + suffix;
}
