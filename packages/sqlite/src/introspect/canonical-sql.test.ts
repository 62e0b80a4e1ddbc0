import Database from "better-sqlite3";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { canonicalSqliteExpression, canonicalSqliteType, withoutOwnTable } from "./canonical-sql.js";

describe("canonical SQLite expressions", () => {
  test("one spelling for keywords, spaces, outer parentheses and booleans; literals and quoted names kept", () => {
    expect(canonicalSqliteExpression("(CURRENT_TIMESTAMP)")).toBe("current_timestamp");
    expect(canonicalSqliteExpression("((unixepoch()))")).toBe("unixepoch()");
    expect(canonicalSqliteExpression(`lower( "Email" )`)).toBe(`lower("Email")`);
    expect(canonicalSqliteExpression("x  IN ('A',  'b' )")).toBe("x in ('A', 'b')");
    expect(canonicalSqliteExpression("(a) + (b)")).toBe("(a) + (b)");
    expect(canonicalSqliteExpression("TRUE")).toBe("1");
    expect(canonicalSqliteExpression("'TRUE'")).toBe("'TRUE'");
    expect(canonicalSqliteExpression("1E5 + x'0A'")).toBe("1e5 + x'0A'");
    expect(canonicalSqliteExpression("a -- Comment\n + 1")).toBe("a -- Comment\n + 1");
    expect(canonicalSqliteType("VARCHAR ( 20 )")).toBe("varchar(20)");
    expect(withoutOwnTable('"users"."age" > 0', "users")).toBe('"age" > 0');
  });

  // The form is a fixed point, and SQLite evaluates it to what the written form gives.
  test("is idempotent and keeps the value SQLite computes (fast-check)", () => {
    const db = new Database(":memory:");
    const atom = fc.oneof(
      fc.integer({ min: -99, max: 99 }).map(String),
      fc.constantFrom("TRUE", "false", "NULL", "'a b'", "'It''s'", "X'0A'"),
      fc.constantFrom("LOWER('AbC')", "length( 'xyz' )", "abs(-3)", "coalesce(NULL,  2)"),
    );
    const expression = fc.letrec<{ e: string }>((tie) => ({
      e: fc.oneof(
        { depthSize: "small" },
        atom,
        fc
          .tuple(tie("e"), fc.constantFrom(" + ", "||", " = ", " AND ", "  <  "), tie("e"))
          .map(([a, op, b]) => `${a}${op}${b}`),
        tie("e").map((e) => `( ${e} )`),
      ),
    })).e;
    fc.assert(
      fc.property(expression, (e) => {
        const canonical = canonicalSqliteExpression(e);
        expect(canonicalSqliteExpression(canonical)).toBe(canonical);
        const value = (text: string) => db.prepare(`SELECT quote(${text}) AS v`).get() as { v: unknown };
        expect(value(canonical)).toEqual(value(e));
      }),
      { numRuns: 300 },
    );
    db.close();
  });
});
