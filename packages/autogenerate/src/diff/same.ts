/**
 * JSON text with object keys sorted, so two model fragments built by different code paths
 * compare equal whenever their data is equal.
 *
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: [2] }) === canonicalJson({ a: [2], b: 1 }); // true
 * ```
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

/**
 * Deep equality of two JSON-shaped values, ignoring key order.
 *
 * @example
 * ```ts
 * same({ a: 1 }, { a: 1 }); // true
 * ```
 */
export function same(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}
