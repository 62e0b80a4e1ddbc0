import type { ColumnModel, DifferHooks, IndexKeyModel, SchemaModel, TableModel } from "@athanor/core";
import { mysqlDifferHooks } from "@athanor/mysql";
import { postgresDifferHooks } from "@athanor/postgres";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { serialColumnsOf } from "./added-and-dropped-tables.js";
import { unchangedTable } from "./diff-schemas.js";
import { diffTable } from "./diff-table.js";
import { Phases } from "./phases.js";

// diffSchemas passes over a table pair `unchangedTable` accepts (one object twice, or two equal
// ones) instead of walking it with diffTable. Proof that this changes nothing: for every pair it
// accepts, diffTable's walk adds no operation, note or inverse either, for each dialect's hooks.
// The live side is a copy written differently (keys in another order, an `undefined` field,
// namesakes, serial columns): `same` counts such copies equal, so the walk must too.

const HOOKS: readonly DifferHooks[] = [postgresDifferHooks, mysqlDifferHooks];

const name = fc.constantFrom("a", "b", "id", "");
const text = fc.constantFrom("x", "a + 1", "'v'", "nextval('t_id_seq'::regclass)");
const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

const column: fc.Arbitrary<ColumnModel> = fc.record({
  name,
  type: fc.constantFrom("integer", "text", "varchar(20)", "bigint"),
  nullable: fc.boolean(),
  default: nullable(text),
  identity: nullable(fc.constant({ generation: "byDefault" as const, sequence: null })),
  generated: nullable(fc.record({ expression: text, storage: fc.constantFrom("stored", "virtual") })),
  comment: nullable(fc.constantFrom("c", "")),
  collation: nullable(fc.constant("C")),
  onUpdate: fc.constant(null),
});
const names = fc.array(name, { minLength: 1, maxLength: 2 });
const table: fc.Arbitrary<TableModel> = fc.record({
  schema: fc.constantFrom("public", "main"),
  name: fc.constantFrom("t", "u"),
  columns: fc.array(column, { minLength: 1, maxLength: 4 }),
  primaryKey: nullable(fc.record({ name, columns: names })),
  uniques: fc.array(fc.record({ name, columns: names, nullsNotDistinct: fc.boolean() }), { maxLength: 2 }),
  foreignKeys: fc.array(
    fc.record({
      name,
      columns: names,
      referencedSchema: fc.constant("public"),
      referencedTable: fc.constantFrom("t", "u"),
      referencedColumns: names,
      onUpdate: fc.constantFrom("no action", "cascade"),
      onDelete: fc.constantFrom("no action", "set null"),
      match: fc.constant("simple" as const),
      deferrable: fc.boolean(),
      initiallyDeferred: fc.boolean(),
      validated: fc.boolean(),
    }),
    { maxLength: 2 },
  ),
  checks: fc.array(fc.record({ name, expression: text, validated: fc.boolean() }), { maxLength: 2 }),
  indexes: fc.array(
    fc.record({
      name,
      unique: fc.boolean(),
      method: fc.constantFrom("btree", "hash"),
      keys: fc.array(
        fc.constantFrom<IndexKeyModel>(
          ...["a", "b", "id"].flatMap((column) => [
            { kind: "column" as const, column, order: "asc" as const, nulls: "last" as const, opclass: null },
            {
              kind: "column" as const,
              column,
              order: "desc" as const,
              nulls: "first" as const,
              opclass: null,
            },
          ]),
          { kind: "expression", expression: "lower(b)", order: "asc", nulls: "last", opclass: null },
        ),
        { minLength: 1, maxLength: 2 },
      ),
      include: fc.constant([]),
      where: nullable(text),
      nullsNotDistinct: fc.boolean(),
      with: fc.constant([]),
      valid: fc.boolean(),
    }),
    { maxLength: 2 },
  ),
  comment: nullable(fc.constant("c")),
});

/** A deep copy with every object's keys in reverse order and, now and then, an `undefined` field. */
function rewritten(value: unknown, extra: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => rewritten(v, extra));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).reverse())
    out[k] = rewritten((value as Record<string, unknown>)[k], extra);
  if (extra) out.rowLevelSecurity = undefined;
  return out;
}

/** The model holding `t`, with a sequence owning its first column when `owned` (a serial column). */
function modelOf(t: TableModel, owned: boolean): SchemaModel {
  const first = t.columns[0]?.name ?? "";
  return {
    schemas: [t.schema],
    tables: [t],
    enums: [],
    sequences: owned
      ? [
          {
            schema: t.schema,
            name: "t_id_seq",
            dataType: "bigint",
            increment: "1",
            minValue: "1",
            maxValue: "9223372036854775807",
            start: "1",
            cache: "1",
            cycle: false,
            ownedBy: { table: t.name, column: first },
          },
        ]
      : [],
  } as SchemaModel;
}

/** What diffTable adds for the pair: operations, notes and inverses, as JSON. */
function walked(want: SchemaModel, have: SchemaModel, hooks: DifferHooks): string {
  const [w, h] = [want.tables[0] as TableModel, have.tables[0] as TableModel];
  const site = {
    ctx: { defaultSchema: "public", hooks },
    schema: w.schema,
    table: w.name,
    enumTypes: new Set<string>(),
    phases: new Phases(),
    notes: [] as string[],
    byHand: [] as string[],
    inverses: new Map(),
  };
  try {
    diffTable(site, w, h, { want: serialColumnsOf(want, w), have: serialColumnsOf(have, h) });
  } catch (e) {
    return `error ${(e as Error).message}`;
  }
  return JSON.stringify({ ops: site.phases.operations(), notes: site.notes, inverses: [...site.inverses] });
}

const NOTHING = JSON.stringify({ ops: [], notes: [], inverses: [] });

describe("an equal table pair is passed over: diffTable's walk gives nothing for it either", () => {
  test("random tables against a rewritten copy, for each dialect's hooks", () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(table, fc.boolean(), fc.boolean(), fc.boolean(), (t, owned, ownedLive, extra) => {
        const want = modelOf(t, owned);
        const have = modelOf(rewritten(t, extra) as TableModel, ownedLive);
        const w = want.tables[0] as TableModel;
        const h = have.tables[0] as TableModel;
        const serial = { want: serialColumnsOf(want, w), have: serialColumnsOf(have, h) };
        if (!unchangedTable(w, h, serial)) {
          refused++;
          return;
        }
        accepted++;
        for (const hooks of HOOKS) expect(walked(want, have, hooks)).toBe(NOTHING);
      }),
      { numRuns: 3000 },
    );
    // both ways taken often: namesakes and differing serial columns are refused, the rest accepted
    expect(accepted).toBeGreaterThan(500);
    expect(refused).toBeGreaterThan(200);
  });

  test("fields shared by the two tables: the verdict of a deep copy", () => {
    const keys = [...Object.keys(fc.sample(table, { numRuns: 1, seed: 1 })[0] as object), "rowLevelSecurity"];
    let accepted = 0;
    fc.assert(
      fc.property(table, table, fc.boolean(), fc.subarray(keys), (t, other, extra, shared) => {
        const w = t;
        const base = (extra ? rewritten(t, true) : other) as Record<string, unknown>;
        const h = { ...base };
        for (const k of shared) h[k] = (w as unknown as Record<string, unknown>)[k];
        const serial = { want: new Set<string>(), have: new Set<string>() };
        const verdict = unchangedTable(w, h as unknown as TableModel, serial);
        expect(verdict).toBe(unchangedTable(w, structuredClone(h) as unknown as TableModel, serial));
        if (verdict) accepted++;
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(200);
  });

  test("a pair that differs in one field is never accepted", () => {
    fc.assert(
      fc.property(table, (t) => {
        const changed = {
          ...t,
          columns: t.columns.map((c, i) => (i === 0 ? { ...c, nullable: !c.nullable } : c)),
        };
        const serial = { want: new Set<string>(), have: new Set<string>() };
        expect(unchangedTable(t, changed, serial)).toBe(false);
        expect(unchangedTable(t, { ...t, comment: t.comment === null ? "c" : null }, serial)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
