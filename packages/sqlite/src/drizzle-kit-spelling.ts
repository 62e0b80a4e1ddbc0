import type { ColumnModel, ForeignKeyModel, IndexModel, StoredSpelling, TableModel } from "@athanor/core";
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
 * column's collation), a collation, a UNIQUE constraint, a deferrable or MATCH foreign key, an
 * expression key that is not one function call, a name with a backtick or a check name with a
 * double quote.
 *
 * @example
 * ```ts
 * drizzleKitTexts(users)?.[0]; // "CREATE TABLE `users` (\n\t`id` integer PRIMARY KEY NOT NULL,\n…\n)"
 * ```
 */
export function drizzleKitTexts(table: TableModel): string[] | undefined {
  const out = new TextBuilder();
  if (!spellTable(table, tick(table.name), out)) return undefined;
  const indexes = indexTexts(table);
  return indexes === undefined ? undefined : [out.text, ...indexes];
}

/**
 * Where the spelling goes, a piece at a time: a {@link TextBuilder} joins them, a
 * {@link TextMatcher} compares them with a stored text as they come (no text is built).
 * `put` returns false to stop: the stored text differs.
 */
interface TextSink {
  put(piece: string): boolean;
}

class TextBuilder implements TextSink {
  text = "";
  put(piece: string): boolean {
    this.text += piece;
    return true;
  }
}

class TextMatcher implements TextSink {
  private at = 0;
  constructor(private readonly target: string) {}
  put(piece: string): boolean {
    if (!this.target.startsWith(piece, this.at)) return false;
    this.at += piece.length;
    return true;
  }
  /** Whether the whole stored text was matched. */
  get complete(): boolean {
    return this.at === this.target.length;
  }
}

/** The CREATE TABLE text into `out`, the table's name written as `quotedName`; false: declined or differs. */
function spellTable(table: TableModel, quotedName: string, out: TextSink): boolean {
  if (table.schema !== "main" || table.comment !== null || table.uniques.length > 0) return false;
  if (table.rowLevelSecurity !== undefined || (table.policies ?? []).length > 0) return false;
  if (!plainName(table.name) || !out.put("CREATE TABLE ") || !out.put(quotedName) || !out.put(" (\n"))
    return false;
  const pk = table.primaryKey?.columns ?? [];
  const soleKey = pk.length === 1 ? pk[0] : undefined;
  for (let i = 0; i < table.columns.length; i++) {
    const c = table.columns[i] as ColumnModel;
    if ((i > 0 && !out.put(",\n")) || !spellColumn(c, c.name === soleKey, out)) return false;
  }
  if (pk.length > 1) {
    if (!pk.every(plainName) || !out.put(",\n\tPRIMARY KEY(") || !putNames(pk, ", ", out) || !out.put(")"))
      return false;
  }
  for (let i = 0; i < table.foreignKeys.length; i++) {
    const fk = table.foreignKeys[i] as ForeignKeyModel;
    if (fk.match !== "simple" || fk.deferrable || fk.initiallyDeferred || !fk.validated) return false;
    if (fk.referencedSchema !== "main" || !plainName(fk.referencedTable)) return false;
    if (!fk.columns.every(plainName) || !fk.referencedColumns.every(plainName)) return false;
    const ok =
      out.put(",\n\tFOREIGN KEY (") &&
      putNames(fk.columns, ",", out) &&
      out.put(") REFERENCES `") &&
      out.put(fk.referencedTable) &&
      out.put("`(") &&
      putNames(fk.referencedColumns, ",", out) &&
      out.put(") ON UPDATE ") &&
      out.put(fk.onUpdate) &&
      out.put(" ON DELETE ") &&
      out.put(fk.onDelete);
    if (!ok) return false;
  }
  for (const check of table.checks) {
    if (!check.validated || check.name.includes('"')) return false;
    const ok =
      out.put(',\n\tCONSTRAINT "') &&
      out.put(check.name) &&
      out.put('" CHECK(') &&
      putQualified(check.expression, table, out) &&
      out.put(")");
    if (!ok) return false;
  }
  return out.put("\n)");
}

/** The CREATE INDEX texts, sorted as `readStoredTableTexts` lists them; undefined: declined. */
function indexTexts(table: TableModel): string[] | undefined {
  const texts: string[] = [];
  for (const index of table.indexes) {
    const out = new TextBuilder();
    if (!spellIndex(index, table, out)) return undefined;
    texts.push(out.text);
  }
  return texts.length > 1 ? texts.sort() : texts;
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
    const first = stored[0] as string;
    // `CREATE TABLE "t" (`: renamed by SQLite, which quotes the new name so
    const quoted = first.charCodeAt(13) === 34 ? `"${table.name.replaceAll('"', '""')}"` : tick(table.name);
    const matcher = new TextMatcher(first);
    if (!spellTable(table, quoted, matcher) || !matcher.complete) return undefined;
    if (stored.length !== table.indexes.length + 1) return undefined;
    const indexes = indexTexts(table);
    if (indexes === undefined || !indexes.every((text, i) => text === stored[i + 1])) return undefined;
    return withModelKeyNames(live, table);
  },
};

/**
 * `live` with the primary and foreign key names of `table`: drizzle-kit writes neither, so the
 * introspector made them up, where athanor's rendering names them. A foreign key takes the name
 * of the model's first key over its columns, as the introspector names it from the first clause
 * over them in athanor's text (which writes the keys in the model's order).
 */
function withModelKeyNames(live: TableModel, table: TableModel): TableModel {
  const fkName = (columns: readonly string[]) =>
    table.foreignKeys.find((f) => sameNames(f.columns, columns))?.name;
  const pk = live.primaryKey;
  const pkName = table.primaryKey?.name;
  return {
    ...live,
    primaryKey: pk === null || pkName === undefined ? pk : { ...pk, name: pkName },
    foreignKeys: live.foreignKeys.map((f) => ({ ...f, name: fkName(f.columns) ?? f.name })),
  };
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

/** drizzle-kit quotes every name in backticks and escapes nothing. */
function tick(name: string): string {
  return `\`${name}\``;
}

/** `names` in backticks, joined by `separator`. */
function putNames(names: readonly string[], separator: string, out: TextSink): boolean {
  for (let i = 0; i < names.length; i++) {
    if ((i > 0 && !out.put(separator)) || !out.put("`") || !out.put(names[i] as string) || !out.put("`"))
      return false;
  }
  return true;
}

function plainName(name: string): boolean {
  return !name.includes("`") && !name.includes("\u0000");
}

/** A declared type of one word, maybe with a size: nothing in it can read as a column clause. */
const PLAIN_TYPE = /^[a-z][a-z0-9_]*(\(\d+(, ?\d+)?\))?$/i;
const CLAUSE_WORDS = /^(primary|not|null|default|constraint|generated|as|references|unique|check|collate)$/i;
/** The types sqlite-core declares, known plain without a regex. */
const COMMON_TYPES: ReadonlySet<string> = new Set(["integer", "text", "real", "numeric", "blob"]);

/**
 * A default SQLite reads the same bare (`DEFAULT 'x'`) as athanor writes it, in parentheses: a
 * string, a signed number, a blob, a keyword literal, or one parenthesised expression.
 */
const LITERAL_DEFAULT =
  /^('(?:[^']|'')*'|[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[xX]'[0-9a-fA-F]*'|null|true|false|current_time|current_date|current_timestamp)$/i;

/** `\t`name` type PRIMARY KEY AUTOINCREMENT DEFAULT … GENERATED ALWAYS AS (…) STORED NOT NULL`. */
function spellColumn(c: ColumnModel, soleKey: boolean, out: TextSink): boolean {
  if (c.comment !== null || c.collation !== null || c.onUpdate !== null || !plainName(c.name)) return false;
  if (!COMMON_TYPES.has(c.type)) {
    const typeWord = /^[a-z0-9_]+/i.exec(c.type)?.[0] ?? "";
    if (!PLAIN_TYPE.test(c.type) || CLAUSE_WORDS.test(typeWord)) return false;
  }
  if (
    c.identity !== null &&
    (!soleKey || c.identity.sequence !== null || c.identity.generation !== "byDefault")
  )
    return false;
  if (c.default !== null && !LITERAL_DEFAULT.test(c.default) && !oneParenthesised(c.default)) return false;
  if (c.generated !== null && hasComment(c.generated.expression)) return false;
  if (!out.put("\t`") || !out.put(c.name) || !out.put("` ") || !out.put(c.type)) return false;
  if (soleKey && !out.put(" PRIMARY KEY")) return false;
  if (c.identity !== null && !out.put(" AUTOINCREMENT")) return false;
  if (c.default !== null && (!out.put(" DEFAULT ") || !out.put(c.default))) return false;
  if (c.generated !== null) {
    const ok =
      out.put(" GENERATED ALWAYS AS (") &&
      out.put(c.generated.expression) &&
      out.put(c.generated.storage === "stored" ? ") STORED" : ") VIRTUAL");
    if (!ok) return false;
  }
  return c.nullable || out.put(" NOT NULL");
}

/** `CREATE [UNIQUE] INDEX `name` ON `table` (`a`,lower("b")) WHERE "table"."a" > 0`. */
function spellIndex(index: IndexModel, table: TableModel, out: TextSink): boolean {
  if (index.method !== "btree" || index.include.length > 0 || index.nullsNotDistinct) return false;
  if (index.with.length > 0 || !index.valid || !plainName(index.name)) return false;
  out.put(index.unique ? "CREATE UNIQUE INDEX `" : "CREATE INDEX `");
  if (!out.put(index.name) || !out.put("` ON `") || !out.put(table.name) || !out.put("` (")) return false;
  for (let i = 0; i < index.keys.length; i++) {
    const key = index.keys[i] as IndexModel["keys"][number];
    if (key.order !== "asc" || key.nulls !== "first" || key.opclass !== null) return false;
    if (i > 0 && !out.put(",")) return false;
    if (key.kind === "column") {
      if (!plainName(key.column) || !out.put("`") || !out.put(key.column) || !out.put("`")) return false;
    } else {
      // written bare: only a function call reads as the one expression athanor parenthesises
      const call = key.expression;
      if (!/^[a-z_][a-z0-9_]*\(/i.test(call) || !oneParenthesised(call.slice(call.indexOf("("))))
        return false;
      if (!out.put(call)) return false;
    }
  }
  if (!out.put(")")) return false;
  return index.where === null || (out.put(" WHERE ") && putQualified(index.where, table, out));
}

/**
 * `expression` with each double-quoted column of the table qualified by the table's name, as
 * drizzle writes a check or an index predicate (`"t"."a" > 0`); the introspector takes the
 * qualification off again. Not for a table name with a double quote or text with a comment.
 */
function putQualified(expression: string, table: TableModel, out: TextSink): boolean {
  if (table.name.includes('"') || hasComment(expression)) return false;
  let from = 0;
  for (let i = 0; i < expression.length; i++) {
    const ch = expression.charCodeAt(i);
    // ' " ` [
    if (ch !== 39 && ch !== 34 && ch !== 96 && ch !== 91) continue;
    const end = skipQuoted(expression, i);
    const after = expression[end + 1];
    const own =
      ch === 34 &&
      expression[i - 1] !== "." &&
      after !== "." &&
      after !== "(" &&
      table.columns.some((c) => c.name === expression.slice(i + 1, end).replaceAll('""', '"'));
    if (own && (!out.put(expression.slice(from, i)) || !out.put(`"${table.name}".`))) return false;
    if (own) from = i;
    i = end;
  }
  return out.put(expression.slice(from));
}

function hasComment(text: string): boolean {
  return text.includes("--") || text.includes("/*");
}

/** Whether `text` is `( … )` with the first parenthesis closing at the very end. */
function oneParenthesised(text: string): boolean {
  return text.startsWith("(") && !hasComment(text) && matchingClose(text) === text.length - 1;
}
