import { diffSchemaModels, type SchemaModel, type TableModel } from "@athanor/core";
import { describe, expect, test } from "vitest";
import { table as builtTable, col } from "../../../../autogenerate/src/testing/model-builders.js";
import { sameSchemaModel } from "./same-model.js";

const table = (name: string, columns: string[]): TableModel =>
  builtTable(
    name,
    columns.map((c) => col(c, "text")),
    { primaryKey: null },
  );
const model = (tables: TableModel[]): SchemaModel => ({
  schemas: ["public"],
  tables,
  enums: [],
  sequences: [],
});

describe("sameSchemaModel", () => {
  test("the same data in another order of tables and keys is the same model", () => {
    const a = model([table("a", ["x"]), table("b", ["y"])]);
    const [first, second] = a.tables as [TableModel, TableModel];
    const reordered = {
      ...a,
      tables: [{ ...second }, Object.fromEntries(Object.entries(first).reverse()) as TableModel],
    };
    expect(sameSchemaModel(a, reordered)).toBe(true);
    expect(sameSchemaModel(a, { ...a, views: [] })).toBe(true);
  });

  test("whatever diffSchemaModels reports makes them differ (column order, a type, a table)", () => {
    const a = model([table("a", ["x", "y"])]);
    for (const b of [
      model([table("a", ["y", "x"])]),
      model([table("a", ["x"])]),
      model([table("a", ["x", "y"]), table("b", [])]),
      model([{ ...table("a", ["x", "y"]), comment: "c" }]),
    ]) {
      expect(diffSchemaModels(a, b).length).toBeGreaterThan(0);
      expect(sameSchemaModel(a, b)).toBe(false);
    }
  });
});
