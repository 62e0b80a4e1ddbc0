import { operations } from "@athanor/core";
import { describe, expect, it } from "vitest";
import { dataLossOf, isWideningType, refillGapOf } from "./data-loss.js";

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

  it("reads a bare MySQL DATETIME, TIMESTAMP or TIME as precision 0, PostgreSQL's bare timestamp as the widest", () => {
    const pairs: [string, string, boolean][] = [
      ["datetime(3)", "datetime", false],
      ["timestamp(6)", "timestamp", false],
      ["time(2)", "time", false],
      ["datetime", "datetime(3)", true],
      ["timestamp", "timestamp(3)", true],
      ["datetime(0)", "datetime", true],
      ["timestamp(3) without time zone", "timestamp without time zone", true],
      ["timestamp without time zone", "timestamp(3) without time zone", false],
    ];
    expect(pairs.map(([from, to]) => isWideningType(from, to))).toEqual(pairs.map(([, , widens]) => widens));
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

describe("refillGapOf", () => {
  it("flags a column re-added NOT NULL without a default, and nothing a table with rows accepts", () => {
    const add = (column: Parameters<typeof operations.addColumn>[1]) =>
      refillGapOf(operations.addColumn("teams", column));
    expect(add({ name: "name", type: "text", nullable: false })).toContain(
      "re-adds teams.name NOT NULL without a default",
    );
    expect(add({ name: "name", type: "text" })).toBeNull();
    expect(add({ name: "name", type: "text", nullable: false, default: "''" })).toBeNull();
    expect(add({ name: "id2", type: "integer", nullable: false, identity: { always: true } })).toBeNull();
    expect(refillGapOf(operations.dropColumn("teams", "name"))).toBeNull();
  });
});
