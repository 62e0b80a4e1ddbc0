import { describe, expect, it } from "vitest";
import { comparableTraces, sameStatement } from "./boundary-trial.js";

// The test hook traces a statement's first 400 characters; two runs of one revision can cut the
// same statement at different points of a literal (boundary #105 of the transactional: false
// sweeps: the final history UPDATE).
const traced = (sql: string) => sql.slice(0, 400);
const historyUpdate = (note: string, ms: number) =>
  `UPDATE athanor_history SET note = '${note}', duration_ms = ${ms}, finished_at = '2026-12-07 10:00:00' WHERE run_id = 'r-${ms}'`;

describe("comparableTraces", () => {
  it("treats one statement cut inside a literal and uncut elsewhere as the same statement", () => {
    const cutInLiteral = traced(historyUpdate("x".repeat(420), 713));
    const uncut = traced(historyUpdate("y".repeat(250), 0));
    expect(cutInLiteral.length).toBe(400);
    expect(uncut.length).toBeLessThan(400);
    expect(sameStatement(cutInLiteral, uncut)).toBe(true);
    const [a, b] = comparableTraces([cutInLiteral], [uncut]);
    expect(a).toEqual(b);
  });

  it("still tells different statements apart when one is cut", () => {
    const cut = traced(historyUpdate("x".repeat(420), 713));
    expect(sameStatement(cut, "DELETE FROM athanor_history WHERE run_id = 'r-1'")).toBe(false);
    expect(sameStatement(cut, traced(historyUpdate("x".repeat(420), 713).replace("note", "label")))).toBe(
      false,
    );
  });

  it("compares uncut statements whole, as shapes", () => {
    expect(sameStatement("ALTER TABLE a ADD COLUMN w int", "ALTER TABLE a ADD COLUMN w int")).toBe(true);
    expect(sameStatement("ALTER TABLE a ADD COLUMN w int", "ALTER TABLE a ADD COLUMN v int")).toBe(false);
    expect(sameStatement("UPDATE t SET n = 'a' WHERE id = 1", "UPDATE t SET n = 'bb' WHERE id = 22")).toBe(
      true,
    );
  });
});
