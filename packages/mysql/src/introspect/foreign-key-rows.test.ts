import { describe, expect, it } from "vitest";
import { foreignKeyRows } from "./foreign-key-rows.js";

const column = (table: string, name: string, col: string) => ({
  table_name: table,
  name,
  column_name: col,
  ref_schema: "app",
  ref_table: "parent",
  ref_column: col,
});

describe("foreignKeyRows", () => {
  it("gives each column its own key's actions, matched on table and name, in the columns' order", () => {
    const rows = foreignKeyRows(
      [column("a", "fk", "x"), column("a", "fk", "y"), column("b", "fk", "x"), column("b", "other", "z")],
      [
        { table_name: "b", name: "fk", on_update: "NO ACTION", on_delete: "SET NULL" },
        { table_name: "a", name: "fk", on_update: "CASCADE", on_delete: "CASCADE" },
        { table_name: "b", name: "other", on_update: "RESTRICT", on_delete: "NO ACTION" },
      ],
    );
    expect(rows.map((r) => [r.table_name, r.name, r.column_name, r.on_update, r.on_delete])).toEqual([
      ["a", "fk", "x", "CASCADE", "CASCADE"],
      ["a", "fk", "y", "CASCADE", "CASCADE"],
      ["b", "fk", "x", "NO ACTION", "SET NULL"],
      ["b", "other", "z", "RESTRICT", "NO ACTION"],
    ]);
  });

  it("leaves out a column whose key has no rule row, as the SQL join did", () => {
    const rows = foreignKeyRows(
      [column("a", "fk", "x"), column("a", "gone", "y")],
      [{ table_name: "a", name: "fk", on_update: "NO ACTION", on_delete: "NO ACTION" }],
    );
    expect(rows.map((r) => r.name)).toEqual(["fk"]);
  });
});
