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
  };
}

// InnoDB treats RESTRICT and NO ACTION identically (checks are immediate either way), and the
// servers disagree on how they report an unspecified action (MariaDB: RESTRICT, MySQL: NO ACTION).
// Reading both as "no action" keeps `check` from reporting drift that cannot exist.
const ACTIONS: Readonly<Record<string, ForeignKeyAction>> = {
  "NO ACTION": "no action",
  RESTRICT: "no action",
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

/** True for MariaDB's own check behind a JSON column: `json_valid(`col`)`, named after the column. */
export function isJsonCheck(name: string, clause: string, level: string): boolean {
  return level === "Column" && clause.replaceAll(" ", "") === `json_valid(${quoteIdent(name)})`;
}
