import { describe, expect, it } from "vitest";
import { isAthanorError } from "../errors.js";
import { operations as o } from "./operations.js";

function codeOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return isAthanorError(e) ? { code: e.code, meta: e.meta } : e;
  }
  return "no error";
}

describe("operation factories", () => {
  it("normalise names and column defaults into one canonical shape", () => {
    const op = o.addColumn({ schema: undefined, name: "users" } as never, {
      name: "id",
      type: "bigint",
      identity: { always: true },
    });
    expect(op).toStrictEqual({
      kind: "addColumn",
      table: { name: "users" },
      column: { name: "id", type: "bigint", nullable: false, identity: { always: true } },
    });
    expect(o.addColumn("t", { name: "c", type: "text" }).column.nullable).toBe(true);
    expect(o.createIndex("i", "t", ["a", { expression: "lower(b)", order: "desc" }]).keys).toStrictEqual([
      { column: "a" },
      { expression: "lower(b)", order: "desc" },
    ]);
  });

  it("deep-freeze their result and copy the caller's arrays instead of freezing them", () => {
    const columns = [{ name: "id", type: "int" }];
    const op = o.createTable("t", { columns, primaryKey: ["id"] });
    expect(Object.isFrozen(op)).toBe(true);
    expect(Object.isFrozen(op.columns)).toBe(true);
    expect(Object.isFrozen(op.columns[0])).toBe(true);
    expect(Object.isFrozen(op.primaryKey)).toBe(true);
    expect(Object.isFrozen(columns)).toBe(false);
  });

  it("produce JSON-serialisable data; Dates in bulkInsert become ISO strings", () => {
    const op = o.bulkInsert("t", [
      { at: new Date("2024-05-06T07:08:09.000Z"), tags: ["a"], meta: { n: 1 }, skip: undefined },
    ]);
    expect(op.rows).toStrictEqual([{ at: "2024-05-06T07:08:09.000Z", tags: ["a"], meta: { n: 1 } }]);
    expect(JSON.parse(JSON.stringify(op))).toStrictEqual(op);
  });

  it.each([
    ["empty table name", () => o.createTable("", { columns: [] }), { field: "table" }],
    ["empty schema", () => o.dropTable({ schema: "", name: "t" }), { field: "table schema" }],
    ["empty column type", () => o.addColumn("t", { name: "c", type: "" }), { field: "column type" }],
    [
      "duplicate columns",
      () =>
        o.createTable("t", {
          columns: [
            { name: "a", type: "int" },
            { name: "a", type: "int" },
          ],
        }),
      { duplicate: "a" },
    ],
    [
      "unknown primary key column",
      () => o.createTable("t", { columns: [{ name: "a", type: "int" }], primaryKey: ["b"] }),
      { column: "b" },
    ],
    [
      "default and identity",
      () => o.addColumn("t", { name: "c", type: "int", default: "1", identity: { always: true } }),
      { column: "c" },
    ],
    [
      "nullable identity",
      () => o.addColumn("t", { name: "c", type: "int", nullable: true, identity: { always: false } }),
      { column: "c" },
    ],
    ["index without keys", () => o.createIndex("i", "t", []), { kind: "createIndex" }],
    [
      "fk column count mismatch",
      () => o.addForeignKey("f", "t", { columns: ["a"], references: { table: "u", columns: ["x", "y"] } }),
      { columns: ["a"] },
    ],
    ["enum without values", () => o.createEnum("e", []), { field: "enum values" }],
    [
      "enum value before and after",
      () => o.addEnumValue("e", "x", { before: "a", after: "b" }),
      { value: "x" },
    ],
    ["alterColumn with nothing to change", () => o.alterColumn("t", "c", {}), { column: "c" }],
    [
      "using without type",
      () => o.alterColumn("t", "c", { nullable: true, using: "c::int" }),
      { column: "c" },
    ],
    ["fractional sequence start", () => o.createSequence("s", { start: 1.5 }), { field: "start" }],
    ["empty SQL", () => o.execute(""), { field: "SQL" }],
    [
      "an unknown column key (a revision file is not type-checked)",
      () => o.addColumn("t", { name: "id", type: "int", autoIncrement: true } as never),
      { kind: "addColumn", unknownKeys: ["autoIncrement"] },
    ],
    [
      "a column position that is neither first nor after",
      () => o.addColumn("t", { name: "v", type: "int" }, { first: true, after: "id" } as never),
      { kind: "addColumn" },
    ],
    [
      "an unknown key in a column position",
      () => o.addColumn("t", { name: "v", type: "int" }, { before: "id" } as never),
      { kind: "addColumn", unknownKeys: ["before"] },
    ],
    ["an empty column to add after", () => o.addColumn("t", { name: "v", type: "int" }, { after: "" }), {}],
    [
      "an unknown key in a createTable column",
      () => o.createTable("t", { columns: [{ name: "id", type: "int", primary: true } as never] }),
      { unknownKeys: ["primary"] },
    ],
    ["an empty usingIndex", () => o.addUnique("u", "t", ["a"], { usingIndex: "" }), { field: "usingIndex" }],
    [
      "a usingIndex that is not a name",
      () => o.addPrimaryKey("pk", "t", ["a"], { usingIndex: 3 as never }),
      { kind: "addPrimaryKey", field: "options.usingIndex" },
    ],
    [
      "a misspelt index option",
      () => o.createIndex("ix", "t", ["a"], { concurent: true } as never),
      { kind: "createIndex", field: "options", unknownKeys: ["concurent"] },
    ],
    [
      "a flag that is not a boolean",
      () => o.createIndex("ix", "t", ["a"], { unique: "yes" } as never),
      { kind: "createIndex", field: "options.unique" },
    ],
    [
      "an unknown alterColumn change",
      () => o.alterColumn("t", "c", { nulable: false } as never),
      { kind: "alterColumn", field: "changes", unknownKeys: ["nulable"] },
    ],
    [
      "a default that is not a string",
      () => o.alterColumn("t", "c", { default: 0 } as never),
      { kind: "alterColumn", field: "changes.default" },
    ],
    [
      "a foreign key with an unknown key",
      () =>
        o.addForeignKey("fk", "t", {
          columns: ["a"],
          references: { table: "u", columns: ["id"] },
          onDelete: "cascade",
          validate: false,
        } as never),
      { kind: "addForeignKey", field: "foreign key", unknownKeys: ["validate"] },
    ],
    [
      "notValid that is not a boolean",
      () => o.addCheck("c", "t", "a > 0", { notValid: "true" } as never),
      { kind: "addCheck", field: "options.notValid" },
    ],
    [
      "options that are not an object",
      () => o.dropSchema("s", "cascade" as never),
      { kind: "dropSchema", field: "options" },
    ],
    [
      "a sequence option of the wrong type",
      () => o.createSequence("s", { cycle: 1 } as never),
      { kind: "createSequence", field: "options.cycle" },
    ],
    [
      "an execute option that does not exist",
      () => o.execute("SELECT 1", { reverse: "SELECT 2" } as never),
      { kind: "execute", field: "options", unknownKeys: ["reverse"] },
    ],
    [
      "a table definition with an unknown key",
      () => o.createTable("t", { columns: [{ name: "a", type: "int" }], indexes: [] } as never),
      { kind: "createTable", field: "table definition", unknownKeys: ["indexes"] },
    ],
    ["NaN in a row", () => o.bulkInsert("t", [{ a: Number.NaN }]), { path: "rows[0].a" }],
    ["class instance in a row", () => o.bulkInsert("t", [{ a: new Map() as never }]), { path: "rows[0].a" }],
  ])("reject %s with ATHANOR_INVALID_OPERATION", (_label, build, meta) => {
    expect(codeOf(build)).toMatchObject({ code: "ATHANOR_INVALID_OPERATION", meta });
  });
});
