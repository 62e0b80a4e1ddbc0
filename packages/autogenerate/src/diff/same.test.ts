import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { col, table } from "../testing/model-builders.js";
import { canonicalJson, same, samePlainData } from "./same.js";

// `same` walks the two values instead of comparing their canonical JSON texts; the verdict must
// be the texts' verdict for every value, the odd ones JSON writes specially included.
const oddLeaf = fc.constantFrom<unknown>(
  undefined,
  null,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  -0,
  0,
  () => 1,
  Symbol("s"),
  new Date(0),
  "",
  "0",
  false,
);
const leaf = fc.oneof(fc.string({ maxLength: 3 }), fc.integer({ min: -2, max: 2 }), fc.boolean(), oddLeaf);
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: "small" }, leaf, tie("array"), tie("object")),
  array: fc.array(tie("node"), { maxLength: 3 }),
  object: fc.dictionary(fc.constantFrom("a", "b", "c", "1", "10"), tie("node"), { maxKeys: 3 }),
})).node;

/** A copy of `v` with object keys in reverse order (the same JSON once sorted). */
function reordered(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reordered);
  if (v === null || typeof v !== "object" || v instanceof Date) return v;
  return Object.fromEntries(
    Object.entries(v)
      .reverse()
      .map(([k, x]) => [k, reordered(x)]),
  );
}

const verdictOfJson = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

describe("same", () => {
  it("agrees with comparing canonical JSON texts on arbitrary values", () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(same(a, b)).toBe(verdictOfJson(a, b));
      }),
      { numRuns: 5000 },
    );
  });

  it("agrees on a value and a mutation of it (near misses, where a walk could go wrong)", () => {
    fc.assert(
      fc.property(value, value, fc.nat(), (a, b, at) => {
        const mutated = mutate(a, b, at);
        expect(same(a, mutated)).toBe(verdictOfJson(a, mutated));
        expect(same(a, reordered(a))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it("agrees on a value and a twin JSON writes the same way (null for NaN or an omitted item, keys dropped)", () => {
    fc.assert(
      fc.property(value, fc.infiniteStream(fc.nat(3)), (a, choices) => {
        const twin = jsonTwin(a, choices[Symbol.iterator]());
        expect(verdictOfJson(a, twin)).toBe(true);
        expect(same(a, twin)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it("agrees on model fragments the differ compares", () => {
    const users = table("users", [col("id", "bigint", { nullable: false }), col("email", "text")]);
    const changed = table("users", [col("id", "bigint", { nullable: false }), col("email", "varchar(9)")]);
    for (const [a, b] of [
      [users, users],
      [users, reordered(users)],
      [users, changed],
      [users.columns, changed.columns],
      [
        { ...users, comment: undefined },
        { ...users, comment: null },
      ],
      [{ ...users.columns[0], extra: undefined }, users.columns[0]],
    ] as const) {
      expect(same(a, b)).toBe(verdictOfJson(a, b));
    }
  });

  it("throws what comparing the texts throws on a bigint and on a cycle", () => {
    const cycle: { self?: unknown } = {};
    cycle.self = cycle;
    for (const v of [{ a: 1n }, cycle]) {
      const thrown = (f: () => unknown) => {
        try {
          f();
        } catch (error) {
          return (error as Error).constructor;
        }
        return undefined;
      };
      const expected = thrown(() => verdictOfJson(v, v));
      expect(expected).toBeDefined();
      expect(thrown(() => same(v, v))).toBe(expected);
    }
  });
});

// `same` takes the cheap walk's yes without asking further: it must never say yes to two values
// whose texts differ, and must say yes to equal model data, or `check` pays the exact walk again.
describe("samePlainData", () => {
  it("says yes only to values whose canonical JSON texts are equal", () => {
    fc.assert(
      fc.property(value, value, fc.nat(), (a, b, at) => {
        for (const other of [b, mutate(a, b, at), reordered(a)])
          if (samePlainData(a, other, 0)) expect(verdictOfJson(a, other)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it("says yes to equal model tables, in any key order and with shared parts", () => {
    const users = table("users", [col("id", "bigint", { nullable: false }), col("email", "text")]);
    expect(samePlainData(users, structuredClone(users), 0)).toBe(true);
    expect(samePlainData(users, reordered(users), 0)).toBe(true);
    expect(samePlainData(users, { ...users }, 0)).toBe(true);
    expect(samePlainData(users, { ...users, columns: [...users.columns] }, 0)).toBe(true);
  });

  it("leaves what JSON writes specially to the exact walk", () => {
    const cycle: { self?: unknown } = {};
    cycle.self = cycle;
    const inherited = Object.create({ a: 1 }) as Record<string, unknown>;
    for (const [a, b] of [
      [{ a: undefined }, {}],
      [{ a: Number.NaN }, { a: null }],
      [[undefined], [null]],
      [{ a: new Date(0) }, { a: new Date(0) }],
      [inherited, { a: 1 }],
      [Object.assign(Object.create(null), { a: 1 }), { a: 1 }],
    ] as const) {
      expect(samePlainData(a, b, 0)).toBe(false);
      expect(same(a, b)).toBe(verdictOfJson(a, b));
    }
    // a cycle and a bigint: no (no endless walk), and `same` throws what JSON throws (above)
    expect(samePlainData(cycle, cycle, 0)).toBe(false);
    expect(samePlainData({ a: 1n }, { a: 1n }, 0)).toBe(false);
  });

  it("says no when a key comes from a polluted Object.prototype (JSON does not write it)", () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.polluted = 1;
    try {
      expect(samePlainData({ a: 1 }, { a: 1, polluted: 1 }, 0)).toBe(false);
      expect(samePlainData({ a: 1 }, { a: 1 }, 0)).toBe(false);
      expect(same({ a: 1 }, { a: 1 })).toBe(true);
    } finally {
      delete proto.polluted;
    }
  });
});

/** `a` with the `at`-th node (depth first) replaced by `b`. */
function mutate(a: unknown, b: unknown, at: number): unknown {
  let n = at;
  const walk = (v: unknown): unknown => {
    if (n-- === 0) return b;
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== "object" || v instanceof Date) return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
  };
  return walk(a);
}

/**
 * A value whose canonical JSON is `v`'s, spelt differently where `choices` say: an omitted list
 * item or a non-finite number as null (and back), -0 for 0, a property left out when it holds
 * an omitted value, or one such property added.
 */
function jsonTwin(v: unknown, choices: Iterator<number>, inList = false): unknown {
  const pick = () => choices.next().value as number;
  if (inList && (v === undefined || v === null || Number.isNaN(v)))
    return [undefined, null, Number.NaN, () => 0][pick()];
  if (Number.isNaN(v) || v === Number.POSITIVE_INFINITY)
    return [null, Number.NaN, Number.NEGATIVE_INFINITY, v][pick()];
  if (v === 0) return pick() === 0 ? -0 : 0;
  if (Array.isArray(v)) return v.map((x) => jsonTwin(x, choices, true));
  if (v === null || typeof v !== "object" || v instanceof Date) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const omitted = x === undefined || typeof x === "function" || typeof x === "symbol";
    if (omitted && pick() === 0) continue;
    out[k] = omitted ? [undefined, () => 0, Symbol("t"), x][pick()] : jsonTwin(x, choices);
  }
  if (pick() === 0) out.added = undefined;
  return out;
}
