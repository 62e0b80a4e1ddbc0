import type { ColumnSpec } from "@athanor/core";
import { AthanorError } from "@athanor/core/errors";
import { quoteComment, quoteIdent } from "../quote.js";
import { atLeast } from "../server.js";
import { assumedServerAdvice, type MysqlRenderContext, unsupported } from "./context.js";

// Defaults MySQL accepts without parentheses: literals and the CURRENT_TIMESTAMP family.
const LITERAL_DEFAULT =
  /^(?:'(?:[^'\\]|''|\\.)*'|[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?|null|true|false|[bx]'[0-9a-f]*'|(?:current_timestamp|now|localtime|localtimestamp)(?:\(\d?\))?)$/is;
const TIMESTAMP_DEFAULT = /^(?:current_timestamp|now|localtime|localtimestamp)(?:\(\d?\))?$/i;
// MySQL 8 allows only expression defaults (in parentheses) on these types.
const BLOB_LIKE =
  /^\s*(?:tiny|medium|long)?(?:text|blob)\b|^\s*(?:json|geometry|point|linestring|polygon)\b/i;
const TEXTUAL =
  /^\s*(?:national\s+)?(?:var)?char\b|^\s*n?(?:var)?char\b|^\s*(?:tiny|medium|long)?text\b|^\s*(?:enum|set)\s*\(/i;

/** True for types that carry a character set and collation. */
export function isTextualType(type: string): boolean {
  return TEXTUAL.test(type);
}

/**
 * A default expression as the server accepts it: literals as written; anything else wrapped
 * in parentheses (an expression default, MySQL 8.0.13+ and MariaDB 10.2+); on MySQL a literal
 * default of a TEXT/BLOB/JSON column is wrapped too, as MySQL allows no other kind there.
 *
 * @example
 * ```ts
 * renderDefault("uuid()", "char(36)", ctx); // "(uuid())"
 * ```
 */
export function renderDefault(expression: string, type: string, ctx: MysqlRenderContext): string {
  const trimmed = expression.trim();
  if (/^\(.*\)$/s.test(trimmed)) return trimmed;
  const literal = LITERAL_DEFAULT.test(trimmed);
  if (literal && TIMESTAMP_DEFAULT.test(trimmed)) return trimmed;
  if (literal && !(ctx.server.flavor === "mysql" && BLOB_LIKE.test(type))) return trimmed;
  if (ctx.server.flavor === "mysql" && !atLeast(ctx.server, 8, 0, 13)) {
    throw unsupported(
      ctx,
      "column default",
      "expression defaults before 8.0.13",
      // a MariaDB user offline with a mysql:// URL meets this first (a TEXT column's default)
      ctx.serverAssumed === true
        ? assumedServerAdvice("8.0.13")
        : "Use a literal default or upgrade the server",
    );
  }
  return `(${trimmed})`;
}

/** A collation name goes into SQL unquoted, so it must look like one. */
export function renderCollation(collation: string): string {
  if (!/^[A-Za-z0-9_]+$/.test(collation)) {
    throw new AthanorError(
      "ATHANOR_INVALID_OPERATION",
      `${JSON.stringify(collation)} is not a MySQL/MariaDB collation name (letters, digits and _ only).`,
      {
        collation,
      },
    );
  }
  return `COLLATE ${collation}`;
}

/**
 * One column definition as CREATE TABLE and ADD COLUMN write it: type, collation, generation,
 * explicit NULL/NOT NULL (MySQL's implicit timestamp rules never apply), default, ON UPDATE,
 * AUTO_INCREMENT for an identity column, and the comment inline.
 *
 * @example
 * ```ts
 * renderColumn({ name: "id", type: "bigint", nullable: false, identity: { always: false } }, ctx);
 * // `id` bigint NOT NULL AUTO_INCREMENT
 * ```
 */
export function renderColumn(column: ColumnSpec, ctx: MysqlRenderContext): string {
  const parts = [quoteIdent(column.name), column.type];
  if (column.collation !== undefined) parts.push(renderCollation(column.collation));
  if (column.generated !== undefined)
    parts.push(
      `GENERATED ALWAYS AS (${column.generated.expression}) ${column.generated.storage === "virtual" ? "VIRTUAL" : "STORED"}`,
    );
  if (column.generated !== undefined && ctx.server.flavor === "mariadb") {
    // MariaDB accepts no NULL/NOT NULL on a generated column; its values are always nullable.
    if (!column.nullable)
      throw unsupported(ctx, "generated column", "NOT NULL generated columns", "Declare it nullable");
  } else {
    parts.push(column.nullable ? "NULL" : "NOT NULL");
  }
  if (column.default !== undefined) parts.push(`DEFAULT ${renderDefault(column.default, column.type, ctx)}`);
  if (column.onUpdate !== undefined) parts.push(`ON UPDATE ${column.onUpdate}`);
  if (column.identity !== undefined) {
    const { always, start, ...rest } = column.identity;
    if (always) {
      throw unsupported(
        ctx,
        "identity column",
        "GENERATED ALWAYS identity (AUTO_INCREMENT accepts explicit values)",
        "Declare the identity with always: false",
      );
    }
    const extra = Object.keys(rest).filter((k) => (rest as Record<string, unknown>)[k] !== undefined);
    if (extra.length > 0) {
      throw unsupported(
        ctx,
        "identity column",
        `per-column sequence options (${extra.join(", ")})`,
        "Keep only `start` (rendered as the table's AUTO_INCREMENT)",
      );
    }
    parts.push("AUTO_INCREMENT");
  }
  if (column.comment !== undefined) parts.push(`COMMENT ${quoteComment(column.comment)}`);
  return parts.join(" ");
}

/** The AUTO_INCREMENT start a column asks for, if any. */
export function identityStart(column: ColumnSpec): number | undefined {
  return column.identity?.start;
}
