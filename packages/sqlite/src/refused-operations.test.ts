import { isAthanorError, type Operation, operations as o } from "@athanor/core";
import { describe, expect, test } from "vitest";
import { renderSqlite } from "./renderer.js";

const codeOf = (op: Operation) => {
  try {
    renderSqlite(op);
  } catch (error) {
    return isAthanorError(error) ? error.code : String(error);
  }
  return "rendered";
};

describe("operations SQLite has no statement for", () => {
  test("enum rename and rebuild, index storage, identity and collation changes are refused with a coded error", () => {
    const refused: Operation[] = [
      o.renameEnum("mood", "feeling"),
      o.renameConstraint("t", "t_pk", "u_pk"),
      o.renameSequence("t_id_seq", "u_id_seq"),
      o.rebuildEnum("mood", ["a"], { existingValues: ["a", "b"] }),
      o.alterIndexStorage("i", "t", { set: { fillfactor: "70" } }),
      o.createIndex("i", "t", ["a"], { with: { fillfactor: "70" } }),
      o.alterColumnIdentity("t", "id", { always: true }, { existing: null }),
      o.alterColumnCollation("t", "a", "text", "NOCASE"),
      o.addNotNull("t_a_not_null", "t", "a", { notValid: true }),
      o.dropConstraint("t_a_not_null", "t", { existing: { type: "notNull", column: "a" } }),
      o.createSyncTrigger("t_a_b_sync", "t", { source: "a", target: "b", twoWay: true }),
      o.dropSyncTrigger("t_a_b_sync", "t", { source: "a", target: "b", twoWay: false }),
    ];
    for (const op of refused) expect(`${op.kind}: ${codeOf(op)}`).toBe(`${op.kind}: ATHANOR_UNSUPPORTED`);
  });
});
