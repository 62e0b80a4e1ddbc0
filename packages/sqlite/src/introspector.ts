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
import { versionTableCompanionNames } from "@athanor/core/dialect";
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
import { constraintColumns, deferralOf, readTableSql, type TableSqlFacts } from "./introspect/table-sql.js";
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
  return (await readSqliteSchema(conn, scope)).model;
}

/** What a table's stored CREATE statement says that no {@link TableModel} holds. */
export interface StoredTableFacts {
  /** `WITHOUT ROWID`, `STRICT`: a rebuild writes them back. */
  readonly options: readonly string[];
  /** Clauses a rebuild from the model would drop (`ON CONFLICT …`): a rebuild refuses. */
  readonly unkept: readonly string[];
}

/**
 * {@link introspectSqlite}'s model with, per table, what its stored statement says beyond it
 * (the rebuild's render context needs both; the statement is read once).
 */
export async function readSqliteSchema(
  conn: Connection,
  scope: IntrospectScope = {},
): Promise<{ model: SchemaModel; stored: ReadonlyMap<string, StoredTableFacts> }> {
  const excluded = new Set([SQLITE_LOCK_TABLE, ...(scope.exclude ?? [])]);
  // athanor's own tables are never part of the schema (the default name when none is given, as
  // the PostgreSQL and MySQL introspectors do)
  const versionTable = scope.versionTable ?? "athanor_version";
  for (const name of versionTableCompanionNames(versionTable)) excluded.add(name);
  const objects = (await readCatalogue(conn)).filter((o) => !excluded.has(o.tbl_name));
  const indexSql = new Map(objects.filter((o) => o.type === "index").map((o) => [o.name, o.sql]));
  const stored = new Map<string, StoredTableFacts>();
  const tables: TableModel[] = objects
    .filter((o) => o.type === "table")
    .map((o) => {
      const { columns, fks, indexList, keysOf } = catalogueRowsOf(o);
      const facts = readTableSql(o.sql ?? "");
      if (facts.options.length > 0 || facts.unkept.length > 0)
        stored.set(o.name, { options: facts.options, unkept: facts.unkept });
      return readTable(o, facts, columns, fks, readIndexes(indexList, keysOf, indexSql));
    });
  const views: ViewModel[] = objects
    .filter((o) => o.type === "view")
    .map((o) => readView(o.name, o.sql ?? ""));
  const model: SchemaModel = {
    schemas: [SCHEMA],
    tables,
    enums: [],
    sequences: [],
    ...(views.length === 0 ? {} : { views }),
  };
  return { model, stored };
}

const PRIMARY_KEY = /^primary\s+key/i;
const UNIQUE = /^unique/i;
const CHECK = /^check/i;
const FOREIGN_KEY = /^foreign\s+key/i;
const KINDS = [PRIMARY_KEY, UNIQUE, CHECK, FOREIGN_KEY];

function readTable(
  object: ObjectRow,
  facts: TableSqlFacts,
  columnRows: readonly ColumnRow[],
  fkRows: readonly ForeignKeyRow[],
  indexes: { readonly uniques: readonly { name: string; columns: string[] }[]; readonly plain: IndexModel[] },
): TableModel {
  // each table-level constraint sorted by kind once (not once per key looked up)
  const byKind = new Map<RegExp, TableSqlFacts["constraints"][number][]>(KINDS.map((k) => [k, []]));
  for (const c of facts.constraints) byKind.get(KINDS.find((k) => k.test(c.body)) as RegExp)?.push(c);
  const named = (kind: RegExp) => byKind.get(kind) ?? [];
  const sameColumns = (a: readonly string[], b: readonly string[]) => a.join("\u0000") === b.join("\u0000");
  const columnFacts = (name: string | undefined) =>
    name === undefined ? undefined : facts.columns.get(name);

  const pkColumns = columnRows
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
  const pkClause = named(PRIMARY_KEY)[0];
  const pkColumnName = pkColumns.length === 1 ? (columnFacts(pkColumns[0])?.primaryKey?.name ?? null) : null;

  const uniques: UniqueModel[] = indexes.uniques.map((u) => {
    const clause = named(UNIQUE).find((c) => sameColumns(constraintColumns(c.tokens), u.columns));
    // `col text CONSTRAINT name UNIQUE`: the name is in the column's own clause
    const onColumn =
      u.columns.length === 1 ? columnFacts(u.columns[0])?.uniques.find((x) => x.name !== null) : undefined;
    return {
      name: clause?.name ?? onColumn?.name ?? u.name,
      columns: u.columns,
      nullsNotDistinct: false,
      deferrable: false,
      initiallyDeferred: false,
    };
  });

  const checks: CheckModel[] = named(CHECK).map((c, i) => ({
    name: c.name ?? `${object.name}_check${i + 1}`,
    expression: checkExpression(c.body, object.name),
    validated: true,
  }));
  // A CHECK written on a column is enforced as a table's; unnamed, it is named as PostgreSQL names one.
  for (const column of columnRows) {
    // PostgreSQL's names: <table>_<column>_check, then …_check1, …_check2
    let unnamed = 0;
    for (const c of columnFacts(column.name)?.checks ?? []) {
      const name = c.name ?? `${object.name}_${column.name}_check${unnamed === 0 ? "" : unnamed}`;
      if (c.name === null) unnamed++;
      checks.push({
        name,
        expression: canonicalSqliteExpression(withoutOwnTable(c.expression, object.name)),
        validated: true,
      });
    }
  }
  checks.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const foreignKeys: ForeignKeyModel[] = [...groupBy(fkRows, (f) => f.id).values()].map((rows) => {
    const first = rows[0] as ForeignKeyRow;
    const cols = rows.map((r) => r.from);
    const clause = named(FOREIGN_KEY).find((c) => sameColumns(constraintColumns(c.tokens), cols));
    // `col int CONSTRAINT name REFERENCES p (id)`: name and deferral are in the column's clause
    const onColumn =
      clause === undefined && cols.length === 1 ? columnFacts(cols[0])?.references[0] : undefined;
    return {
      name: clause?.name ?? onColumn?.name ?? `${object.name}_${cols.join("_")}_fkey`,
      columns: cols,
      referencedSchema: SCHEMA,
      referencedTable: first.table,
      // A reference without columns means the parent's primary key; SQLite reports null then.
      referencedColumns: rows.map((r) => r.to ?? ""),
      onUpdate: action(first.on_update),
      onDelete: action(first.on_delete),
      match: "simple",
      ...(clause === undefined
        ? {
            deferrable: onColumn?.deferrable ?? false,
            initiallyDeferred: onColumn?.initiallyDeferred ?? false,
          }
        : deferralOf(clause.tokens)),
      validated: true,
    };
  });

  return {
    schema: SCHEMA,
    name: object.name,
    columns: columnRows.map((c) => {
      const written = columnFacts(c.name);
      const generation = c.hidden === 2 || c.hidden === 3 ? (written?.generated ?? null) : null;
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
          c.pk > 0 && written?.primaryKey?.autoincrement ? { generation: "byDefault", sequence: null } : null,
        generated,
        comment: null,
        collation: written?.collation ?? null,
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
