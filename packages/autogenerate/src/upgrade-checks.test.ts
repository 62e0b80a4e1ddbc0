import { operations } from "@athanor/core";
import { describe, expect, it } from "vitest";
import type { StagedRevision } from "./stage/stage-types.js";
import { chainUpgradeChecks } from "./upgrade-checks.js";

const hooks = { dependentsCheck: true };

describe("the upgrade checks of a chain, as questions for the database now", () => {
  it("asks a contract's check of a table the plain revision renames by its name now", () => {
    const plain: StagedRevision = {
      kind: "plain",
      phase: undefined,
      title: "",
      operations: [operations.renameTable("users", "members"), operations.renameTable("members", "people")],
      notes: [],
    };
    const check = operations.requireNoDependents("people", ["mail"]);
    const contract: StagedRevision = {
      kind: "staged",
      phase: "contract",
      title: "contract: drop",
      groups: [{ up: [{ kind: "operation", operation: check }], down: [] }],
    };
    const [first, second] = chainUpgradeChecks([plain, contract], hooks);
    // the plain revision drops nothing: no check
    expect(first).toEqual([]);
    expect(second).toEqual([{ check, live: { ...check, table: { name: "users" } } }]);
  });

  it("leaves a check of a table nothing renames as written, and writes none without the dialect's check", () => {
    const plain: StagedRevision = {
      kind: "plain",
      phase: undefined,
      title: "",
      operations: [operations.dropColumn("users", "mail", { existing: { type: "text" } })],
      notes: [],
    };
    const [[written]] = chainUpgradeChecks([plain], hooks) as [[{ check: unknown; live: unknown }]];
    expect(written.live).toBe(written.check);
    expect(written.check).toEqual(operations.requireNoDependents("users", ["mail"]));
    expect(chainUpgradeChecks([plain], { dependentsCheck: false })).toEqual([[]]);
  });
});
