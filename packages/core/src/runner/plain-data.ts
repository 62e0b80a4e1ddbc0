/** Stands for `undefined` in encoded data: JSON has no undefined, and an own property set to it may matter. */
const UNDEFINED_TAG = "\u0000";

/** Thrown by {@link encodePlainData} for a value that is not plain data. */
export class NotPlainData extends Error {}

/**
 * `value` as JSON-safe data that {@link decodePlainData} turns back into an equal value: null,
 * booleans, finite numbers, strings, dense arrays and objects of `Object.prototype` (own string
 * keys), with `undefined` tagged. Anything else — a function, a class instance, a bigint, NaN,
 * -0, a `__proto__` key — throws {@link NotPlainData}: what cannot be stored exactly is not stored.
 *
 * @example
 * ```ts
 * encodePlainData({ a: undefined, b: [1] }); // { a: { "\u0000": 0 }, b: [1] }
 * ```
 */
export function encodePlainData(value: unknown): unknown {
  if (value === undefined) return { [UNDEFINED_TAG]: 0 };
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value) || Object.is(value, -0)) throw new NotPlainData("number");
    return value;
  }
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) throw new NotPlainData("array");
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) throw new NotPlainData("sparse array");
      out.push(encodePlainData(value[i]));
    }
    return out;
  }
  if (typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype)
    throw new NotPlainData(typeof value);
  if (Object.getOwnPropertySymbols(value).length > 0) throw new NotPlainData("symbol key");
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (key === "__proto__" || key === UNDEFINED_TAG) throw new NotPlainData(key);
    out[key] = encodePlainData((value as Record<string, unknown>)[key]);
  }
  return out;
}

/** Thrown by {@link decodePlainData} for data that no {@link encodePlainData} call wrote. */
export class InvalidPlainData extends Error {}

/**
 * The value {@link encodePlainData} encoded, from parsed JSON that may be hostile: every node is
 * checked, `__proto__` keys and anything not written by the encoder throw {@link InvalidPlainData}.
 *
 * @example
 * ```ts
 * decodePlainData(JSON.parse('{"a":{"\\u0000":0}}')); // { a: undefined }
 * ```
 */
export function decodePlainData(data: unknown): unknown {
  if (data === null || typeof data === "string" || typeof data === "boolean") return data;
  if (typeof data === "number") {
    if (!Number.isFinite(data)) throw new InvalidPlainData("number");
    return data;
  }
  if (Array.isArray(data)) return data.map(decodePlainData);
  if (typeof data !== "object") throw new InvalidPlainData(typeof data);
  const keys = Object.keys(data);
  if (keys.includes(UNDEFINED_TAG)) {
    if (keys.length !== 1 || (data as Record<string, unknown>)[UNDEFINED_TAG] !== 0)
      throw new InvalidPlainData("tag");
    return undefined;
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    if (key === "__proto__") throw new InvalidPlainData(key);
    out[key] = decodePlainData((data as Record<string, unknown>)[key]);
  }
  return out;
}
