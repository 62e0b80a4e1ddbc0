import type {
  ConstraintDefinition,
  Deferrable,
  IndexKey,
  OperationOf,
  ReferentialAction,
} from "@athanor/core";
import { quoteIdent, quoteQualified } from "../quote.js";
import { storageParameterList } from "./column-settings.js";

const ACTIONS: { readonly [A in ReferentialAction]: string } = {
  "no action": "NO ACTION",
  restrict: "RESTRICT",
  cascade: "CASCADE",
  "set null": "SET NULL",
  "set default": "SET DEFAULT",
};

function columnList(columns: readonly string[]): string {
  return `(${columns.map(quoteIdent).join(", ")})`;
}

function deferral(d: Deferrable): string[] {
  if (d.deferrable !== true) return [];
  return d.initiallyDeferred === true ? ["DEFERRABLE INITIALLY DEFERRED"] : ["DEFERRABLE"];
}

/**
 * The body of a table constraint (after `CONSTRAINT name`). `inline` is true inside CREATE
 * TABLE, where NOT VALID is meaningless (the table is empty) and so left out.
 *
 * @example
 * ```ts
 * renderConstraintBody({ type: "check", expression: "price > 0", notValid: true }, false); // CHECK (price > 0) NOT VALID
 * ```
 */
export function renderConstraintBody(c: ConstraintDefinition, inline: boolean): string {
  const parts: string[] = [];
  switch (c.type) {
    case "primaryKey":
      parts.push(`PRIMARY KEY ${columnList(c.columns)}`);
      break;
    case "unique":
      parts.push(
        `UNIQUE${c.nullsNotDistinct === true ? " NULLS NOT DISTINCT" : ""} ${columnList(c.columns)}`,
        ...deferral(c),
      );
      break;
    case "foreignKey":
      parts.push(
        `FOREIGN KEY ${columnList(c.columns)} REFERENCES ${quoteQualified(c.references.table)} ${columnList(c.references.columns)}`,
      );
      if (c.match !== undefined) parts.push(`MATCH ${c.match.toUpperCase()}`);
      if (c.onDelete !== undefined) parts.push(`ON DELETE ${ACTIONS[c.onDelete]}`);
      if (c.onUpdate !== undefined) parts.push(`ON UPDATE ${ACTIONS[c.onUpdate]}`);
      parts.push(...deferral(c));
      if (c.notValid === true && !inline) parts.push("NOT VALID");
      break;
    case "check":
      parts.push(`CHECK (${c.expression})`);
      if (c.notValid === true && !inline) parts.push("NOT VALID");
      break;
  }
  return parts.join(" ");
}

/**
 * `UNIQUE USING INDEX i [DEFERRABLE ...]`: the index already holds the columns and NULLS NOT
 * DISTINCT, only the deferral belongs to the constraint.
 */
export function renderUniqueUsingIndex(index: string, d: Deferrable): string {
  return [`UNIQUE USING INDEX ${quoteIdent(index)}`, ...deferral(d)].join(" ");
}

function renderIndexKey(key: IndexKey): string {
  const parts = [key.column !== undefined ? quoteIdent(key.column) : `(${key.expression})`];
  if (key.opclass !== undefined) parts.push(quoteIdent(key.opclass));
  if (key.order !== undefined) parts.push(key.order.toUpperCase());
  if (key.nulls !== undefined) parts.push(`NULLS ${key.nulls.toUpperCase()}`);
  return parts.join(" ");
}

/**
 * `CREATE [UNIQUE] INDEX [CONCURRENTLY] name ON table [USING method] (keys) [INCLUDE (...)]
 * [NULLS NOT DISTINCT] [WITH (storage parameters)] [WHERE predicate]`.
 *
 * @example
 * ```ts
 * renderCreateIndex(operations.createIndex("i", "t", ["a"], { unique: true })); // CREATE UNIQUE INDEX "i" ON "t" ("a")
 * ```
 */
export function renderCreateIndex(op: OperationOf<"createIndex">): string {
  const parts = [`CREATE${op.unique === true ? " UNIQUE" : ""} INDEX`];
  if (op.concurrently === true) parts.push("CONCURRENTLY");
  parts.push(quoteIdent(op.name), "ON", quoteQualified(op.table));
  if (op.method !== undefined) parts.push(`USING ${quoteIdent(op.method)}`);
  parts.push(`(${op.keys.map(renderIndexKey).join(", ")})`);
  if (op.include !== undefined && op.include.length > 0) parts.push(`INCLUDE ${columnList(op.include)}`);
  if (op.nullsNotDistinct === true) parts.push("NULLS NOT DISTINCT");
  if (op.with !== undefined) parts.push(`WITH (${storageParameterList(op.with)})`);
  if (op.where !== undefined) parts.push(`WHERE ${op.where}`);
  return parts.join(" ");
}

/** `DROP INDEX [CONCURRENTLY] schema.name` — an index lives in its table's schema. */
export function renderDropIndex(op: OperationOf<"dropIndex">): string {
  const name = op.table.schema === undefined ? { name: op.name } : { schema: op.table.schema, name: op.name };
  return `DROP INDEX${op.concurrently === true ? " CONCURRENTLY" : ""} ${quoteQualified(name)}`;
}
