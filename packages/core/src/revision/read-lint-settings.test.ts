import { describe, expect, it } from "vitest";
import { isAthanorError } from "../errors.js";
import { parseRevisionHeader } from "./parse-revision-header.js";
import { defineRevision, headerOf } from "./revision.js";

const wrap = (fields: string) =>
  `import { defineRevision } from "@athanor/core";\nexport default defineRevision({\n  id: "a1",\n${fields}\n  upgrade(op) {},\n  downgrade(op) {},\n});\n`;

function failure(source: string): string {
  try {
    parseRevisionHeader(source, "versions/a1.ts");
  } catch (error) {
    if (isAthanorError(error) && error.code === "ATHANOR_REVISION_FILE_INVALID") return error.message;
    throw error;
  }
  throw new Error("expected the header to be rejected");
}

describe("the lint header field", () => {
  it("reads ignores with and without a reason, in any quoting, with comments and trailing commas", () => {
    const header = parseRevisionHeader(
      wrap(`  lint: {
    // the index is on a 40-row lookup table
    ignore: [
      { rule: "pg/index-not-concurrent", reason: \`40 rows\` },
      { 'rule': 'pg/rename-column', },
    ],
  },`),
    );
    expect(header.lint).toEqual({
      ignore: [{ rule: "pg/index-not-concurrent", reason: "40 rows" }, { rule: "pg/rename-column" }],
    });
  });

  it("is absent from the header when the revision declares none", () => {
    expect(parseRevisionHeader(wrap("")).lint).toBeUndefined();
    expect("lint" in parseRevisionHeader(wrap(""))).toBe(false);
    expect(parseRevisionHeader(wrap("  lint: {},")).lint).toEqual({ ignore: [] });
  });

  it("agrees with headerOf on the same definition", () => {
    const definition = defineRevision({
      id: "a1",
      lint: { ignore: [{ rule: "pg/drop-table", reason: "table was never read" }] },
      upgrade() {},
      downgrade() {},
    });
    expect(headerOf(definition).lint).toEqual({
      ignore: [{ rule: "pg/drop-table", reason: "table was never read" }],
    });
    expect("lint" in headerOf({ id: "b", upgrade() {}, downgrade() {} })).toBe(false);
  });

  it("rejects computed values, unknown keys and entries without a rule, naming the line", () => {
    expect(failure(wrap("  lint: LINT_SETTINGS,"))).toMatch(
      /a1\.ts:4:\d+: the header field "lint" is not a literal/,
    );
    expect(failure(wrap("  lint: { ignore: [{ rule: RULE, reason: 'x' }] },"))).toMatch(
      /"lint" is not a literal/,
    );
    expect(failure(wrap("  lint: { skip: [] },"))).toMatch(/unknown property "skip" in the lint settings/);
    expect(failure(wrap("  lint: { ignore: [{ rule: 'a', why: 'b' }] },"))).toMatch(
      /unknown property "why" in the lint settings; allowed: rule, reason/,
    );
    expect(failure(wrap("  lint: { ignore: [{ reason: 'b' }] },"))).toMatch(/names the rule it silences/);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the revision source under test interpolates
    expect(failure(wrap("  lint: { ignore: [{ rule: `pg/${x}` }] },"))).toMatch(/"lint" is not a literal/);
  });
});
