import type { ColumnModel, ForeignKeyAction, IndexKeyModel, IndexModel, UniqueModel } from "@athanor/core";
import { quoteIdent, quoteLiteral } from "../quote.js";
import type { MysqlFlavor } from "../server.js";

/** A row of COLUMNS_QUERY. */
export interface ColumnRow {
  readonly table_name: string;
  readonly name: string;
  readonly type: string;
  readonly nullable: string;
  readonly column_default: string | null;
  readonly extra: string;
  readonly comment: string;
  readonly collation: string | null;
  readonly generation: string | null;
  readonly data_type: string;
}

/** A row of statisticsQuery(). */
export interface StatisticsRow {
  readonly table_name: string;
  readonly name: string;
  readonly non_unique: number | string;
  readonly column_name: string | null;
  readonly collation: string | null;
  readonly sub_part: number | string | null;
  readonly index_type: string;
  readonly expression: string | null;
}

// MySQL 8.0.19+ prints integer types without display width and MariaDB with one; both mean
// the same, so the model drops it (except tinyint(1), the spelling of BOOLEAN, and ZEROFILL).
const DISPLAY_WIDTH = /^(tinyint|smallint|mediumint|int|bigint)\(\d+\)/;
const NUMERIC =
  /^(tinyint|smallint|mediumint|int|integer|bigint|decimal|numeric|float|double|real|bit|year)\b/i;

/**
 * The column type in a form both servers print alike.
 *
 * @example
 * ```ts
 * normalizeType("int(11)"); // "int"
 * normalizeType("tinyint(1)"); // "tinyint(1)"
 * ```
 */
export function normalizeType(type: string): string {
  if (/zerofill/i.test(type) || /^tinyint\(1\)/.test(type)) return type;
  return type.replace(DISPLAY_WIDTH, "$1");
}

/**
 * The default as SQL, per server: MariaDB prints defaults as SQL already (`'x'`, `0`,
 * `current_timestamp()`, `NULL` for an explicit NULL default); MySQL prints the value and
 * flags expressions with DEFAULT_GENERATED in EXTRA.
 */
export function normalizeDefault(row: ColumnRow, flavor: MysqlFlavor): string | null {
  const value = row.column_default;
  if (value === null) return null;
  if (flavor === "mariadb") return value === "NULL" ? null : value;
  if (/DEFAULT_GENERATED/i.test(row.extra)) {
    return /^(current_timestamp|now|localtime)/i.test(value) ? value : `(${value})`;
  }
  return NUMERIC.test(row.data_type) ? value : quoteLiteral(value);
}

/**
 * One column of the model. `tableCollation` is the table's default: only a collation that
 * differs from it was set on the column explicitly.
 */
export function toColumn(
  row: ColumnRow,
  flavor: MysqlFlavor,
  tableCollation: string | null,
  jsonColumns: ReadonlySet<string>,
): ColumnModel {
  const generated = row.generation !== null && row.generation !== "";
  const autoIncrement = /auto_increment/i.test(row.extra);
  const isJson = jsonColumns.has(row.name);
  return {
    name: row.name,
    type: isJson ? "json" : normalizeType(row.type),
    nullable: row.nullable === "YES",
    default: generated || autoIncrement ? null : normalizeDefault(row, flavor),
    identity: autoIncrement ? { generation: "byDefault", sequence: null } : null,
    generated: generated
      ? {
          expression: row.generation ?? "",
          storage: /stored|persistent/i.test(row.extra) ? "stored" : "virtual",
        }
      : null,
    comment: row.comment === "" ? null : row.comment,
    collation: row.collation !== null && !isJson && row.collation !== tableCollation ? row.collation : null,
    onUpdate: onUpdateOf(row.extra),
  };
}

/**
 * The `ON UPDATE` expression from EXTRA (MariaDB `on update current_timestamp(3)`, MySQL
 * `DEFAULT_GENERATED on update CURRENT_TIMESTAMP(3)`), or `null`.
 *
 * @example
 * ```ts
 * onUpdateOf("on update current_timestamp()"); // "current_timestamp()"
 * ```
 */
export function onUpdateOf(extra: string): string | null {
  const match = /\bon update (.+)$/i.exec(extra.trim());
  return match?.[1] === undefined ? null : match[1].trim();
}

// Read exactly as stored. InnoDB treats RESTRICT and NO ACTION alike, but drizzle-kit tells
// them apart, and athanor always writes the action (an unspecified one is stored as RESTRICT
// by MariaDB and NO ACTION by MySQL), so reading them apart reports only real differences.
const ACTIONS: Readonly<Record<string, ForeignKeyAction>> = {
  "NO ACTION": "no action",
  RESTRICT: "restrict",
  CASCADE: "cascade",
  "SET NULL": "set null",
  "SET DEFAULT": "set default",
};

/** A referential rule as the model spells it. */
export function toAction(rule: string): ForeignKeyAction {
  return ACTIONS[rule.toUpperCase()] ?? "no action";
}

function toKey(row: StatisticsRow): IndexKeyModel {
  const order = row.collation === "D" ? "desc" : "asc";
  // MySQL sorts NULLs first ascending and last descending; the model always states it.
  const ordering = { order, nulls: order === "asc" ? "first" : "last", opclass: null } as const;
  if (row.column_name === null) return { kind: "expression", expression: row.expression ?? "", ...ordering };
  if (row.sub_part !== null)
    return { kind: "expression", expression: `${quoteIdent(row.column_name)}(${row.sub_part})`, ...ordering };
  return { kind: "column", column: row.column_name, ...ordering };
}

/**
 * One index, or a unique constraint. MySQL has no separate UNIQUE constraint object: a unique
 * index is one. A unique BTREE index over plain ascending columns (what `UNIQUE (a, b)`
 * creates) is reported as a {@link UniqueModel}; one only CREATE INDEX can express
 * (descending, prefix or expression keys, HASH) stays an {@link IndexModel}.
 */
export function toIndexOrUnique(name: string, parts: readonly StatisticsRow[]): IndexModel | UniqueModel {
  const first = parts[0];
  const keys = parts.map(toKey);
  const unique = first !== undefined && Number(first.non_unique) === 0;
  const method = (first?.index_type ?? "BTREE").toLowerCase();
  if (unique && method === "btree" && keys.every((k) => k.kind === "column" && k.order === "asc")) {
    return {
      name,
      columns: keys.map((k) => (k.kind === "column" ? k.column : "")),
      nullsNotDistinct: false,
      deferrable: false,
      initiallyDeferred: false,
    };
  }
  return {
    name,
    unique,
    method,
    keys,
    include: [],
    where: null,
    nullsNotDistinct: false,
    with: [],
    valid: true,
  };
}

/**
 * The column behind MariaDB's own check of a JSON column (a column-level `json_valid(`col`)`), or
 * undefined for any other check. The server names it after the column when the column is created,
 * but RENAME COLUMN keeps that name (a staged type change swaps `v_new` into `v`), so the name
 * does not count.
 *
 * @example
 * ```ts
 * jsonCheckColumn("json_valid(`v`)", "Column"); // "v"
 * ```
 */
export function jsonCheckColumn(clause: string, level: string): string | undefined {
  if (level !== "Column") return undefined;
  const column = /^\s*json_valid\s*\(\s*`((?:[^`]|``)+)`\s*\)\s*$/i.exec(clause)?.[1];
  return column?.replaceAll("``", "`");
}

const leadingColumns = (keys: readonly IndexKeyModel[]): string[] => {
  const out: string[] = [];
  for (const key of keys) {
    if (key.kind !== "column") break;
    out.push(key.column);
  }
  return out;
};
const startsWith = (list: readonly string[], prefix: readonly string[]) =>
  prefix.length <= list.length && prefix.every((c, i) => list[i] === c);

/**
 * The indexes without the redundant stand-ins for a foreign key's implicit index: an index
 * named after a key of the table, on exactly its columns, while another index (or the primary
 * key, or a unique) also starts with those columns. InnoDB drops its own implicit index as
 * soon as a covering one exists; an index athanor added in its place (a `dropIndex` that
 * removed the key's last covering index) is kept by the server, and is the same table for
 * every purpose but one redundant index, so it is not reported.
 *
 * @example
 * ```ts
 * withoutRedundantFkIndexes(indexes, [{ name: "c_fk", columns: ["p_id"] }], [["id"]]);
 * ```
 */
export function withoutRedundantFkIndexes(
  indexes: readonly IndexModel[],
  foreignKeys: readonly { readonly name: string; readonly columns: readonly string[] }[],
  otherKeys: readonly (readonly string[])[],
): IndexModel[] {
  return indexes.filter((index) => {
    const fk = foreignKeys.find((f) => f.name === index.name);
    if (fk === undefined || index.unique || index.method !== "btree") return true;
    const own = leadingColumns(index.keys);
    if (own.length !== index.keys.length || own.length !== fk.columns.length || !startsWith(own, fk.columns))
      return true;
    const others = [...otherKeys, ...indexes.filter((i) => i !== index).map((i) => leadingColumns(i.keys))];
    return !others.some((list) => startsWith(list, fk.columns));
  });
}
