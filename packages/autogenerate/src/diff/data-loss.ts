import type { NameInput, Operation, QualifiedName } from "@athanor/core";

/**
 * Why an operation destroys (or may destroy) data, or `null` when it does not. Used for the
 * differ's warnings and for the `WARNING(athanor)` comments of generated revisions, in both
 * directions (a downgrade's `dropColumn` loses what the upgrade's rows put there).
 *
 * @example
 * ```ts
 * dataLossOf(operations.dropColumn("users", "mail")); // "drops column users.mail and its data"
 * ```
 */
export function dataLossOf(op: Operation): string | null {
  switch (op.kind) {
    case "dropTable":
      return `drops table ${display(op.table)} and all its rows`;
    case "dropColumn":
      if (op.existing?.generated !== undefined) return null;
      return `drops column ${display(op.table)}.${op.column} and its data`;
    case "alterColumn":
      if (op.type === undefined || op.existingType === undefined) return null;
      if (isWideningType(op.existingType, op.type)) return null;
      return `changes ${display(op.table)}.${op.column} from ${op.existingType} to ${op.type}, which may fail or lose data (narrowing or incompatible type)`;
    case "dropSchema":
      return op.cascade === true ? `drops schema ${op.name} and everything in it` : null;
    default:
      return null;
  }
}

/**
 * Why a generated downgrade step cannot bring back what the upgrade removed, or `null`: a column
 * re-added NOT NULL without a default (its values went with the upgrade's drop), which a table
 * with rows refuses (PostgreSQL, SQLite) or fills with the type's zero value (MySQL). Lint judges
 * upgrades only, so the generated file says it where the reviewer reads the downgrade.
 *
 * @example
 * ```ts
 * refillGapOf(operations.addColumn("teams", { name: "name", type: "text", nullable: false }));
 * // "re-adds teams.name NOT NULL without a default, and the values the upgrade dropped are gone: ..."
 * ```
 */
export function refillGapOf(op: Operation): string | null {
  if (op.kind !== "addColumn") return null;
  const c = op.column;
  if (c.nullable || c.default !== undefined || c.identity !== undefined || c.generated !== undefined)
    return null;
  return `re-adds ${display(op.table)}.${c.name} NOT NULL without a default, and the values the upgrade dropped are gone: on a table with rows the database refuses it (or fills the type's zero value, MySQL). Before downgrading a table with rows, give it a default here or add it nullable.`;
}

/** `users`, `audit.events` — for messages. */
export function display(name: NameInput | QualifiedName): string {
  if (typeof name === "string") return name;
  return name.schema === undefined ? name.name : `${name.schema}.${name.name}`;
}

interface ParsedType {
  readonly base: string;
  readonly args: readonly number[];
  readonly array: boolean;
}

function parseType(type: string): ParsedType {
  const trimmed = type.trim().toLowerCase();
  const array = trimmed.endsWith("[]");
  const body = array ? trimmed.replace(/(\[\])+$/, "") : trimmed;
  const match = /^([^(]*?)\s*\(([\d,\s]+)\)\s*(.*)$/.exec(body);
  if (match === null) return { base: body, args: [], array };
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
