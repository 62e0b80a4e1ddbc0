import { describe, expect, it } from "vitest";
import { isAthanorError } from "../errors.js";
import { inertStatements, type RawControlsDialect } from "./raw-controls.js";

// A dialect that writes ESC in a quoted string as <ESC> and leaves the rest (a comment) raw.
let rewrites = 0;
const toy: RawControlsDialect = {
  label: "Toy SQL",
  dialect: "toy",
  spelling: "esc()",
  rewrite: (sql) => {
    rewrites++;
    return sql.replace(/'([^']*)'/g, (token) =>
      token.replaceAll("\x1b", "' || esc() || '").replaceAll("\u202e", "' || rlo() || '"),
    );
  },
};

describe("inertStatements", () => {
  it("keeps statements without a control character, and an execute's own SQL, untouched", () => {
    rewrites = 0;
    expect(inertStatements(["SELECT 'a'", "SELECT 1"], "addColumn", toy)).toEqual(["SELECT 'a'", "SELECT 1"]);
    expect(inertStatements(["SELECT 'a\x1b'"], "execute", toy)).toEqual(["SELECT 'a\x1b'"]);
    expect(rewrites).toBe(0);
  });

  it("rewrites quoted text through the dialect", () => {
    expect(inertStatements(["SELECT 'a\x1bb'"], "addColumn", toy)).toEqual(["SELECT 'a' || esc() || 'b'"]);
  });

  it("refuses what stays raw, in the dialect's own words and spelling", () => {
    let caught: unknown;
    try {
      inertStatements(["SELECT 1 -- \x1b[2J"], "addCheckConstraint", toy);
    } catch (error) {
      caught = error;
    }
    expect(isAthanorError(caught) && caught.code).toBe("ATHANOR_INVALID_OPERATION");
    const error = caught as Error & { meta: unknown };
    expect(error.message).toBe(
      "Cannot render addCheckConstraint for Toy SQL: its SQL would hold a control character raw (shown escaped: SELECT 1 -- \\x1b[2J), which would drive the terminal that shows the SQL. Write the character as SQL instead (esc()), or put the statement in op.execute.",
    );
    expect(error.meta).toEqual({ kind: "addCheckConstraint", dialect: "toy" });
  });

  it("rewrites a bidirectional control in quoted text, and keeps it where the dialect cannot (a name, a comment)", () => {
    expect(inertStatements(["SELECT 'a\u202eb' AS \"n\u202e\" -- \u202e"], "addColumn", toy)).toEqual([
      "SELECT 'a' || rlo() || 'b' AS \"n\u202e\" -- \u202e",
    ]);
  });
});
