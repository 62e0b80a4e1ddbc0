import { operations } from "@athanor/core";
import { describe, expect, it } from "vitest";
import { dataLossOf, isWideningType } from "./data-loss.js";

describe("isWideningType", () => {
  it("widens lengths, precision and up the ladders, never down", () => {
    expect(isWideningType("character varying(20)", "character varying(40)")).toBe(true);
    expect(isWideningType("varchar(100)", "text")).toBe(true);
    expect(isWideningType("integer", "bigint")).toBe(true);
    expect(isWideningType("decimal(12,2)", "decimal(14,2)")).toBe(true);
    expect(isWideningType("bigint", "integer")).toBe(false);
    expect(isWideningType("text", "varchar(100)")).toBe(false);
    expect(isWideningType("decimal(12,2)", "decimal(12,1)")).toBe(false);
  });

  it("counts a MySQL ENUM or SET that keeps every member as widening, in any order", () => {
    expect(isWideningType("enum('free','pro')", "enum('free','pro','team')")).toBe(true);
    expect(isWideningType("enum('free','pro')", "enum('team','pro','free')")).toBe(true);
    expect(isWideningType("set('a','b')", "set('a','b','c')")).toBe(true);
    expect(isWideningType("enum('it''s','b')", "enum('it''s','b','c')")).toBe(true);
    expect(isWideningType("enum('free','pro')", "enum('free')")).toBe(false);
    expect(isWideningType("enum('a','b')", "set('a','b')")).toBe(false);
    expect(isWideningType("enum('a','b')", "varchar(10)")).toBe(false);
    expect(isWideningType("varchar(10)", "enum('a','b')")).toBe(false);
  });
});

describe("dataLossOf", () => {
  it("warns of a member removed from an ENUM, not of one appended", () => {
    const change = (from: string, to: string) =>
      dataLossOf(operations.alterColumn("orgs", "plan", { type: to, existingType: from }));
    expect(change("enum('free','pro')", "enum('free','pro','team')")).toBeNull();
    expect(change("enum('free','pro')", "enum('free')")).toContain("may fail or lose data");
  });
});
