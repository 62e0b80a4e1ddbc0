import { AthanorError, type OperationOf } from "@athanor/core";
import { isWord, sqlTokens } from "../introspect/sql-tokens.js";
import { quoteIdent, quoteQualified } from "../quote.js";
import type { SqliteRenderContext } from "./render-context.js";

/**
 * SQLite has no `ALTER INDEX … RENAME`: the index is dropped and created again under the new
 * name from its stored statement — everything from `ON` on kept as written (keys, collations,
 * `WHERE`). It runs in the revision's transaction, and SQLite has one writer, so no statement
 * ever sees the table without it.
 *
 * @example
 * ```ts
 * renderRenameIndex(operations.renameIndex("accounts", "users_email", "accounts_email"), ctx);
 * // ['DROP INDEX "users_email"', 'CREATE UNIQUE INDEX "accounts_email" ON "accounts" ("email")']
 * ```
 */
export function renderRenameIndex(
  op: OperationOf<"renameIndex">,
  ctx: SqliteRenderContext | undefined,
): string[] {
  const stored = ctx?.objects.find(
    (o) => o.type === "index" && o.name === op.from && o.table === op.table.name,
  );
  if (stored === undefined) throw unknownIndex(op, ctx === undefined);
  const { tokens } = sqlTokens(stored.sql);
  const on = tokens.findIndex((t) => isWord(t, "ON"));
  const unique = tokens.slice(0, on).some((t) => isWord(t, "UNIQUE"));
  const rest = stored.sql.slice((tokens[on] as { start: number }).start);
  const schema = op.table.schema === undefined ? {} : { schema: op.table.schema };
  return [
    `DROP INDEX ${quoteQualified({ ...schema, name: op.from })}`,
    `CREATE ${unique ? "UNIQUE " : ""}INDEX ${quoteIdent(op.to)} ${rest}`,
  ];
}

function unknownIndex(op: OperationOf<"renameIndex">, offline: boolean): AthanorError {
  const why = offline
    ? "offline (--sql) nothing is read from the database; run it online (athanor upgrade reads the index first)"
    : `the database has no index ${JSON.stringify(op.from)} on ${JSON.stringify(op.table.name)}`;
  return new AthanorError(
    "ATHANOR_UNSUPPORTED",
    `SQLite cannot rename an index in place: athanor drops it and creates it again from its stored CREATE INDEX, and ${why}. Nothing was run.`,
    { kind: op.kind, table: op.table.name, index: op.from, dialect: "sqlite" },
  );
}
