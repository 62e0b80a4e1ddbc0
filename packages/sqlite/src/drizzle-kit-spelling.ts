import type { ColumnModel, IndexModel, StoredSpelling, TableModel } from "@athanor/core";
import { matchingClose } from "./introspect/canonical-sql.js";
import { skipQuoted } from "./introspect/split-sql.js";

/**
 * drizzle-kit 0.31's spelling of a table's CREATE statements (its `SQLiteCreateTableConvertor`
 * and `CreateSqliteIndexConvertor`, as SQLite stores them: no `;`), for the parts of a model it
 * can write. A table whose stored texts are exactly this spelling of a desired table holds
 * what athanor's rendering of it would hold: the texts differ only where SQLite reads them the
 * same (the key inline, `DEFAULT 'x'` for `DEFAULT ('x')`, checks and partial indexes
 * qualified by the table's own name, which the introspector takes off) and in the names of the
 * primary and foreign keys, which drizzle-kit does not write ({@link drizzleKitSpelling} puts the
 * model's back). `undefined` for anything it does not write or that could read differently: a
 * default that is not a literal or in parentheses (`'a' COLLATE nocase` would become the
 * column's collation), a collation, a UNIQUE constraint, a deferrable or MATCH foreign key, two
 * foreign keys over the same columns, an expression key that is not one function call, a name
 * with a backtick or a check name with a double quote.
 *
 * @example
 * ```ts
 * drizzleKitTexts(users)?.[0]; // "CREATE TABLE `users` (\n\t`id` integer PRIMARY KEY NOT NULL,\n…\n)"
 * ```
 */
export function drizzleKitTexts(table: TableModel): string[] | undefined {
  if (table.schema !== "main" || table.comment !== null || table.uniques.length > 0) return undefined;
  if (table.rowLevelSecurity !== undefined || (table.policies ?? []).length > 0) return undefined;
  const pk = table.primaryKey?.columns ?? [];
  if (!table.columns.every((c) => plainName(c.name)) || !plainName(table.name)) return undefined;
  const columns = table.columns.map((c) => kitColumn(c, pk.length === 1 && pk[0] === c.name));
  if (columns.includes(undefined)) return undefined;
  const clauses: string[] = [];
  if (pk.length > 1) clauses.push(`PRIMARY KEY(${pk.map(tick).join(", ")})`);
  const fkColumns = new Set<string>();
  for (const fk of table.foreignKeys) {
    const key = fk.columns.join("\u0000");
    if (fkColumns.has(key) || fk.match !== "simple" || fk.deferrable || fk.initiallyDeferred)
      return undefined;
    if (!fk.validated || fk.referencedSchema !== "main") return undefined;
    if (![fk.referencedTable, ...fk.columns, ...fk.referencedColumns].every(plainName)) return undefined;
    fkColumns.add(key);
    clauses.push(
      `FOREIGN KEY (${fk.columns.map(tick).join(",")}) REFERENCES ${tick(fk.referencedTable)}(${fk.referencedColumns.map(tick).join(",")}) ON UPDATE ${fk.onUpdate} ON DELETE ${fk.onDelete}`,
    );
  }
  const names = new Set(table.columns.map((c) => c.name));
  for (const check of table.checks) {
    const value = qualified(check.expression, table.name, names);
    if (value === undefined || !check.validated || check.name.includes('"')) return undefined;
    clauses.push(`CONSTRAINT "${check.name}" CHECK(${value})`);
  }
  const indexes: string[] = [];
  for (const index of table.indexes) {
    const text = kitIndex(index, table.name, names);
    if (text === undefined) return undefined;
    indexes.push(text);
  }
  const body = [columns.join(",\n"), ...clauses].join(",\n\t");
  return [`CREATE TABLE ${tick(table.name)} (\n${body}\n)`, ...indexes.sort()];
}

/** drizzle-kit's texts as stored, told apart from athanor's (one line, double quotes) by its layout. */
const KIT_TABLE = /^CREATE TABLE (`[^`]*`|"(?:[^"]|"")*") \(\n\t`/;

/**
 * The {@link StoredSpelling} of drizzle-kit: stored texts it claims are compared with
 * {@link drizzleKitTexts}; the table name may also be the double-quoted one SQLite writes when a
 * table is renamed (drizzle-kit's rebuild creates `__new_t` and renames it to `t`). When equal,
 * the live table with the model's primary and foreign key names is what a build reads back.
 *
 * @example
 * ```ts
 * drizzleKitSpelling.readBack(desired, stored, live); // live, the model's key names, or undefined
 * ```
 */
export const drizzleKitSpelling: StoredSpelling = {
  claims: (stored) => KIT_TABLE.test(stored[0] ?? ""),
  readBack(table, stored, live) {
    const texts = drizzleKitTexts(table);
    if (texts === undefined || texts.length !== stored.length) return undefined;
    const [kitTable, ...kitIndexes] = texts as [string, ...string[]];
    const storedTable = stored[0] as string;
    const renamed = `CREATE TABLE "${table.name.replaceAll('"', '""')}"${kitTable.slice(kitTable.indexOf(" ("))}`;
    if (storedTable !== kitTable && storedTable !== renamed) return undefined;
    if (!kitIndexes.every((text, i) => text === stored[i + 1])) return undefined;
    return withModelKeyNames(live, table);
  },
};

/**
 * `live` with the primary and foreign key names of `table`: drizzle-kit writes neither, so the
 * introspector made them up, where athanor's rendering names them. Foreign keys pair by their
 * columns (distinct, see {@link drizzleKitTexts}).
 */
function withModelKeyNames(live: TableModel, table: TableModel): TableModel {
  const names = new Map(table.foreignKeys.map((f) => [f.columns.join("\u0000"), f.name]));
  const pk = live.primaryKey;
  const pkName = table.primaryKey?.name;
  return {
    ...live,
    primaryKey: pk === null || pkName === undefined ? pk : { ...pk, name: pkName },
    foreignKeys: live.foreignKeys.map((f) => ({ ...f, name: names.get(f.columns.join("\u0000")) ?? f.name })),
  };
}

/** drizzle-kit quotes every name in backticks and escapes nothing. */
function tick(name: string): string {
  return `\`${name}\``;
}

function plainName(name: string): boolean {
  return !name.includes("`") && !name.includes("\u0000");
}

/** A declared type of one word, maybe with a size: nothing in it can read as a column clause. */
const PLAIN_TYPE = /^[a-z][a-z0-9_]*(\(\d+(, ?\d+)?\))?$/i;
const CLAUSE_WORDS = /^(primary|not|null|default|constraint|generated|as|references|unique|check|collate)$/i;

/**
 * A default SQLite reads the same bare (`DEFAULT 'x'`) as athanor writes it, in parentheses: a
 * string, a signed number, a blob, a keyword literal, or one parenthesised expression.
 */
const LITERAL_DEFAULT =
  /^('(?:[^']|'')*'|[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[xX]'[0-9a-fA-F]*'|null|true|false|current_time|current_date|current_timestamp)$/i;

/** `\t`name` type PRIMARY KEY AUTOINCREMENT DEFAULT … GENERATED ALWAYS AS (…) STORED NOT NULL`. */
function kitColumn(c: ColumnModel, soleKey: boolean): string | undefined {
  if (c.comment !== null || c.collation !== null || c.onUpdate !== null) return undefined;
  const typeWord = /^[a-z0-9_]+/i.exec(c.type)?.[0] ?? "";
  if (!PLAIN_TYPE.test(c.type) || CLAUSE_WORDS.test(typeWord)) return undefined;
  if (
    c.identity !== null &&
    (!soleKey || c.identity.sequence !== null || c.identity.generation !== "byDefault")
  )
    return undefined;
  if (c.default !== null && !LITERAL_DEFAULT.test(c.default) && !oneParenthesised(c.default))
    return undefined;
  if (c.generated !== null && hasComment(c.generated.expression)) return undefined;
  let text = `\t${tick(c.name)} ${c.type}`;
  if (soleKey) text += " PRIMARY KEY";
  if (c.identity !== null) text += " AUTOINCREMENT";
  if (c.default !== null) text += ` DEFAULT ${c.default}`;
  if (c.generated !== null)
    text += ` GENERATED ALWAYS AS (${c.generated.expression}) ${c.generated.storage.toUpperCase()}`;
  if (!c.nullable) text += " NOT NULL";
  return text;
}

/** `CREATE [UNIQUE] INDEX `name` ON `table` (`a`,lower("b")) WHERE "table"."a" > 0`. */
function kitIndex(index: IndexModel, table: string, columns: ReadonlySet<string>): string | undefined {
  if (index.method !== "btree" || index.include.length > 0 || index.nullsNotDistinct) return undefined;
  if (index.with.length > 0 || !index.valid || !plainName(index.name)) return undefined;
  const keys: string[] = [];
  for (const key of index.keys) {
    if (key.order !== "asc" || key.nulls !== "first" || key.opclass !== null) return undefined;
    if (key.kind === "column") {
      if (!plainName(key.column)) return undefined;
      keys.push(tick(key.column));
    } else {
      // written bare: only a function call reads as the one expression athanor parenthesises
      if (
        !/^[a-z_][a-z0-9_]*\(/i.test(key.expression) ||
        !oneParenthesised(key.expression.slice(key.expression.indexOf("(")))
      )
        return undefined;
      keys.push(key.expression);
    }
  }
  const where = index.where === null ? "" : qualified(index.where, table, columns);
  if (where === undefined) return undefined;
  return `CREATE ${index.unique ? "UNIQUE INDEX" : "INDEX"} ${tick(index.name)} ON ${tick(table)} (${keys.join(",")})${where === "" ? "" : ` WHERE ${where}`}`;
}

/**
 * `expression` with each double-quoted column of the table qualified by the table's name, as
 * drizzle writes a check or an index predicate (`"t"."a" > 0`); the introspector takes the
 * qualification off again. Not for a table name with a double quote or text with a comment.
 */
function qualified(expression: string, table: string, columns: ReadonlySet<string>): string | undefined {
  if (table.includes('"') || hasComment(expression)) return undefined;
  let out = "";
  for (let i = 0; i < expression.length; i++) {
    const ch = expression[i] as string;
    if (ch !== "'" && ch !== '"' && ch !== "`" && ch !== "[") {
      out += ch;
      continue;
    }
    const end = skipQuoted(expression, i);
    const token = expression.slice(i, end + 1);
    const after = expression[end + 1];
    const own =
      ch === '"' &&
      expression[i - 1] !== "." &&
      after !== "." &&
      after !== "(" &&
      columns.has(token.slice(1, -1).replaceAll('""', '"'));
    out += own ? `"${table}".${token}` : token;
    i = end;
  }
  return out;
}

function hasComment(text: string): boolean {
  return text.includes("--") || text.includes("/*");
}

/** Whether `text` is `( … )` with the first parenthesis closing at the very end. */
function oneParenthesised(text: string): boolean {
  return text.startsWith("(") && !hasComment(text) && matchingClose(text) === text.length - 1;
}
