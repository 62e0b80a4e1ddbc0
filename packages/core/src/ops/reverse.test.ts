import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isAthanorError } from "../errors.js";
import type { NameInput } from "./definitions.js";
import type { Operation, OperationKind } from "./operation.js";
import { operations as o } from "./operations.js";
import { reverse, reverseAll } from "./reverse.js";

const name = fc.string({ minLength: 1, maxLength: 12 });
const names = fc.uniqueArray(name, { minLength: 1, maxLength: 4 });
const sql = fc.constantFrom("now()", "0", "'x'", "a > 0", "lower(email)", "amount::numeric");
const type = fc.constantFrom("text", "varchar(255)", "integer[]", "timestamp with time zone", "bigint");
const table: fc.Arbitrary<NameInput> = fc.oneof(name, fc.record({ schema: name, name }));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const seq = fc.record(
  {
    start: fc.integer(),
    increment: fc.integer({ min: 1, max: 9 }),
    cache: fc.integer({ min: 1, max: 50 }),
    cycle: fc.boolean(),
  },
  { requiredKeys: [] },
);
// where MySQL places a column (`FIRST` / `AFTER`): a dropped column's reverse puts it back there
const position = fc.oneof(
  fc.constant({ first: true as const }),
  name.map((after) => ({ after })),
);
const column = fc.oneof(
  fc.record({
    name,
    type,
    nullable: maybe(fc.boolean()),
    default: maybe(sql),
    comment: maybe(fc.string()),
    collation: maybe(name),
  }),
  fc.record({ name, type, identity: fc.record({ always: fc.boolean(), start: maybe(fc.integer()) }) }),
  fc.record({ name, type, generated: fc.record({ expression: sql }) }),
);
const columns = fc.uniqueArray(column, { minLength: 1, maxLength: 4, selector: (c) => c.name });
const indexKey = fc.oneof(
  name,
  fc.record({ column: name, order: maybe(fc.constantFrom("asc" as const, "desc" as const)) }),
  fc.record({
    expression: sql,
    nulls: maybe(fc.constantFrom("first" as const, "last" as const)),
    opclass: maybe(name),
  }),
);
const action = fc.constantFrom(
  "cascade" as const,
  "restrict" as const,
  "set null" as const,
  "no action" as const,
);
const fk = names.chain((cols) =>
  fc.record({
    columns: fc.constant(cols),
    references: fc.record({
      table,
      columns: fc.uniqueArray(name, { minLength: cols.length, maxLength: cols.length }),
    }),
    onDelete: maybe(action),
    onUpdate: maybe(action),
    deferrable: maybe(fc.constant(true)),
    notValid: maybe(fc.boolean()),
  }),
);
const constraint = fc.oneof(
  fc.record({ type: fc.constant("primaryKey" as const), columns: names }),
  fc.record({ type: fc.constant("unique" as const), columns: names, nullsNotDistinct: maybe(fc.boolean()) }),
  fc.record({ type: fc.constant("check" as const), expression: sql, notValid: maybe(fc.boolean()) }),
  fk.map((f) => ({ type: "foreignKey" as const, ...f })),
  fc.record({ type: fc.constant("notNull" as const), column: name, notValid: maybe(fc.boolean()) }),
);
// the pair a sync trigger keeps in step: a conversion back only with twoWay
const syncPair = fc
  .tuple(
    names.filter((n) => n.length >= 2),
    fc.boolean(),
    maybe(sql),
    maybe(sql),
  )
  .map(([[source = "a", target = "b"], twoWay, toTarget, toSource]) => ({
    source,
    target,
    twoWay,
    toTarget,
    toSource: twoWay ? toSource : undefined,
  }));
const nullableText = fc.option(fc.string(), { nil: null });
const parameter = fc.constantFrom(
  "fillfactor",
  "deduplicate_items",
  "fastupdate",
  "toast.autovacuum_enabled",
  "pages_per_range",
);
const parameterValue = fc.constantFrom("70", "off", "on", "0.5", "auto");
const identity = fc.record(
  {
    always: fc.boolean(),
    start: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String),
    increment: fc.integer({ min: 1, max: 9 }).map(String),
    maxValue: fc.constant("9223372036854775807"),
    cycle: fc.boolean(),
  },
  { requiredKeys: ["always"] },
);
const generated = fc.record(
  { expression: sql, storage: fc.constantFrom("stored" as const, "virtual" as const) },
  { requiredKeys: ["expression"] },
);

/** Every reversible operation shape, built through the factories so it is normalised. */
const reversibleOps: Record<
  Exclude<OperationKind, "addEnumValue" | "bulkInsert">,
  fc.Arbitrary<Operation>
> = {
  createTable: fc
    .tuple(table, columns, fc.boolean(), maybe(fc.string()), fc.array(fk, { maxLength: 2 }))
    .map(([t, cols, pk, comment, foreignKeys]) =>
      o.createTable(t, {
        columns: cols,
        primaryKey: pk ? [cols[0]?.name ?? ""] : undefined,
        comment,
        foreignKeys,
        checks: [{ expression: "true" }],
      }),
    ),
  dropTable: fc.tuple(table, columns).map(([t, cols]) =>
    o.dropTable(t, {
      existing: { columns: cols, uniques: [{ name: "u", columns: [cols[0]?.name ?? ""] }] },
    }),
  ),
  renameTable: fc.tuple(table, name).map(([t, to]) => o.renameTable(t, to)),
  addColumn: fc
    .tuple(table, column, maybe(position))
    .map(([t, c, p]) => (p === undefined ? o.addColumn(t, c) : o.addColumn(t, c, p))),
  dropColumn: fc
    .tuple(table, column, maybe(position))
    .map(([t, { name: n, ...existing }, p]) =>
      o.dropColumn(t, n, p === undefined ? { existing } : { existing, existingPosition: p }),
    ),
  alterColumn: fc
    .record({
      type: maybe(fc.tuple(type, type, maybe(sql), maybe(sql))),
      nullable: maybe(fc.boolean()),
      def: maybe(fc.tuple(fc.option(sql, { nil: null }), fc.option(sql, { nil: null }))),
      comment: maybe(fc.tuple(nullableText, nullableText)),
      generated: maybe(fc.tuple(fc.option(generated, { nil: null }), fc.option(generated, { nil: null }))),
      autoIncrement: maybe(fc.boolean()),
    })
    .filter(
      (c) =>
        c.type !== undefined ||
        c.nullable !== undefined ||
        c.def !== undefined ||
        c.comment !== undefined ||
        c.generated !== undefined ||
        c.autoIncrement !== undefined,
    )
    .chain((c) =>
      fc.tuple(table, name).map(([t, col]) =>
        o.alterColumn(t, col, {
          type: c.type?.[0],
          existingType: c.type?.[1],
          using: c.type?.[2],
          reverseUsing: c.type?.[3],
          nullable: c.nullable,
          existingNullable: c.nullable === undefined ? undefined : !c.nullable,
          default: c.def?.[0],
          existingDefault: c.def?.[1],
          comment: c.comment?.[0],
          existingComment: c.comment?.[1],
          generated: c.generated?.[0],
          existingGenerated: c.generated?.[1],
          autoIncrement: c.autoIncrement,
          existingAutoIncrement: c.autoIncrement === undefined ? undefined : !c.autoIncrement,
        }),
      ),
    ),
  renameColumn: fc.tuple(table, name, name).map(([t, a, b]) => o.renameColumn(t, a, b)),
  createIndex: fc
    .tuple(
      name,
      table,
      fc.array(indexKey, { minLength: 1, maxLength: 3 }),
      fc.boolean(),
      maybe(sql),
      maybe(fc.boolean()),
      maybe(names),
    )
    .map(([n, t, keys, unique, where, concurrently, include]) =>
      o.createIndex(n, t, keys, { unique, where, concurrently, include, method: "btree" }),
    ),
  dropIndex: fc
    .tuple(name, table, fc.array(indexKey, { minLength: 1, maxLength: 3 }), maybe(fc.boolean()))
    .map(([n, t, keys, concurrently]) =>
      o.dropIndex(n, t, { concurrently, existing: { keys, nullsNotDistinct: true } }),
    ),
  addPrimaryKey: fc.tuple(name, table, names).map(([n, t, cols]) => o.addPrimaryKey(n, t, cols)),
  addUnique: fc
    .tuple(name, table, names, maybe(fc.boolean()))
    .map(([n, t, cols, nnd]) => o.addUnique(n, t, cols, { nullsNotDistinct: nnd })),
  addForeignKey: fc.tuple(name, table, fk).map(([n, t, f]) => o.addForeignKey(n, t, f)),
  addCheck: fc
    .tuple(name, table, sql, maybe(fc.boolean()))
    .map(([n, t, e, nv]) => o.addCheck(n, t, e, { notValid: nv })),
  dropConstraint: fc
    .tuple(name, table, constraint)
    .map(([n, t, existing]) => o.dropConstraint(n, t, { existing })),
  addNotNull: fc
    .tuple(name, table, name, maybe(fc.boolean()))
    .map(([n, t, c, nv]) => o.addNotNull(n, t, c, { notValid: nv })),
  renameConstraint: fc.tuple(table, name, name).map(([t, a, b]) => o.renameConstraint(t, a, b)),
  renameIndex: fc.tuple(table, name, name).map(([t, a, b]) => o.renameIndex(t, a, b)),
  validateConstraint: fc.tuple(name, table).map(([n, t]) => o.validateConstraint(n, t)),
  createEnum: fc.tuple(table, names).map(([n, v]) => o.createEnum(n, v)),
  dropEnum: fc.tuple(table, names).map(([n, v]) => o.dropEnum(n, { existingValues: v })),
  renameEnumValue: fc.tuple(table, name, name).map(([n, a, b]) => o.renameEnumValue(n, a, b)),
  renameEnum: fc.tuple(table, name).map(([n, to]) => o.renameEnum(n, to)),
  rebuildEnum: fc
    .tuple(
      table,
      names,
      names,
      fc.array(fc.record({ table, column: name, array: maybe(fc.constant(true)), default: maybe(sql) }), {
        maxLength: 3,
      }),
    )
    .map(([n, values, existingValues, columns]) => o.rebuildEnum(n, values, { existingValues, columns })),
  createSchema: name.map((n) => o.createSchema(n)),
  dropSchema: fc.tuple(name, maybe(fc.constant(false))).map(([n, cascade]) => o.dropSchema(n, { cascade })),
  createSequence: fc.tuple(table, seq).map(([n, s]) => o.createSequence(n, s)),
  dropSequence: fc.tuple(table, seq).map(([n, s]) => o.dropSequence(n, { existing: s })),
  renameSequence: fc.tuple(table, name).map(([n, to]) => o.renameSequence(n, to)),
  alterSequence: fc
    .tuple(
      table,
      seq.filter((s) => Object.keys(s).length > 0),
      seq,
    )
    .map(([n, set, extra]) =>
      o.alterSequence(n, set, { existing: { ...extra, ...set, increment: 1, cycle: false } }),
    ),
  setTableComment: fc
    .tuple(table, nullableText, nullableText)
    .map(([t, c, e]) => o.setTableComment(t, c, { existing: e })),
  alterIndexStorage: fc
    .tuple(
      name,
      table,
      fc.uniqueArray(parameter, { minLength: 1, maxLength: 4 }),
      fc.array(parameterValue, { minLength: 4, maxLength: 4 }),
    )
    .map(([n, t, params, values]) => {
      // each parameter is set (the first half) or reset (the rest), its old value recorded
      const half = Math.ceil(params.length / 2);
      const set = Object.fromEntries(params.slice(0, half).map((p, i) => [p, values[i] ?? "1"]));
      const existing = Object.fromEntries(
        params.map((p, i) => [p, i % 2 === 0 ? null : (values[3 - i] ?? "2")]),
      );
      return o.alterIndexStorage(n, t, { set, reset: params.slice(half) }, { existing });
    }),
  alterColumnIdentity: fc
    .tuple(table, name, fc.option(identity, { nil: null }), fc.option(identity, { nil: null }))
    .filter(([, , to, from]) => to !== null || from !== null)
    .map(([t, c, to, from]) => o.alterColumnIdentity(t, c, to, { existing: from })),
  alterColumnCollation: fc
    .tuple(table, name, type, fc.option(name, { nil: null }), fc.option(name, { nil: null }))
    .map(([t, c, ty, to, from]) => o.alterColumnCollation(t, c, ty, to, { existing: from })),
  createSyncTrigger: fc.tuple(name, table, syncPair).map(([n, t, p]) => o.createSyncTrigger(n, t, p)),
  dropSyncTrigger: fc.tuple(name, table, syncPair).map(([n, t, p]) => o.dropSyncTrigger(n, t, p)),
  execute: fc.tuple(sql, sql).map(([up, down]) => o.execute(up, { down })),
};

describe("reverse", () => {
  for (const [kind, arb] of Object.entries(reversibleOps)) {
    it(`reverse(reverse(op)) deep-equals op for ${kind}`, () => {
      fc.assert(
        fc.property(arb, (op) => {
          const back = reverse(op);
          expect(Object.isFrozen(back)).toBe(true);
          expect(reverse(back)).toStrictEqual(op);
          // The inverse is plain data too.
          expect(JSON.parse(JSON.stringify(back))).toStrictEqual(back);
        }),
        { numRuns: 60 },
      );
    });
  }

  it("maps each kind to its counterpart", () => {
    expect(reverse(o.addColumn("t", { name: "c", type: "text" }))).toStrictEqual({
      kind: "dropColumn",
      table: { name: "t" },
      column: "c",
      existing: { type: "text", nullable: true },
    });
    expect(reverse(o.renameTable({ schema: "s", name: "a" }, "b"))).toStrictEqual({
      kind: "renameTable",
      table: { schema: "s", name: "b" },
      to: "a",
    });
    const fkOp = o.addForeignKey("fk", "orders", {
      columns: ["user_id"],
      references: { table: "users", columns: ["id"] },
      notValid: true,
    });
    expect(reverse(fkOp)).toMatchObject({
      kind: "dropConstraint",
      name: "fk",
      existing: { type: "foreignKey", notValid: true },
    });
    const alter = o.alterColumn("t", "c", {
      type: "integer",
      using: "c::integer",
      existingType: "text",
      reverseUsing: "c::text",
    });
    expect(reverse(alter)).toMatchObject({
      type: "text",
      using: "c::text",
      existingType: "integer",
      reverseUsing: "c::integer",
    });
  });

  it("a generation or AUTO_INCREMENT change swaps with its recorded old state, and needs it", () => {
    const plain = o.alterColumn("t", "c", {
      generated: null,
      existingGenerated: { expression: "lower(email)", storage: "virtual" },
      autoIncrement: true,
      existingAutoIncrement: false,
    });
    expect(reverse(plain)).toEqual({
      kind: "alterColumn",
      table: { name: "t" },
      column: "c",
      generated: { expression: "lower(email)", storage: "virtual" },
      existingGenerated: null,
      autoIncrement: false,
      existingAutoIncrement: true,
    });
    expect(() => reverse(o.alterColumn("t", "c", { generated: null }))).toThrow(/existingGenerated/);
    expect(() => o.alterColumn("t", "c", { generated: { expression: "" } })).toThrow(/generated expression/);
  });

  it("a constraint that took over an index is undone by dropping it (the index goes with it)", () => {
    const attach = o.addUnique("uq", "users", ["email"], { usingIndex: "uq" });
    expect(reverse(attach)).toStrictEqual({
      kind: "dropConstraint",
      table: { name: "users" },
      name: "uq",
      existing: { type: "unique", columns: ["email"] },
    });
    expect(reverse(o.addPrimaryKey("pk", "users", ["id"], { usingIndex: "pk" }))).toStrictEqual({
      kind: "dropConstraint",
      table: { name: "users" },
      name: "pk",
      existing: { type: "primaryKey", columns: ["id"] },
    });
  });

  it("reverseAll reverses the order", () => {
    const ops = [
      o.createSchema("s"),
      o.createTable({ schema: "s", name: "t" }, { columns: [] }),
      o.execute("A", { down: "B" }),
    ];
    expect(reverseAll(ops).map((op) => op.kind)).toStrictEqual(["execute", "dropTable", "dropSchema"]);
  });
});

describe("irreversible operations", () => {
  const cases: [string, Operation, string[]][] = [
    ["dropColumn without existing", o.dropColumn("t", "c"), ["existing"]],
    ["dropTable without existing", o.dropTable("t"), ["existing"]],
    ["dropIndex without existing", o.dropIndex("i", "t"), ["existing"]],
    ["dropConstraint without existing", o.dropConstraint("c", "t"), ["existing"]],
    ["dropEnum without values", o.dropEnum("e"), ["existingValues"]],
    ["dropSequence without existing", o.dropSequence("s"), ["existing"]],
    ["execute without down", o.execute("SELECT 1"), ["downSql"]],
    [
      "alterIndexStorage without existing",
      o.alterIndexStorage("i", "t", { set: { fillfactor: "70" } }),
      ["existing"],
    ],
    [
      "alterIndexStorage missing a parameter's old value",
      o.alterIndexStorage(
        "i",
        "t",
        { set: { fillfactor: "70" }, reset: ["fastupdate"] },
        { existing: { fillfactor: null } },
      ),
      ["existing.fastupdate"],
    ],
    [
      "alterColumnIdentity without existing",
      o.alterColumnIdentity("t", "c", { always: true }),
      ["existingIdentity"],
    ],
    [
      "alterColumnCollation without existing",
      o.alterColumnCollation("t", "c", "text", "C"),
      ["existingCollation"],
    ],
    ["bulkInsert", o.bulkInsert("t", [{ a: 1 }]), []],
    ["addEnumValue", o.addEnumValue("e", "x"), []],
    ["dropSchema cascade", o.dropSchema("s", { cascade: true }), []],
    ["setTableComment without existing", o.setTableComment("t", "x"), ["existingComment"]],
    [
      "alterColumn without existing",
      o.alterColumn("t", "c", { type: "int", nullable: false }),
      ["existingType", "existingNullable"],
    ],
    [
      "alterSequence missing a key",
      o.alterSequence("s", { start: 5, cache: 2 }, { existing: { start: 1 } }),
      ["existing.cache"],
    ],
  ];
  for (const [label, op, missing] of cases) {
    it(`${label} throws ATHANOR_IRREVERSIBLE_OPERATION naming ${missing.join(", ") || "no field"}`, () => {
      let caught: unknown;
      try {
        reverse(op);
      } catch (e) {
        caught = e;
      }
      expect(isAthanorError(caught)).toBe(true);
      if (!isAthanorError(caught)) return;
      expect(caught.code).toBe("ATHANOR_IRREVERSIBLE_OPERATION");
      expect(caught.meta).toMatchObject({ kind: op.kind, missing });
      expect(caught.message).toContain(op.kind);
    });
  }

  it("reverseAll stops at the first irreversible operation", () => {
    expect(() => reverseAll([o.createSchema("s"), o.bulkInsert("t", [])])).toThrow(/bulkInsert/);
  });
});

describe("the settings autogenerate records", () => {
  it("a storage parameter set on a new index is reset by the inverse, and set again by its inverse", () => {
    const set = o.alterIndexStorage(
      "ix",
      "t",
      { set: { fillfactor: "70" } },
      { existing: { fillfactor: null } },
    );
    expect(reverse(set)).toStrictEqual({
      kind: "alterIndexStorage",
      name: "ix",
      table: { name: "t" },
      reset: ["fillfactor"],
      existing: { fillfactor: "70" },
    });
  });

  it("an identity added is dropped by the inverse; a rename goes back within the schema", () => {
    const add = o.alterColumnIdentity(
      { schema: "s", name: "t" },
      "id",
      { always: false, start: 5 },
      { existing: null },
    );
    expect(reverse(add)).toMatchObject({ identity: null, existingIdentity: { always: false, start: "5" } });
    expect(reverse(o.renameEnum({ schema: "s", name: "mood" }, "feeling"))).toStrictEqual({
      kind: "renameEnum",
      name: { schema: "s", name: "feeling" },
      to: "mood",
    });
  });
});
