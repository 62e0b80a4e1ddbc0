import type { IdentityOptions, OperationOf } from "@athanor/core";
import { AthanorError } from "@athanor/core/errors";
import { quoteIdent, quoteLiteral, quoteQualified } from "../quote.js";

const alterColumn = (op: { table: OperationOf<"alterColumnIdentity">["table"]; column: string }) =>
  `ALTER TABLE ${quoteQualified(op.table)} ALTER COLUMN ${quoteIdent(op.column)}`;

const IDENTITY_CLAUSES = [
  ["start", "START WITH"],
  ["increment", "INCREMENT BY"],
  ["minValue", "MINVALUE"],
  ["maxValue", "MAXVALUE"],
  ["cache", "CACHE"],
] as const;

/** Integer text goes into the statement as written: anything else is refused, never written. */
function integer(kind: string, value: string): string {
  if (!/^-?[0-9]{1,20}$/.test(value))
    throw new AthanorError(
      "ATHANOR_INVALID_OPERATION",
      `Cannot render ${kind}: ${JSON.stringify(value)} is not an integer.`,
      {
        kind,
      },
    );
  return value;
}

const generation = (identity: IdentityOptions) => (identity.always ? "ALWAYS" : "BY DEFAULT");

/**
 * `ADD GENERATED ... AS IDENTITY (...)` when the column had none, `DROP IDENTITY` when it loses
 * it, else `SET GENERATED` / `SET <option>` for what changed (every given option when the old
 * identity is not recorded); nothing when nothing changed.
 *
 * @example
 * ```ts
 * renderAlterColumnIdentity(operations.alterColumnIdentity("t", "id", { always: true }, { existing: null }));
 * // ['ALTER TABLE "t" ALTER COLUMN "id" ADD GENERATED ALWAYS AS IDENTITY']
 * ```
 */
export function renderAlterColumnIdentity(op: OperationOf<"alterColumnIdentity">): string[] {
  const to = op.identity;
  if (to === null) return [`${alterColumn(op)} DROP IDENTITY`];
  const from = op.existingIdentity;
  if (from === null) {
    const options = IDENTITY_CLAUSES.flatMap(([key, sql]) => {
      const v = to[key];
      return v === undefined ? [] : [`${sql} ${integer(op.kind, v)}`];
    });
    if (to.cycle !== undefined) options.push(to.cycle ? "CYCLE" : "NO CYCLE");
    const list = options.length > 0 ? ` (${options.join(" ")})` : "";
    return [`${alterColumn(op)} ADD GENERATED ${generation(to)} AS IDENTITY${list}`];
  }
  const clauses: string[] = [];
  if (from === undefined || from.always !== to.always) clauses.push(`SET GENERATED ${generation(to)}`);
  for (const [key, sql] of IDENTITY_CLAUSES) {
    const v = to[key];
    if (v !== undefined && v !== from?.[key]) clauses.push(`SET ${sql} ${integer(op.kind, v)}`);
  }
  if (to.cycle !== undefined && to.cycle !== from?.cycle)
    clauses.push(to.cycle ? "SET CYCLE" : "SET NO CYCLE");
  return clauses.length === 0 ? [] : [`${alterColumn(op)} ${clauses.join(" ")}`];
}

/**
 * `ALTER COLUMN ... TYPE <type> COLLATE <collation>`; `null` is the database's `"default"`.
 *
 * @example
 * ```ts
 * renderAlterColumnCollation(operations.alterColumnCollation("t", "name", "text", "C"));
 * // ['ALTER TABLE "t" ALTER COLUMN "name" TYPE text COLLATE "C"']
 * ```
 */
export function renderAlterColumnCollation(op: OperationOf<"alterColumnCollation">): string[] {
  return [`${alterColumn(op)} TYPE ${op.type} COLLATE ${quoteIdent(op.collation ?? "default")}`];
}

/** A parameter name, each dotted part quoted (`"toast"."autovacuum_enabled"`). */
const parameter = (name: string) => name.split(".").map(quoteIdent).join(".");
/** A number as written; any other value as a string literal, which PostgreSQL parses the same. */
const parameterValue = (value: string) => (/^-?[0-9]+(\.[0-9]+)?$/.test(value) ? value : quoteLiteral(value));

/** `"fillfactor" = 70, "deduplicate_items" = 'off'`: storage parameters as SET and WITH write them. */
export function storageParameterList(parameters: { readonly [parameter: string]: string }): string {
  return Object.entries(parameters)
    .map(([k, v]) => `${parameter(k)} = ${parameterValue(v)}`)
    .join(", ");
}

/**
 * `ALTER INDEX ... SET (...)` and/or `ALTER INDEX ... RESET (...)`; the index is in its table's schema.
 *
 * @example
 * ```ts
 * renderAlterIndexStorage(operations.alterIndexStorage("ix", "t", { set: { fillfactor: "70" } }));
 * // ['ALTER INDEX "ix" SET ("fillfactor" = 70)']
 * ```
 */
export function renderAlterIndexStorage(op: OperationOf<"alterIndexStorage">): string[] {
  const index = quoteQualified(
    op.table.schema === undefined ? { name: op.name } : { schema: op.table.schema, name: op.name },
  );
  const set = Object.entries(op.set ?? {});
  return [
    ...(set.length > 0 ? [`ALTER INDEX ${index} SET (${storageParameterList(op.set ?? {})})`] : []),
    ...((op.reset ?? []).length > 0
      ? [`ALTER INDEX ${index} RESET (${(op.reset ?? []).map(parameter).join(", ")})`]
      : []),
  ];
}
