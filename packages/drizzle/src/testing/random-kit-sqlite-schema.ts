// Random sqlite-core schemas in the shapes drizzle-kit writes for SQLite, for the proof that a
// table stored in drizzle-kit's spelling reads back as the model (canonicalize-sqlite-kit-reuse.test.ts):
// integer, AUTOINCREMENT, text, composite or no primary keys; literal, SQL and JSON defaults
// (among them `'a' COLLATE nocase`, which read bare is a collation); unique columns; generated
// columns; plain, partial, expression, collated, descending-expression and unique indexes; named checks in
// any name order; up to two foreign keys to earlier tables, two of them over the same column.
import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  primaryKey,
  real,
  type SQLiteColumnBuilderBase,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import fc from "fast-check";

type Key = "integer" | "autoincrement" | "text" | "composite" | "none";
type Default =
  | "none"
  | "string"
  | "quoted"
  | "negative"
  | "real"
  | "boolean"
  | "json"
  | "now"
  | "epoch"
  | "collated"
  | "sum";
type IndexKind = "none" | "plain" | "partial" | "expression" | "collated" | "descending" | "unique";
type Action = "cascade" | "set null" | "restrict" | "no action" | "set default";

interface KitColumnSpec {
  readonly kind: "integer" | "text" | "real";
  readonly notNull: boolean;
  readonly default: Default;
  readonly unique: boolean;
}
interface KitTableSpec {
  readonly key: Key;
  readonly columns: readonly KitColumnSpec[];
  readonly generated: "none" | "virtual" | "stored";
  readonly index: IndexKind;
  readonly checks: readonly ("zeta" | "alpha" | "mid")[];
  /** Earlier tables referenced by `parent_id` (two entries: two keys over one column). */
  readonly references: readonly {
    readonly to: number;
    readonly onDelete: Action;
    readonly onUpdate: Action;
  }[];
}
export type KitSchemaSpec = readonly KitTableSpec[];

const action = fc.constantFrom<Action>("cascade", "set null", "restrict", "no action", "set default");
const kitTable: fc.Arbitrary<KitTableSpec> = fc.record({
  key: fc.constantFrom<Key>("integer", "autoincrement", "text", "composite", "none"),
  columns: fc.array(
    fc.record({
      kind: fc.constantFrom("integer", "text", "real"),
      notNull: fc.boolean(),
      default: fc.constantFrom<Default>(
        "none",
        "string",
        "quoted",
        "negative",
        "real",
        "boolean",
        "json",
        "now",
        "epoch",
        "collated",
        "sum",
      ),
      unique: fc.boolean(),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  generated: fc.constantFrom("none", "virtual", "stored"),
  index: fc.constantFrom<IndexKind>(
    "none",
    "plain",
    "partial",
    "expression",
    "collated",
    "descending",
    "unique",
  ),
  checks: fc.uniqueArray(fc.constantFrom("zeta", "alpha", "mid"), { maxLength: 2 }),
  references: fc.array(fc.record({ to: fc.nat(), onDelete: action, onUpdate: action }), { maxLength: 2 }),
});

/** One to four tables. */
export const kitSchemaSpec: fc.Arbitrary<KitSchemaSpec> = fc.array(kitTable, { minLength: 1, maxLength: 4 });

// biome-ignore lint/suspicious/noExplicitAny: each builder kind has its own default type
function withDefault(b: any, spec: KitColumnSpec): any {
  const literal = spec.kind === "text" ? "it's" : spec.kind === "real" ? 2.5 : 7;
  switch (spec.default) {
    case "none":
      return b;
    case "string":
      return b.default(literal);
    case "quoted":
      return b.default(sql`'a'`);
    case "negative":
      return b.default(spec.kind === "text" ? "-1" : -3);
    case "real":
      return b.default(1.5);
    case "boolean":
      return b.default(sql`true`);
    case "json":
      return b.default(spec.kind === "text" ? { a: [1, "x"] } : 0);
    case "now":
      return b.default(sql`CURRENT_TIMESTAMP`);
    case "epoch":
      return b.default(sql`(unixepoch())`);
    case "collated":
      return b.default(sql`'a' COLLATE nocase`);
    case "sum":
      return b.default(sql`(1 + 2)`);
  }
}

function column(name: string, spec: KitColumnSpec): SQLiteColumnBuilderBase {
  const base =
    spec.kind === "integer"
      ? integer(name)
      : spec.kind === "real"
        ? real(name)
        : spec.default === "json"
          ? text(name, { mode: "json" })
          : text(name);
  // biome-ignore lint/suspicious/noExplicitAny: the builders' chained types differ per kind
  let b = withDefault(base, spec) as any;
  if (spec.notNull) b = b.notNull();
  if (spec.unique) b = b.unique();
  return b as SQLiteColumnBuilderBase;
}

function idColumn(key: Key): SQLiteColumnBuilderBase {
  if (key === "integer") return integer("id").primaryKey();
  if (key === "autoincrement") return integer("id").primaryKey({ autoIncrement: true });
  if (key === "text") return text("id").primaryKey();
  return integer("id");
}

/** The drizzle module (`{ t0, t1, … }`) a spec describes. */
export function kitSqliteSchemaOf(spec: KitSchemaSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const tables: ReturnType<typeof sqliteTable>[] = [];
  spec.forEach((table, i) => {
    const columns: Record<string, SQLiteColumnBuilderBase> = { id: idColumn(table.key) };
    table.columns.forEach((c, j) => {
      columns[`c${j}`] = column(`c${j}`, c);
    });
    if (table.generated !== "none") {
      columns.g = integer("g").generatedAlwaysAs(sql`"id" * 2`, { mode: table.generated });
    }
    const targets = i === 0 ? [] : table.references.map((r) => ({ ...r, to: r.to % i }));
    if (targets.length > 0) {
      // biome-ignore lint/suspicious/noExplicitAny: the reference targets are built above
      let b: any = integer("parent_id");
      for (const r of targets) {
        const parent = tables[r.to] as unknown as { id: never };
        b = b.references(() => parent.id, { onDelete: r.onDelete, onUpdate: r.onUpdate });
      }
      columns.parent_id = b;
    }
    const t = sqliteTable(`t${i}`, columns, (cols) => {
      // biome-ignore lint/suspicious/noExplicitAny: columns by name
      const c = cols as any;
      const extra: unknown[] = [];
      if (table.key === "composite") extra.push(primaryKey({ columns: [c.id, c.c0] }));
      const name = `t${i}_ix`;
      if (table.index === "plain") extra.push(index(name).on(c.c0));
      if (table.index === "partial") extra.push(index(name).on(c.c0).where(sql`${c.c0} IS NOT NULL`));
      if (table.index === "expression") extra.push(index(name).on(sql`lower(${c.c0})`, c.id));
      if (table.index === "collated") extra.push(index(name).on(sql`${c.c0} collate nocase`));
      // read bare (drizzle-kit) a descending key, in athanor's parentheses an error
      if (table.index === "descending") extra.push(index(name).on(sql`${c.c0} desc`));
      if (table.index === "unique") extra.push(uniqueIndex(name).on(c.id, c.c0));
      for (const k of table.checks) extra.push(check(`t${i}_${k}`, sql`${c.id} <> 0 and ${c.c0} is not 'x'`));
      return extra as never;
    });
    tables.push(t);
    out[`t${i}`] = t;
  });
  return out;
}
