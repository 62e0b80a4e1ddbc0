import { operations } from "@athanor/core";
import { describe, expect, it } from "vitest";
import { renderMysql } from "../renderer.js";

describe("MySQL views", () => {
  it("writes options as keywords in the order MySQL wants them", () => {
    const op = operations.createView("v", "select 1", {
      with: { check_option: "LOCAL", sql_security: "invoker", algorithm: "merge" },
    });
    expect(renderMysql(op)).toEqual([
      "CREATE ALGORITHM = MERGE SQL SECURITY INVOKER VIEW `v` AS select 1 WITH LOCAL CHECK OPTION",
    ]);
    expect(renderMysql(operations.dropView("v"))).toEqual(["DROP VIEW `v`"]);
  });

  it("refuses what MySQL has not: unknown options, materialized views, policies", () => {
    const refused = (f: () => unknown) =>
      expect(f).toThrow(expect.objectContaining({ code: "ATHANOR_UNSUPPORTED" }));
    refused(() =>
      renderMysql(operations.createView("v", "select 1", { with: { algorithm: "merge; drop" } })),
    );
    refused(() => renderMysql(operations.createView("v", "select 1", { materialized: true })));
    refused(() => renderMysql(operations.createPolicy("p", "t")));
    refused(() => renderMysql(operations.enableRowLevelSecurity("t")));
  });
});
