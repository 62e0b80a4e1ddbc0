import { operations } from "@athanor/core";
import { describe, expect, it } from "vitest";
import { renderPostgres } from "../renderer.js";

describe("PostgreSQL views, policies and row-level security", () => {
  it("quotes names and options; the definition and expressions are SQL", () => {
    expect(
      renderPostgres(
        operations.createView({ schema: "re port", name: 'a"b' }, "SELECT 1", {
          materialized: true,
          with: { fillfactor: "70", "x') ; drop": "it's" },
        }),
      ),
    ).toEqual([
      `CREATE MATERIALIZED VIEW "re port"."a""b" WITH ("fillfactor" = '70', "x') ; drop" = 'it''s') AS SELECT 1`,
    ]);
    expect(renderPostgres(operations.dropView("v", { materialized: true }))).toEqual([
      'DROP MATERIALIZED VIEW "v"',
    ]);
    expect(
      renderPostgres(
        operations.createPolicy("own", "notes", {
          as: "restrictive",
          for: "update",
          to: ["current_user", 'app"role', "public"],
          using: "owner = current_user",
          withCheck: "true",
        }),
      ),
    ).toEqual([
      'CREATE POLICY "own" ON "notes" AS RESTRICTIVE FOR UPDATE TO CURRENT_USER, "app""role", PUBLIC USING (owner = current_user) WITH CHECK (true)',
    ]);
    expect(renderPostgres(operations.dropPolicy("own", "notes"))).toEqual(['DROP POLICY "own" ON "notes"']);
    expect(renderPostgres(operations.enableRowLevelSecurity("notes"))).toEqual([
      'ALTER TABLE "notes" ENABLE ROW LEVEL SECURITY',
    ]);
    expect(renderPostgres(operations.disableRowLevelSecurity("notes"))).toEqual([
      'ALTER TABLE "notes" DISABLE ROW LEVEL SECURITY',
    ]);
  });
});
