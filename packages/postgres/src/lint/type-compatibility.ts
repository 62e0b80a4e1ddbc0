/**
 * Which `ALTER COLUMN ... TYPE` changes PostgreSQL performs without rewriting the table, and
 * which column defaults are volatile. Both are judged from the SQL text of the types and
 * expressions, as revisions write them.
 */

interface ParsedType {
  readonly base: string;
  /** Type modifiers, e.g. `[255]` for varchar(255), `[10, 2]` for numeric(10,2); empty when absent. */
  readonly mods: readonly number[];
}

const ALIASES: Readonly<Record<string, string>> = {
  "character varying": "varchar",
  "timestamp without time zone": "timestamp",
  "timestamp with time zone": "timestamptz",
  "time without time zone": "time",
  "time with time zone": "timetz",
  decimal: "numeric",
  "bit varying": "varbit",
};

function parseType(sql: string): ParsedType {
  const text = sql.trim().toLowerCase().replace(/\s+/g, " ");
  // `timestamp(3) with time zone` puts the modifier in the middle
  const match = /^([a-z_ ]+?)\s*(?:\(([\d\s,]+)\))?(\s+with(?:out)? time zone)?$/.exec(text);
  if (match === null) return { base: text, mods: [] };
  const name = `${match[1]}${match[3] ?? ""}`.trim();
  const mods = match[2] === undefined ? [] : match[2].split(",").map((m) => Number(m.trim()));
  return { base: ALIASES[name] ?? name, mods };
}

/** Types whose single modifier is a maximum (length or precision): growing or dropping it is free. */
const GROWABLE = new Set(["varchar", "varbit", "timestamp", "timestamptz", "time", "timetz", "interval"]);

/**
 * True when changing a column from `from` to `to` keeps the stored bytes valid, so PostgreSQL
 * skips the table rewrite (and, for most, the index rebuild): varchar(n)→varchar(m≥n), →varchar,
 * →text, text→varchar, numeric(p,s)→numeric(q≥p,s) or →numeric, more fractional-second precision,
 * cidr→inet, and no change at all.
 *
 * @example
 * ```ts
 * isBinaryCompatibleChange("varchar(64)", "character varying(255)"); // true
 * isBinaryCompatibleChange("integer", "bigint"); // false: rewrites
 * ```
 */
export function isBinaryCompatibleChange(from: string, to: string): boolean {
  const a = parseType(from);
  const b = parseType(to);
  if (a.base === b.base && a.mods.join() === b.mods.join()) return true;
  if (a.base === "cidr" && b.base === "inet" && b.mods.length === 0) return true;
  if ((a.base === "varchar" || a.base === "text") && b.base === "text") return true;
  if (a.base === "text" && b.base === "varchar") return b.mods.length === 0;
  if (a.base !== b.base) return false;
  if (b.mods.length === 0) return true;
  if (a.mods.length === 0) return false;
  if (GROWABLE.has(a.base)) return (b.mods[0] ?? 0) >= (a.mods[0] ?? 0);
  if (a.base === "numeric") {
    // precision may grow while the scale stays put
    return (b.mods[1] ?? 0) === (a.mods[1] ?? 0) && (b.mods[0] ?? 0) >= (a.mods[0] ?? 0);
  }
  return false;
}

/**
 * True when `using` only casts the column itself to the new type (`"price"::numeric(12,2)`),
 * which is what ALTER COLUMN TYPE does without USING.
 *
 * @example
 * ```ts
 * isPlainCast('"c"::character varying(80)', "c", "character varying(80)"); // true
 * isPlainCast('"c"::text::mood', "c", "mood"); // false
 * ```
 */
export function isPlainCast(using: string | undefined, column: string, type: string): boolean {
  if (using === undefined) return false;
  const normalize = (t: string) =>
    t
      .trim()
      .toLowerCase()
      .replace(/\s+/g, " ")
      .replace(/\s*,\s*/g, ",");
  const quoted = `"${column.replaceAll('"', '""')}"`;
  const text = using.trim();
  for (const head of [`${quoted}::`, `${column}::`]) {
    if (text.startsWith(head)) return normalize(text.slice(head.length)) === normalize(type);
  }
  return false;
}

const VOLATILE_CALL =
  /\b(random|clock_timestamp|timeofday|gen_random_uuid|gen_random_bytes|uuid_generate_v(?:1mc|[1-5])|uuidv[47]|nextval|setseed|txid_current)\s*\(/i;

/**
 * The volatile function a default expression calls, if any. `now()` and `current_timestamp` are
 * STABLE (one value per transaction), so PostgreSQL 11+ stores them without a rewrite.
 *
 * @example
 * ```ts
 * volatileFunctionIn("gen_random_uuid()"); // "gen_random_uuid"
 * volatileFunctionIn("now()"); // undefined
 * ```
 */
export function volatileFunctionIn(expression: string): string | undefined {
  return VOLATILE_CALL.exec(expression)?.[1]?.toLowerCase();
}

/**
 * `serial`, `bigserial`, `smallserial` (and `serial4/8/2`): NOT NULL with an implicit
 * `DEFAULT nextval(...)` of a sequence of its own.
 *
 * @example
 * ```ts
 * isSerialType("BIGSERIAL"); // true
 * ```
 */
export function isSerialType(type: string): boolean {
  return /^\s*(small|big)?serial[248]?\s*$/i.test(type);
}
