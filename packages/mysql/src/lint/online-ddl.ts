import { type LintDialectInfo, type Operation, versionAtLeast } from "@athanor/core";
import { listedMembers } from "../listed-members.js";

/** The dialect names the MySQL rules apply to. */
export const MY_DIALECTS: readonly string[] = ["mysql", "mariadb"];

/** How InnoDB can run one ALTER: in place of the rows' format, in place with a rebuild, or by copying. */
export type OnlineAlgorithm = "INSTANT" | "INPLACE" | "INPLACE-REBUILD" | "COPY";

/** Every DDL statement takes it briefly at its start and end, queueing behind open transactions. */
export const METADATA_LOCK = "exclusive metadata lock (brief)";

const isMariadb = (dialect: LintDialectInfo) => dialect.name === "mariadb";

/**
 * How a finding names the server linted for: `MariaDB`, `MySQL` when a version names it (the
 * config's `mysql.serverVersion`, `--server-version`), else `MySQL/MariaDB` (a `mysql://` URL).
 *
 * @example
 * ```ts
 * lintServerName({ name: "mysql" }); // "MySQL/MariaDB"
 * ```
 */
export function lintServerName(dialect: LintDialectInfo): string {
  if (isMariadb(dialect)) return "MariaDB";
  return dialect.version === undefined ? "MySQL/MariaDB" : "MySQL";
}

/**
 * The best algorithm InnoDB offers for an operation on an existing table, per the MySQL 8.0 /
 * MariaDB 10.11 online-DDL tables; `undefined` for statements without ALGORITHM (CREATE/DROP/RENAME
 * TABLE, raw SQL, data). Unknown versions count as current.
 *
 * @example
 * ```ts
 * onlineAlgorithm(operations.createIndex("ix", "users", ["email"]), { name: "mysql" }); // "INPLACE"
 * ```
 */
export function onlineAlgorithm(op: Operation, dialect: LintDialectInfo): OnlineAlgorithm | undefined {
  switch (op.kind) {
    case "addColumn": {
      const c = op.column;
      if (c.generated !== undefined || c.identity !== undefined || isExpressionDefault(c.default))
        return "COPY";
      // A placed column (FIRST / AFTER) is instant from MariaDB 10.4 / MySQL 8.0.29; before, only last.
      if (
        op.position !== undefined &&
        !versionAtLeast(dialect, ...(isMariadb(dialect) ? [10, 4] : [8, 0, 29]))
      )
        return "INPLACE-REBUILD";
      return "INSTANT";
    }
    case "dropColumn":
      return versionAtLeast(dialect, ...(isMariadb(dialect) ? [10, 4] : [8, 0, 29]))
        ? "INSTANT"
        : "INPLACE-REBUILD";
    case "renameColumn":
      return "INPLACE";
    case "alterColumn":
      // MariaDB 10.11 refuses INPLACE for any generation change and for adding AUTO_INCREMENT.
      if (op.generated !== undefined || op.autoIncrement === true) return "COPY";
      if (op.type !== undefined && !isCheapTypeChange(op.existingType, op.type, dialect)) return "COPY";
      if (op.nullable !== undefined && op.nullable !== op.existingNullable) return "INPLACE-REBUILD";
      return op.type !== undefined ? "INPLACE" : "INSTANT";
    case "createIndex":
    case "dropIndex":
    case "addUnique":
    case "dropConstraint":
    case "setTableComment":
      return "INPLACE";
    case "addPrimaryKey":
      return "INPLACE-REBUILD";
    case "addForeignKey":
      return "COPY";
    case "addCheck":
      return "INPLACE";
    default:
      return undefined;
  }
}

/**
 * A parenthesised expression default such as `(uuid())` or `(now() + interval 1 day)`; MySQL
 * evaluates it per row, which rebuilds the table. `CURRENT_TIMESTAMP` and constants do not.
 *
 * @example
 * ```ts
 * isExpressionDefault("(uuid())"); // true
 * ```
 */
export function isExpressionDefault(value: string | undefined): boolean {
  return value?.trim().startsWith("(") === true;
}

/**
 * Growing a VARCHAR is in-place on MySQL while its length prefix stays one byte (≤ 255 bytes, i.e.
 * 63 utf8mb4 characters) or was already two, and instant on MariaDB; anything else copies.
 */
function isCheapTypeChange(from: string | undefined, to: string, dialect: LintDialectInfo): boolean {
  if (from === undefined) return false;
  if (appendsMembers(from, to)) return true;
  const a = varcharLength(from);
  const b = varcharLength(to);
  if (a === undefined || b === undefined || b < a) return normalize(from) === normalize(to);
  if (isMariadb(dialect)) return true;
  const bytes = (n: number) => n * 4;
  return bytes(a) <= 255 === bytes(b) <= 255;
}

/**
 * An ENUM or SET that only gains members at the end of its list, in the same storage size: MySQL 8.0
 * and MariaDB 10.3+ change only the table's metadata (members in the middle renumber the stored
 * values, and a list that outgrows its byte count rewrites every row: both copy).
 *
 * @example
 * ```ts
 * appendsMembers("enum('free','pro')", "enum('free','pro','team')"); // true
 * appendsMembers("enum('free','pro')", "enum('free','team','pro')"); // false
 * ```
 */
export function appendsMembers(from: string, to: string): boolean {
  const a = listedMembers(from);
  const b = listedMembers(to);
  if (a === undefined || b === undefined || a.kind !== b.kind || b.literals.length <= a.literals.length)
    return false;
  if (!a.literals.every((m, i) => m === b.literals[i])) return false;
  return storageBytes(a.kind, a.literals.length) === storageBytes(b.kind, b.literals.length);
}

/** Bytes per stored value: ENUM 1 up to 255 members, else 2; SET one byte per 8 members (8 for 33–64). */
function storageBytes(kind: string, members: number): number {
  if (kind === "enum") return members <= 255 ? 1 : 2;
  const bytes = Math.ceil(members / 8);
  return bytes > 4 ? 8 : bytes;
}

function varcharLength(type: string): number | undefined {
  const match = /^(?:varchar|character varying)\s*\(\s*(\d+)\s*\)$/i.exec(type.trim());
  return match ? Number(match[1]) : undefined;
}

function normalize(type: string): string {
  return type.trim().toLowerCase().replace(/\s+/g, " ");
}
