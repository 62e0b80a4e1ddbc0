import { describe, expect, it } from "vitest";
import { mysqlDifferHooks as hooks } from "./differ-hooks.js";

const staging =
  hooks.staging ??
  (() => {
    throw new Error("mysqlDifferHooks has no staging hooks");
  })();

describe("mysqlDifferHooks", () => {
  it("converts on assignment: the sync triggers copy values as they are", () => {
    expect(staging.assignmentConverts).toBe(true);
  });

  it("has no NOT VALID: NOT NULL is made in place and no online revision is split off", () => {
    expect(staging.notNullRecipe).toBe("in-place");
    expect(staging.notValidNotNull).toBeUndefined();
    expect(staging.onlineForms).toBe(false);
  });
});
