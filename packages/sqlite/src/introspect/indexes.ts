import type { IndexKeyModel, IndexModel } from "@athanor/core";
import { canonicalSqliteExpression, withoutOwnTable } from "./canonical-sql.js";
import { parenthesized, splitTopLevel } from "./split-sql.js";

/** A row of `pragma_index_list` joined to its table. */
export interface IndexListRow {
  readonly tbl: string;
  readonly name: string;
  readonly is_unique: number;
  /** `c` CREATE INDEX, `u` a UNIQUE constraint, `pk` the PRIMARY KEY. */
  readonly origin: string;
  readonly partial: number;
}
/** A key column of `pragma_index_xinfo`; `cid` -2 is an expression, -1 the rowid. */
export interface IndexColumnRow {
  readonly idx: string;
  readonly seqno: number;
  readonly cid: number;
  readonly name: string | null;
  readonly is_desc: number;
}

/**
 * A table's indexes: UNIQUE constraints' (their columns; named from the CREATE TABLE text by the
 * caller) and CREATE INDEX ones as IndexModels. Expression keys and WHERE predicates exist only in
 * the CREATE INDEX text. The primary key's index is described by the primary key.
 *
 * @example
 * ```ts
 * readIndexes(indexListRows, keyColumnsByIndex, new Map([["users_email", "CREATE INDEX ..."]]));
 * ```
 */
export function readIndexes(
  list: readonly IndexListRow[],
  /** Key columns by index name. */
  keysOf: ReadonlyMap<string, readonly IndexColumnRow[]>,
  sqlByName: ReadonlyMap<string, string | null>,
): { uniques: { name: string; columns: string[] }[]; plain: IndexModel[] } {
  const uniques: { name: string; columns: string[] }[] = [];
  const plain: IndexModel[] = [];
  for (const index of [...list].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const keys = keysOf.get(index.name) ?? [];
    if (index.origin === "u") uniques.push({ name: index.name, columns: keys.map((k) => k.name ?? "") });
    if (index.origin !== "c") continue;
    const sql = sqlByName.get(index.name) ?? "";
    // the key list is parsed only for expression keys (most indexes have none)
    let parsed: string[] | undefined;
    const written = () => {
      parsed ??= splitTopLevel(parenthesized(sql, onClause(sql)), ",");
      return parsed;
    };
    plain.push({
      name: index.name,
      unique: index.is_unique === 1,
      method: "btree",
      keys: keys.map((k, i): IndexKeyModel => {
        const order = k.is_desc === 1 ? "desc" : "asc";
        // SQLite sorts NULL first ascending, so last descending.
        const ordering = { order, nulls: order === "asc" ? "first" : "last", opclass: null } as const;
        if (k.cid !== -2) return { kind: "column", column: k.name ?? "", ...ordering };
        const expression = (written()[i] ?? "").replace(/\s+(asc|desc)$/i, "").trim();
        return {
          kind: "expression",
          expression: canonicalSqliteExpression(withoutOwnTable(expression, index.tbl)),
          ...ordering,
        };
      }),
      include: [],
      where: index.partial === 1 ? whereOf(sql, index.tbl) : null,
      nullsNotDistinct: false,
      with: [],
      valid: true,
    });
  }
  return { uniques, plain };
}

/** Where ` ON table` starts in a CREATE INDEX statement (the key list follows it). */
function onClause(sql: string): number {
  return /\son\s/i.exec(sql)?.index ?? 0;
}

function whereOf(sql: string, table: string): string | null {
  const keys = parenthesized(sql, onClause(sql));
  const after = sql.slice(sql.indexOf(keys, onClause(sql)) + keys.length + 1);
  const m = /^\s*where\s+([\s\S]*)$/i.exec(after);
  return m?.[1] === undefined ? null : canonicalSqliteExpression(withoutOwnTable(m[1], table));
}
