// When a PostgreSQL value fits a narrower type unchanged, as one condition true for a value that
// does NOT fit (NULL fits). An explicit cast — the staged recipe's backfill, a USING — truncates
// an over-long string to varchar(n)/char(n) and rounds numbers without a word, so the check
// refuses what the cast would silently change, as well as what it would refuse.

const INTEGER_BOUNDS: Readonly<Record<string, readonly [string, string]>> = {
  smallint: ["-32768", "32767"],
  int2: ["-32768", "32767"],
  integer: ["-2147483648", "2147483647"],
  int: ["-2147483648", "2147483647"],
  int4: ["-2147483648", "2147483647"],
  bigint: ["-9223372036854775808", "9223372036854775807"],
  int8: ["-9223372036854775808", "9223372036854775807"],
};
const CHARACTER = new Set(["character varying", "varchar", "character", "char", "bpchar", "text"]);
const NUMERIC = new Set([...Object.keys(INTEGER_BOUNDS), "numeric", "decimal", "real", "double precision"]);

function parse(type: string): { base: string; args: number[] } | undefined {
  const match = /^([a-z][a-z0-9 ]*?)\s*(?:\(\s*([\d\s,]+)\))?$/i.exec(type.trim());
  if (match === null) return undefined;
  const args = match[2] === undefined ? [] : match[2].split(",").map((a) => Number(a.trim()));
  return { base: (match[1] ?? "").toLowerCase(), args };
}

/**
 * The condition true for a value of `ref` that `type` cannot hold unchanged; `undefined` for a
 * type this check does not judge.
 *
 * @example
 * ```ts
 * misfitCondition('"name"', "character varying(100)"); // 'char_length("name") > 100'
 * ```
 */
export function misfitCondition(ref: string, type: string): string | undefined {
  const parsed = parse(type);
  if (parsed === undefined) return undefined;
  const { base, args } = parsed;
  if (base === "character varying" || base === "varchar") {
    const length = args[0];
    return length === undefined ? undefined : `char_length(${ref}::text) > ${length}`;
  }
  if (base === "character" || base === "char" || base === "bpchar")
    return `char_length(${ref}::text) > ${args[0] ?? 1}`;
  const bounds = INTEGER_BOUNDS[base];
  if (bounds !== undefined)
    return `(${ref} < ${bounds[0]} OR ${ref} > ${bounds[1]} OR ${ref}::numeric <> round(${ref}::numeric))`;
  if ((base === "numeric" || base === "decimal") && args.length > 0) {
    const [precision = 0, scale = 0] = args;
    const below = `1${"0".repeat(Math.max(precision - scale, 0))}`;
    return `(${ref}::numeric <> round(${ref}::numeric, ${scale}) OR abs(${ref}::numeric) >= ${below})`;
  }
  return undefined;
}

const familyOf = (type: string) => {
  const base = parse(type)?.base ?? "";
  return CHARACTER.has(base) ? "character" : NUMERIC.has(base) ? "numeric" : undefined;
};

/**
 * Whether autogenerate can check that every value of type `from` fits `to`: any value into a
 * bounded string type, numbers into numbers.
 *
 * @example
 * ```ts
 * checksValuesFit("text", "character varying(100)"); // true
 * ```
 */
export function checksValuesFit(from: string, to: string): boolean {
  if (from.trim().endsWith("]") || to.trim().endsWith("]")) return false;
  if (misfitCondition("x", to) === undefined) return false;
  return familyOf(to) === "character" || familyOf(from) === "numeric";
}
