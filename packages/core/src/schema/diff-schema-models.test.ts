import { describe, expect, it } from "vitest";
import { diffSchemaModels, formatSchemaDifferences } from "./diff-schema-models.js";
import { emptySchemaModel, normalizeSchemaModel } from "./normalize-schema-model.js";
import type { ColumnModel, SchemaModel, TableModel } from "./schema-model.js";

const column = (name: string, over: Partial<ColumnModel> = {}): ColumnModel => ({
  name,
  type: "integer",
  nullable: true,
  default: null,
  identity: null,
  generated: null,
  comment: null,
  collation: null,
  onUpdate: null,
  ...over,
});

const table = (name: string, over: Partial<TableModel> = {}): TableModel => ({
  schema: "public",
  name,
  columns: [column("id")],
  primaryKey: null,
  uniques: [],
  foreignKeys: [],
  checks: [],
  indexes: [],
  comment: null,
  ...over,
});

const model = (tables: TableModel[], over: Partial<SchemaModel> = {}): SchemaModel => ({
  ...emptySchemaModel(),
  schemas: ["public"],
  tables,
  ...over,
});

describe("diffSchemaModels", () => {
  it("finds nothing between a model and its normalised copy in another order", () => {
    const a = model([
      table("b"),
      table("a", {
        checks: [
          { name: "z", expression: "(id > 0)", validated: true },
          { name: "y", expression: "(id < 9)", validated: true },
        ],
      }),
    ]);
    const b = normalizeSchemaModel(a);
    expect(b.tables.map((t) => t.name)).toEqual(["a", "b"]);
    expect(b.tables[0]?.checks.map((c) => c.name)).toEqual(["y", "z"]);
    expect(diffSchemaModels(a, b)).toEqual([]);
  });

  it("matches tables and columns by name and reports each change with its path", () => {
    const before = model([table("users", { columns: [column("id"), column("email", { type: "text" })] })]);
    const after = model([
      table("users", {
        columns: [column("id"), column("email", { type: "text", nullable: false }), column("age")],
      }),
      table("posts"),
    ]);
    const diffs = diffSchemaModels(before, after);
    expect(diffs).toEqual([
      {
        change: "changed",
        path: ['table "public"."users"', 'column "email"', "nullable"],
        before: true,
        after: false,
      },
      {
        change: "added",
        path: ['table "public"."users"', 'column "age"'],
        before: null,
        after: column("age"),
      },
      { change: "added", path: ['table "public"."posts"'], before: null, after: table("posts") },
    ]);
    expect(formatSchemaDifferences(diffs).split("\n")).toEqual([
      '~ table "public"."users" › column "email" › nullable: true → false',
      '+ table "public"."users" › column "age"',
      '+ table "public"."posts"',
    ]);
  });

  it("reports a column that moved, a dropped primary key and schema set changes", () => {
    const before = model(
      [table("t", { columns: [column("a"), column("b")], primaryKey: { name: "t_pkey", columns: ["a"] } })],
      {
        schemas: ["public", "old"],
      },
    );
    const after = model([table("t", { columns: [column("b"), column("a")] })], {
      schemas: ["public", "new"],
    });
    expect(formatSchemaDifferences(diffSchemaModels(before, after)).split("\n")).toEqual([
      '- schema "old"',
      '+ schema "new"',
      '~ table "public"."t" › column order: ["\\"a\\"","\\"b\\""] → ["\\"b\\"","\\"a\\""]',
      '- table "public"."t" › primaryKey',
    ]);
  });

  it("quotes hostile names so the path stays unambiguous", () => {
    const name = 'we"ird name';
    const diffs = diffSchemaModels(model([]), model([table(name)]));
    expect(diffs[0]?.path).toEqual(['table "public"."we""ird name"']);
  });
});
