import { mysqlDifferHooks } from "@athanor/mysql";
import { describe, expect, it } from "vitest";
import { diffSchemas } from "../diff/diff-schemas.js";
import { col, model, table } from "../testing/model-builders.js";
import { renderChain } from "../testing/staged-chain.js";
import { stageDiff } from "./stage-diff.js";

// Where the staged recipe of a type change checks that values fit, per direction: each check
// first in its revision's direction, under the column's name at that point.
const id = col("id", "bigint", { nullable: false });
const users = (type: string) =>
  model([
    table("users", [id, col("display_name", type)], { primaryKey: { name: "users_pkey", columns: ["id"] } }),
  ]);

function chain(hooks: typeof mysqlDifferHooks, from: string, to: string): string[] {
  const live = users(from);
  const desired = users(to);
  const diff = diffSchemas(desired, live, { hooks });
  // as MySQL's server hooks say (varchar → text copies the table): staged
  const staged = stageDiff({ diff, desired, live, hooks, rewritesTable: () => true });
  return renderChain(staged, hooks, "v2").split("// ----\n");
}

/** The direction's body, from its signature to the end of the file or of the upgrade. */
const direction = (file: string, which: "upgrade" | "downgrade") => {
  const down = file.indexOf("downgrade(");
  return which === "upgrade" ? file.slice(0, down) : file.slice(down);
};
const firstCall = (body: string) => /\n\s*(?:await )?op\.(\w+)\(/.exec(body)?.[1];

describe("values-fit checks in a staged type change", () => {
  it("a narrowing change (text → varchar(100)) checks the old column at migrate and at contract, not on the way back", () => {
    const files = chain(mysqlDifferHooks, "text", "varchar(100)");
    const [expand, migrate, contract] = files.filter((f) => f.includes("phase:"));
    const check = 'op.requireValuesFit("users", "display_name", "varchar(100)", { key: ["id"] });';
    expect(direction(expand ?? "", "upgrade")).not.toContain("requireValuesFit");
    expect(direction(migrate ?? "", "upgrade")).toContain(check);
    expect(firstCall(direction(migrate ?? "", "upgrade"))).toBe("requireValuesFit");
    // the old column, still whole, before anything of the contract (after the dependents check)
    const up = direction(contract ?? "", "upgrade");
    expect(up).toContain(check);
    expect(up.indexOf("op.requireValuesFit")).toBeLessThan(up.indexOf("op.dropColumn"));
    expect(files.map((f) => direction(f, "downgrade")).join("")).not.toContain("requireValuesFit");
  });

  it("a widening change (varchar(100) → text) checks only its contract's way back", () => {
    const files = chain(mysqlDifferHooks, "varchar(100)", "text");
    const calls = files.join("").match(/op\.requireValuesFit\(.*\);$/gm) ?? [];
    expect(calls).toEqual(['op.requireValuesFit("users", "display_name", "varchar(100)", { key: ["id"] });']);
    const contract = files.filter((f) => f.includes('phase: "contract"')).at(-1) ?? "";
    expect(firstCall(direction(contract, "downgrade"))).toBe("requireValuesFit");
  });
});
