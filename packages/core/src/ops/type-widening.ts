// Whether a type change keeps every value: the judgement autogenerate's data-loss warnings and
// values-fit checks and lint's narrowing rule share, so a generated revision and lint agree.

interface ParsedType {
  readonly base: string;
  readonly args: readonly number[];
  readonly array: boolean;
}

// MySQL/MariaDB print a DATETIME, TIMESTAMP or TIME of fractional-seconds precision 0 bare, so a
// bare one is precision 0 — the narrowest, not the widest as a bare varchar or numeric is: for
// those `datetime(3)` → `datetime` drops the milliseconds (MariaDB truncates, MySQL rounds).
// PostgreSQL prints its own as `timestamp without time zone` / `time with time zone` (precision
// 6 when bare), which are other bases here.
const BARE_IS_PRECISION_ZERO = new Set(["datetime", "timestamp", "time"]);

function parseType(type: string): ParsedType {
  const trimmed = type.trim().toLowerCase();
  const array = trimmed.endsWith("[]");
  const body = array ? trimmed.replace(/(\[\])+$/, "") : trimmed;
  const match = /^([^(]*?)\s*\(([\d,\s]+)\)\s*(.*)$/.exec(body);
  if (match === null) return { base: body, args: BARE_IS_PRECISION_ZERO.has(body) ? [0] : [], array };
  const rest = match[3] === "" ? "" : ` ${match[3]}`;
  return {
    base: `${match[1]}${rest}`.trim(),
    args: (match[2] ?? "").split(",").map((a) => Number(a.trim())),
    array,
  };
}

// Each ladder lists types that hold every value of the types before them.
const LADDERS: readonly (readonly string[])[] = [
  ["tinyint", "smallint", "mediumint", "integer", "int", "bigint", "numeric", "decimal"],
  ["real", "float", "double precision", "double"],
  ["character", "char", "character varying", "varchar", "text", "mediumtext", "longtext"],
  ["tinytext", "text", "mediumtext", "longtext"],
  ["tinyblob", "blob", "mediumblob", "longblob"],
  ["json", "jsonb"],
];

/**
 * True when every value of `from` fits `to` unchanged: a longer varchar, text instead of
 * varchar, bigint instead of integer, more numeric precision, a finer timestamp. Anything
 * else (including every change between unrelated types) counts as possibly losing data.
 *
 * @example
 * ```ts
 * isWideningType("character varying(20)", "character varying(40)"); // true
 * isWideningType("bigint", "integer"); // false
 * ```
 */
export function isWideningType(from: string, to: string): boolean {
  const members = [listedMembers(from), listedMembers(to)];
  if (members[0] !== undefined || members[1] !== undefined) return keepsEveryMember(members[0], members[1]);
  const a = parseType(from);
  const b = parseType(to);
  if (a.array !== b.array) return false;
  if (a.base === b.base) return argsWiden(a, b);
  for (const ladder of LADDERS) {
    const i = ladder.indexOf(a.base);
    const j = ladder.indexOf(b.base);
    if (i >= 0 && j > i) {
      // A bounded target (varchar(10), numeric(5,2)) must still hold the source's values.
      if (b.args.length === 0) return true;
      if (isNumericBase(b.base)) return false;
      return a.args.length > 0 && (a.args[0] ?? 0) <= (b.args[0] ?? 0);
    }
  }
  return false;
}

function isNumericBase(base: string): boolean {
  return base === "numeric" || base === "decimal";
}

function argsWiden(a: ParsedType, b: ParsedType): boolean {
  if (b.args.length === 0) return true; // varchar(n) → varchar, numeric(p,s) → numeric
  if (a.args.length === 0) return false;
  if (isNumericBase(a.base)) {
    const [p1 = 0, s1 = 0] = a.args;
    const [p2 = 0, s2 = 0] = b.args;
    return s2 >= s1 && p2 - s2 >= p1 - s1;
  }
  return (a.args[0] ?? 0) <= (b.args[0] ?? 0);
}

/** A MySQL `enum('a','b')` / `set(...)` as its kind and members; undefined for any other type. */
function listedMembers(
  type: string,
): { readonly kind: string; readonly members: readonly string[] } | undefined {
  const match = /^(enum|set)\s*\((.*)\)$/is.exec(type.trim());
  if (match === null) return undefined;
  const quoted = (match[2] ?? "").matchAll(/'((?:[^'\\]|''|\\.)*)'/g);
  return { kind: (match[1] ?? "").toLowerCase(), members: [...quoted].map((m) => m[1] ?? "") };
}

// MySQL converts an ENUM/SET by member text: one that keeps every member, in any order, loses no value.
function keepsEveryMember(a: ReturnType<typeof listedMembers>, b: ReturnType<typeof listedMembers>): boolean {
  if (a === undefined || b === undefined || a.kind !== b.kind) return false;
  return a.members.every((m) => b.members.includes(m));
}
