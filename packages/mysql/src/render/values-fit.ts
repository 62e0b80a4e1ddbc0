import { listedMembers } from "../listed-members.js";

// When a value of one column type fits another unchanged, as one SQL condition over a column
// reference that is true for a value that does NOT fit (NULL fits everything). Used by
// `op.requireValuesFit` (values-fit-guard.ts) and by autogenerate (the differ hook
// `valuesFitCheck`) for the type pairs it can judge exactly.

const INTEGER_BOUNDS: Readonly<Record<string, readonly [string, string, string]>> = {
  // [signed min, signed max, unsigned max]
  tinyint: ["-128", "127", "255"],
  smallint: ["-32768", "32767", "65535"],
  mediumint: ["-8388608", "8388607", "16777215"],
  int: ["-2147483648", "2147483647", "4294967295"],
  integer: ["-2147483648", "2147483647", "4294967295"],
  bigint: ["-9223372036854775808", "9223372036854775807", "18446744073709551615"],
};
/** Byte limits of the TEXT types (LONGTEXT holds anything). */
const TEXT_BYTES: Readonly<Record<string, number>> = { tinytext: 255, text: 65535, mediumtext: 16777215 };
const CHARACTER = new Set(["char", "varchar", "character", "tinytext", "text", "mediumtext", "longtext"]);
const NUMERIC = new Set([
  ...Object.keys(INTEGER_BOUNDS),
  "decimal",
  "numeric",
  "dec",
  "float",
  "double",
  "real",
]);

interface ParsedType {
  readonly base: string;
  readonly args: readonly number[];
  readonly unsigned: boolean;
}

function parse(type: string): ParsedType | undefined {
  const match = /^([a-z]+)\s*(?:\(\s*([\d\s,]+)\))?\s*(.*)$/i.exec(type.trim());
  if (match === null) return undefined;
  const base = (match[1] ?? "").toLowerCase();
  const args = match[2] === undefined ? [] : match[2].split(",").map((a) => Number(a.trim()));
  const rest = (match[3] ?? "").toLowerCase();
  // a CHARACTER SET / COLLATE suffix says nothing about what fits; anything else is not ours
  if (!/^(unsigned|signed|zerofill|\s|character set \w+|charset \w+|collate \w+|varying)*$/.test(rest))
    return undefined;
  const varying = base === "character" && rest.includes("varying");
  return { base: varying ? "varchar" : base, args, unsigned: /\bunsigned\b/.test(rest) };
}

const familyOf = (type: string): "character" | "numeric" | "listed" | undefined => {
  if (listedMembers(type) !== undefined) return "listed";
  const parsed = parse(type);
  if (parsed === undefined) return undefined;
  if (CHARACTER.has(parsed.base)) return "character";
  return NUMERIC.has(parsed.base) ? "numeric" : undefined;
};

/**
 * The condition true for a value of `ref` that `type` cannot hold unchanged (a longer string, a
 * number out of range or with more decimals, a member the ENUM/SET lacks); `undefined` for a
 * type this check does not judge. Lengths count characters (CHAR/VARCHAR) or bytes (TEXT
 * types), as the server does.
 *
 * @example
 * ```ts
 * misfitCondition("`name`", "varchar(100)"); // "CHAR_LENGTH(`name`) > 100"
 * ```
 */
export function misfitCondition(ref: string, type: string): string | undefined {
  const listed = listedMembers(type);
  if (listed !== undefined) {
    if (listed.kind === "enum") return `${ref} NOT IN (${listed.literals.join(", ")})`;
    // a SET value is its members joined by commas; it fits when each one is a member
    const members = listed.literals.map((m) => `(FIND_IN_SET(${m}, ${ref}) > 0)`).join(" + ");
    return `(${ref} <> '' AND CHAR_LENGTH(${ref}) - CHAR_LENGTH(REPLACE(${ref}, ',', '')) + 1 <> ${members === "" ? "0" : members})`;
  }
  const parsed = parse(type);
  if (parsed === undefined) return undefined;
  const { base, args } = parsed;
  if (base === "char" || base === "character" || base === "varchar") {
    const length = args[0] ?? (base === "varchar" ? undefined : 1);
    return length === undefined ? undefined : `CHAR_LENGTH(${ref}) > ${length}`;
  }
  if (base in TEXT_BYTES) return `LENGTH(${ref}) > ${TEXT_BYTES[base]}`;
  const bounds = INTEGER_BOUNDS[base];
  if (bounds !== undefined) {
    const [min, max] = parsed.unsigned ? ["0", bounds[2]] : [bounds[0], bounds[1]];
    return `(${ref} < ${min} OR ${ref} > ${max} OR ${ref} <> ROUND(${ref}))`;
  }
  if (base === "decimal" || base === "numeric" || base === "dec") {
    const [precision = 10, scale = 0] = args;
    const below = `1${"0".repeat(Math.max(precision - scale, 0))}`;
    const sign = parsed.unsigned ? ` OR ${ref} < 0` : "";
    return `(${ref} <> ROUND(${ref}, ${scale}) OR ABS(${ref}) >= ${below}${sign})`;
  }
  return undefined;
}

/**
 * Whether autogenerate can check, before a revision's first statement, that every value of
 * type `from` fits `to`: `to` is one {@link misfitCondition} judges, and `from` of a family the
 * condition reads right (any value into a CHAR/VARCHAR, strings into a TEXT type; numbers into
 * numbers; strings and ENUM/SET values into an ENUM/SET).
 *
 * @example
 * ```ts
 * checksValuesFit("text", "varchar(100)"); // true
 * checksValuesFit("text", "int"); // false: "abc" is no number, the server's own error says so
 * ```
 */
export function checksValuesFit(from: string, to: string): boolean {
  if (misfitCondition("x", to) === undefined) return false;
  const target = familyOf(to);
  const source = familyOf(from);
  // any value's text may outgrow a CHAR/VARCHAR; only strings outgrow a TEXT type's bytes
  if (target === "character")
    return !(parse(to)?.base ?? "").endsWith("text") || source === "character" || source === "listed";
  if (target === "numeric") return source === "numeric";
  return source === "listed" || source === "character";
}
