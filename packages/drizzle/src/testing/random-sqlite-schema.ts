// Random sqlite-core schemas for the round-trip property (diff/roundtrip-sqlite.test.ts): up to
// three tables with an integer primary key (some AUTOINCREMENT), columns of every storage class
// with nullability, literal defaults and unique flags, an index (some partial), a check, and a
// foreign key from the later tables to the first with a chosen ON DELETE action; and up to two
// views: one over a present table (a column of it when there is one, some filtered), one over
// the first view. A table and its columns are spelled in capitals now and then (`T1`, `A`): the
// same names to SQLite, so a change between A and B may only respell them.
import { sql } from "drizzle-orm";
import {
  blob,
  check,
  index,
  integer,
  numeric,
  real,
  type SQLiteColumnBuilderBase,
  sqliteTable,
  sqliteView,
  text,
} from "drizzle-orm/sqlite-core";
import fc from "fast-check";

type Kind = "integer" | "text" | "text20" | "real" | "numeric" | "blob" | "boolean";
interface ColumnSpec {
  readonly kind: Kind;
  readonly notNull: boolean;
  readonly withDefault: boolean;
  readonly unique: boolean;
}
interface TableSpec {
  readonly autoIncrement: boolean;
  readonly columns: readonly (ColumnSpec | null)[];
  readonly indexed: "none" | "plain" | "partial";
  readonly checked: boolean;
  readonly onDelete: "cascade" | "set null" | "restrict" | "no action" | null;
  /** Its name and its columns' names in capitals (`T1`, `A`): the same names to SQLite. */
  readonly upper: boolean;
}
interface ViewSpec {
  /** Index of the table it reads (left out when that table is absent). */
  readonly over: number;
  readonly filtered: boolean;
  /** A second view reading this one. */
  readonly stacked: boolean;
}
export interface SchemaSpec {
  readonly tables: readonly (TableSpec | null)[];
  readonly view: ViewSpec | null;
}

const DEFAULTS: Record<Kind, unknown> = {
  integer: 7,
  text: "it's",
  text20: "x",
  real: 1.5,
  numeric: "2.50",
  blob: Buffer.from([1, 2]),
  boolean: true,
};
const NAMES = ["a", "b", "c", "d"] as const;

function column(name: string, spec: ColumnSpec): SQLiteColumnBuilderBase {
  const base =
    spec.kind === "integer"
      ? integer(name)
      : spec.kind === "boolean"
        ? integer(name, { mode: "boolean" })
        : spec.kind === "text"
          ? text(name)
          : spec.kind === "text20"
            ? text(name, { length: 20 })
            : spec.kind === "real"
              ? real(name)
              : spec.kind === "numeric"
                ? numeric(name)
                : blob(name, { mode: "buffer" });
  // biome-ignore lint/suspicious/noExplicitAny: each builder kind has its own default type
  let b = base as any;
  if (spec.notNull) b = b.notNull();
  if (spec.withDefault) b = b.default(DEFAULTS[spec.kind]);
  if (spec.unique) b = b.unique();
  return b as SQLiteColumnBuilderBase;
}

const columnSpec: fc.Arbitrary<ColumnSpec> = fc.record({
  kind: fc.constantFrom<Kind>("integer", "text", "text20", "real", "numeric", "blob", "boolean"),
  notNull: fc.boolean(),
  withDefault: fc.boolean(),
  unique: fc.boolean(),
});

const tableSpec: fc.Arbitrary<TableSpec> = fc.record({
  autoIncrement: fc.boolean(),
  columns: fc.array(fc.option(columnSpec, { nil: null }), { minLength: 4, maxLength: 4 }),
  indexed: fc.constantFrom("none", "plain", "partial"),
  checked: fc.boolean(),
  onDelete: fc.constantFrom("cascade", "set null", "restrict", "no action", null),
  upper: fc.boolean(),
});

const viewSpec: fc.Arbitrary<ViewSpec> = fc.record({
  over: fc.integer({ min: 0, max: 2 }),
  filtered: fc.boolean(),
  stacked: fc.boolean(),
});

/** Up to three tables (`null`: the table is absent) and the views over them. */
export const schemaSpec: fc.Arbitrary<SchemaSpec> = fc.record({
  tables: fc.array(fc.option(tableSpec, { nil: null }), { minLength: 3, maxLength: 3 }),
  view: fc.option(viewSpec, { nil: null }),
});

/** The views a spec describes, over the tables present. */
function viewsOf(spec: SchemaSpec, out: Record<string, unknown>): void {
  const view = spec.view;
  const table = view === null ? null : spec.tables[view.over];
  if (view === null || table === null || table === undefined) return;
  const column = NAMES.find((_, j) => table.columns[j] !== null);
  const picked = column === undefined ? "" : `, "${column}"`;
  const where = view.filtered ? ' where "id" > 1' : "";
  out.v0 = sqliteView("v0", { id: integer("id") }).as(
    sql.raw(`select "id"${picked} from "t${view.over}"${where}`),
  );
  if (view.stacked)
    out.v1 = sqliteView("v1", { n: integer("n") }).as(sql.raw('select count(*) as "n" from "v0"'));
}

/** The drizzle module (`{ t0, t1, ... }`) a spec describes. */
export function sqliteSchemaOf(spec: SchemaSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const first = spec.tables[0] === null ? undefined : "t0";
  let parent: ReturnType<typeof sqliteTable> | undefined;
  spec.tables.forEach((table, i) => {
    if (table === null) return;
    const columns: Record<string, SQLiteColumnBuilderBase> = {
      id: table.autoIncrement
        ? integer("id").primaryKey({ autoIncrement: true })
        : integer("id").primaryKey(),
    };
    const spelled = (name: string) => (table.upper ? name.toUpperCase() : name);
    table.columns.forEach((c, j) => {
      if (c !== null) columns[NAMES[j] as string] = column(spelled(NAMES[j] as string), c);
    });
    const reference = i > 0 && first !== undefined && parent !== undefined && table.onDelete !== null;
    const target = parent;
    if (reference && target !== undefined) {
      const action = table.onDelete ?? "no action";
      columns.parent_id = integer("parent_id").references(() => (target as unknown as { id: never }).id, {
        onDelete: action,
      });
    }
    const present = NAMES.filter((_, j) => table.columns[j] !== null);
    const t = sqliteTable(spelled(`t${i}`), columns, (cols) => {
      const extra = [];
      const key = present[0];
      if (key !== undefined && table.indexed !== "none") {
        const ix = index(`t${i}_${key}_idx`).on(cols[key] as never);
        extra.push(table.indexed === "partial" ? ix.where(sql`${cols[key] as never} IS NOT NULL`) : ix);
      }
      if (table.checked) extra.push(check(`t${i}_id_positive`, sql`${cols.id as never} > 0`));
      return extra;
    });
    if (i === 0) parent = t;
    out[`t${i}`] = t;
  });
  viewsOf(spec, out);
  return out;
}
