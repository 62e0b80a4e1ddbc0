import type {
  CheckModel,
  Connection,
  ForeignKeyAction,
  ForeignKeyModel,
  IndexModel,
  IntrospectScope,
  SchemaModel,
  TableModel,
  UniqueModel,
  ViewModel,
} from "@athanor/core";
import {
  canonicalSqliteExpression,
  canonicalSqliteType,
  withoutOwnTable,
} from "./introspect/canonical-sql.js";
import {
  type ColumnRow,
  catalogueRowsOf,
  type ForeignKeyRow,
  type ObjectRow,
  readCatalogue,
} from "./introspect/catalogue.js";
import { readIndexes } from "./introspect/indexes.js";
import { unquoteIdent } from "./introspect/split-sql.js";
import {
  collationOf,
  constraintColumns,
  deferralOf,
  generationOf,
  readTableSql,
  type TableSqlFacts,
} from "./introspect/table-sql.js";
import { SQLITE_LOCK_TABLE } from "./lock.js";

const SCHEMA = "main";

/**
 * Reads the main database into a SchemaModel in one catalogue query ({@link readCatalogue}):
 * `sqlite_schema` (objects and their SQL) and, per table, `pragma_table_xinfo`,
 * `pragma_foreign_key_list`, `pragma_index_list` and `pragma_index_xinfo`. Constraint names, CHECK
 * and generation expressions exist only in the CREATE TABLE text, so they are read from it.
 *
 * @example
 * ```ts
 * const model = await introspectSqlite(conn, { versionTable: "athanor_version" });
 * ```
 */
export async function introspectSqlite(conn: Connection, scope: IntrospectScope = {}): Promise<SchemaModel> {
  const excluded = new Set([SQLITE_LOCK_TABLE, ...(scope.exclude ?? [])]);
  // athanor's own tables are never part of the schema (the default name when none is given, as
  // the PostgreSQL and MySQL introspectors do)
  const versionTable = scope.versionTable ?? "athanor_version";
  for (const suffix of ["", "_history", "_backfill", "_fleet_failure"])
    excluded.add(`${versionTable}${suffix}`);
  const objects = (await readCatalogue(conn)).filter((o) => !excluded.has(o.tbl_name));
  const indexSql = new Map(objects.filter((o) => o.type === "index").map((o) => [o.name, o.sql]));
  const tables: TableModel[] = objects
    .filter((o) => o.type === "table")
    .map((o) => {
      const { columns, fks, indexList, keysOf } = catalogueRowsOf(o);
      return readTable(o, columns, fks, readIndexes(indexList, keysOf, indexSql));
    });
  const views: ViewModel[] = objects
    .filter((o) => o.type === "view")
    .map((o) => readView(o.name, o.sql ?? ""));
  return {
    schemas: [SCHEMA],
    tables,
    enums: [],
    sequences: [],
    ...(views.length === 0 ? {} : { views }),
  };
}

const PRIMARY_KEY = /^primary\s+key/i;
const UNIQUE = /^unique/i;
const CHECK = /^check/i;
const FOREIGN_KEY = /^foreign\s+key/i;
const KINDS = [PRIMARY_KEY, UNIQUE, CHECK, FOREIGN_KEY];

function readTable(
  object: ObjectRow,
  columnRows: readonly ColumnRow[],
  fkRows: readonly ForeignKeyRow[],
  indexes: { readonly uniques: readonly { name: string; columns: string[] }[]; readonly plain: IndexModel[] },
): TableModel {
  const facts = readTableSql(object.sql ?? "");
  // each table-level constraint sorted by kind once (not once per key looked up)
  const byKind = new Map<RegExp, TableSqlFacts["constraints"][number][]>(KINDS.map((k) => [k, []]));
  for (const c of facts.constraints) byKind.get(KINDS.find((k) => k.test(c.body)) as RegExp)?.push(c);
  const named = (kind: RegExp) => byKind.get(kind) ?? [];
  const sameColumns = (a: readonly string[], b: readonly string[]) => a.join("\u0000") === b.join("\u0000");

  const pkColumns = columnRows
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
  const pkClause = named(PRIMARY_KEY)[0];
  const pkColumnName =
    pkColumns.length === 1
      ? columnPrimaryKeyName(facts.columnClauses.get(pkColumns[0] as string) ?? "")
      : null;

  const uniques: UniqueModel[] = indexes.uniques.map((u) => {
    const clause = named(UNIQUE).find((c) => sameColumns(constraintColumns(c.body), u.columns));
    return {
      name: clause?.name ?? u.name,
      columns: u.columns,
      nullsNotDistinct: false,
      ...deferralOf(clause?.body ?? ""),
    };
  });

  const checks: CheckModel[] = named(CHECK).map((c, i) => ({
    name: c.name ?? `${object.name}_check${i + 1}`,
    expression: checkExpression(c.body, object.name),
    validated: true,
  }));

  const foreignKeys: ForeignKeyModel[] = [...groupBy(fkRows, (f) => f.id).values()].map((rows) => {
    const first = rows[0] as ForeignKeyRow;
    const cols = rows.map((r) => r.from);
    const clause = named(FOREIGN_KEY).find((c) => sameColumns(constraintColumns(c.body), cols));
    return {
      name: clause?.name ?? `${object.name}_${cols.join("_")}_fkey`,
      columns: cols,
      referencedSchema: SCHEMA,
      referencedTable: first.table,
      // A reference without columns means the parent's primary key; SQLite reports null then.
      referencedColumns: rows.map((r) => r.to ?? ""),
      onUpdate: action(first.on_update),
      onDelete: action(first.on_delete),
      match: "simple",
      ...deferralOf(clause?.body ?? ""),
      validated: true,
    };
  });

  return {
    schema: SCHEMA,
    name: object.name,
    columns: columnRows.map((c) => {
      const clause = facts.columnClauses.get(c.name) ?? "";
      const generation = c.hidden === 2 || c.hidden === 3 ? generationOf(clause) : null;
      const generated =
        generation === null
          ? null
          : { ...generation, expression: canonicalSqliteExpression(generation.expression) };
      return {
        name: c.name,
        type: canonicalSqliteType(c.type),
        nullable: c.notnull === 0,
        default: c.dflt_value === null ? null : canonicalSqliteExpression(c.dflt_value),
        // INTEGER PRIMARY KEY AUTOINCREMENT: numbers never reused (sqlite_sequence)
        identity:
          c.pk > 0 && /\bautoincrement\b/i.test(clause) ? { generation: "byDefault", sequence: null } : null,
        generated,
        comment: null,
        collation: collationOf(clause),
        onUpdate: null,
      };
    }),
    // An unnamed primary key is named as PostgreSQL would, so a revision can drop it by name.
    primaryKey:
      pkColumns.length === 0
        ? null
        : { name: pkClause?.name ?? pkColumnName ?? `${object.name}_pkey`, columns: pkColumns },
    uniques,
    foreignKeys,
    checks,
    indexes: indexes.plain,
    comment: null,
  };
}

/** `CONSTRAINT name PRIMARY KEY` written in a column's own clause. */
function columnPrimaryKeyName(clause: string): string | null {
  const m = /\bconstraint\s+("(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|[^\s(]+)\s+primary\s+key\b/i.exec(clause);
  return m === null ? null : unquoteIdent(m[1] as string);
}

/**
 * A CHECK's expression in the canonical form; a column qualified by the table's own name
 * (`"users"."age"`, as drizzle-kit writes checks) reads as the bare column.
 */
function checkExpression(body: string, table: string): string {
  const inner = body.replace(/^check\s*\(([\s\S]*)\)$/i, "$1").trim();
  return canonicalSqliteExpression(withoutOwnTable(inner, table));
}

function action(text: string): ForeignKeyAction {
  return text.toLowerCase() as ForeignKeyAction;
}

function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group === undefined) groups.set(key(row), [row]);
    else group.push(row);
  }
  return groups;
}

const VIEW_QUERY =
  /^\s*create\s+(?:temp\w*\s+)?view\s+(?:if\s+not\s+exists\s+)?(?:"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|\S+?)\s*(?:\(([^)]*)\)\s*)?as\s+([\s\S]*)$/i;

/**
 * A view from its CREATE VIEW statement. The query is kept exactly as SQLite stored it: an
 * unaliased result column is named by its text, so two spellings are two views. A column list
 * (`CREATE VIEW v(a, b) AS …`, which sqliteView cannot declare) is read as the option
 * `columns=a, b`, so it shows in a diff and the renderer writes it back.
 */
function readView(name: string, sql: string): ViewModel {
  const m = VIEW_QUERY.exec(sql);
  const columns = m?.[1]?.trim();
  return {
    schema: SCHEMA,
    name,
    materialized: false,
    definition: m?.[2]?.trim() ?? sql,
    with: columns === undefined ? [] : [`columns=${columns}`],
  };
}
