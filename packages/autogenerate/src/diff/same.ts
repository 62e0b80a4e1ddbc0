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

/** A value {@link same}'s walk does not model (toJSON, boxed primitives, bigint, a class): it asks JSON. */
const ASK_JSON = Symbol("ask JSON");

/** What JSON.stringify writes in place of a value it leaves out (`undefined`, a function, a symbol). */
const OMITTED = Symbol("omitted");

/** The value as JSON.stringify reads it: non-finite numbers are null, omitted values marked. */
function jsonValue(v: unknown): unknown {
  switch (typeof v) {
    case "number":
      return Number.isFinite(v) ? v : null;
    case "undefined":
    case "function":
    case "symbol":
      return OMITTED;
    case "bigint":
      throw ASK_JSON;
    case "object": {
      if (v === null) return v;
      if (typeof (v as { toJSON?: unknown }).toJSON === "function") throw ASK_JSON;
      if (Array.isArray(v)) return v;
      const proto: unknown = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) throw ASK_JSON;
      return v;
    }
    default:
      return v;
  }
}

const isWritten = Object.prototype.propertyIsEnumerable;

/** Whether `a` and `b` write the same canonical JSON, without writing it. */
function sameJson(a: unknown, b: unknown, depth: number): boolean {
  if (depth > 200) throw ASK_JSON; // a cycle: JSON.stringify reports it
  const x = jsonValue(a);
  const y = jsonValue(b);
  // one object twice is still walked: JSON would refuse a cycle or a bigint inside it
  if (typeof x !== "object" || typeof y !== "object" || x === null || y === null) return x === y;
  if (Array.isArray(x)) {
    if (!Array.isArray(y) || x.length !== y.length) return false;
    // an omitted item is written as null in a list
    for (let i = 0; i < x.length; i++) {
      const xi = jsonValue(x[i]);
      const yi = jsonValue(y[i]);
      if (!sameJson(xi === OMITTED ? null : xi, yi === OMITTED ? null : yi, depth + 1)) return false;
    }
    return true;
  }
  if (Array.isArray(y)) return false;
  const xo = x as Record<string, unknown>;
  const yo = y as Record<string, unknown>;
  // keys whose value JSON leaves out do not count; every other key must be on both sides
  let written = 0;
  for (const k of Object.keys(xo)) {
    const xv = jsonValue(xo[k]);
    if (xv === OMITTED) continue;
    written++;
    if (!isWritten.call(yo, k)) return false;
    const yv = jsonValue(yo[k]);
    if (yv === OMITTED || !sameJson(xv, yv, depth + 1)) return false;
  }
  for (const k of Object.keys(yo)) {
    const v = yo[k];
    if (v !== undefined && typeof v !== "function" && typeof v !== "symbol") written--;
  }
  return written === 0;
}

/**
 * Deep equality of two JSON-shaped values, ignoring key order: true exactly when their
 * {@link canonicalJson} texts are equal (an `undefined` property counts as absent, `NaN` as
 * null), but found by walking both values rather than writing them out.
 *
 * @example
 * ```ts
 * same({ a: 1 }, { a: 1 }); // true
 * ```
 */
export function same(a: unknown, b: unknown): boolean {
  // equal plain model data (a `check` that finds nothing) is settled by the cheap walk
  if (samePlainData(a, b, 0)) return true;
  try {
    return sameJson(a, b, 0);
  } catch (error) {
    if (error !== ASK_JSON) throw error;
    return canonicalJson(a) === canonicalJson(b);
  }
}

const hasOwn = Object.hasOwn;

/**
 * True only when `a` and `b` are equal plain JSON data: strings, booleans, null, finite numbers,
 * arrays and objects whose prototype is Object.prototype, with the same own keys — then their
 * canonical JSON texts are equal. False means "not shown": anything JSON writes specially
 * (undefined, NaN, toJSON, a class, a cycle) or a difference, which {@link same} then settles
 * with the exact walk. About five times cheaper than that walk on a 1,000-table model with the
 * compiler capped at baseline (`check`): no per-value classification, no key arrays.
 * Exported for its proof (same.test.ts).
 */
export function samePlainData(a: unknown, b: unknown, depth: number): boolean {
  if (typeof a !== "object" || a === null)
    return (
      a === b &&
      (typeof a === "string" ||
        typeof a === "boolean" ||
        a === null ||
        (typeof a === "number" && Number.isFinite(a)))
    );
  if (typeof b !== "object" || b === null || depth > 200) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!samePlainData(a[i], b[i], depth + 1)) return false;
    return true;
  }
  if (
    Array.isArray(b) ||
    Object.getPrototypeOf(a) !== Object.prototype ||
    Object.getPrototypeOf(b) !== Object.prototype
  )
    return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  // for-in sees own enumerable keys here (an inherited one fails hasOwn or the count): JSON's keys
  let keys = 0;
  for (const k in x) {
    if (!hasOwn(x, k) || !hasOwn(y, k) || !samePlainData(x[k], y[k], depth + 1)) return false;
    keys++;
  }
  for (const _ in y) keys--;
  return keys === 0;
}
