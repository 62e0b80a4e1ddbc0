import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isAthanorError } from "../errors.js";
import { parseRevisionHeader } from "./parse-revision-header.js";
import { renderRevisionFile } from "./render-revision-file.js";
import type { RevisionHeader } from "./revision.js";

const wrap = (fields: string) =>
  `import { defineRevision } from "@athanor/core";\n\nexport default defineRevision({\n${fields}\n  upgrade(op) {},\n  downgrade(op) {},\n});\n`;

function codeOf(source: string): { code: string; message: string; meta: Record<string, unknown> } {
  try {
    parseRevisionHeader(source, "versions/x.ts");
  } catch (error) {
    if (!isAthanorError(error)) throw error;
    return { code: error.code, message: error.message, meta: { ...error.meta } };
  }
  throw new Error("expected parseRevisionHeader to throw");
}

describe("parseRevisionHeader", () => {
  it("reads every header field and fills defaults", () => {
    const header = parseRevisionHeader(
      wrap(
        `  id: "ae10",\n  parents: ['1975', "27c6"],\n  message: \`merge it\`,\n  createdAt: "2026-01-02T03:04:05.000Z",\n  branchLabels: ["cart"],\n  dependsOn: ["55af",],\n  phase: "expand",\n  transactional: false,`,
      ),
    );
    expect(header).toEqual({
      id: "ae10",
      parents: ["1975", "27c6"],
      message: "merge it",
      createdAt: "2026-01-02T03:04:05.000Z",
      branchLabels: ["cart"],
      dependsOn: ["55af"],
      phase: "expand",
      transactional: false,
    });
    expect(parseRevisionHeader(wrap(`id: "b",`))).toEqual({
      id: "b",
      parents: [],
      message: "",
      createdAt: undefined,
      branchLabels: [],
      dependsOn: [],
      phase: undefined,
      transactional: true,
    });
  });

  it("skips comments, strings, templates and regexes in code, wherever they mention the header", () => {
    const source = `
// defineRevision({ id: "commented" })
/* export default defineRevision({ id: "block" }) */
const note = "defineRevision({ id: 'in a string' })";
export default defineRevision({
  // the id below is the real one
  id: /* inline */ "real", // trailing
  parents: [
    "p1", // first parent
  ],
  message: 'it\\'s "quoted" \\u{1F600} \\x41\\n',
  async upgrade(op): Promise<void> {
    const re = /[}"'\`]/g;
    const t = \`ALTER \${"TABLE"} { \${[1, 2].map((n) => \`\${n}}\`).join("}")}\`;
    if (a / 2 > 1) op.execute(t + re.source);
    op.execute("}");
    op.execute("\\"}) ({\\"", '\\\\', "tab\\t}");
  },
  downgrade: async (op) => {
    op.execute('{ not a block');
  },
});
`;
    const header = parseRevisionHeader(source);
    expect(header.id).toBe("real");
    expect(header.parents).toEqual(["p1"]);
    expect(header.message).toBe(`it's "quoted" 😀 A\n`);
  });

  it("accepts quoted keys, method modifiers and compiled-JS shapes", () => {
    const js = `import { defineRevision } from "@athanor/core";
export default defineRevision({ "id": "c1", parents: [], message: "x", upgrade: function (op) { return; }, downgrade(op) { } });
//# sourceMappingURL=c1.js.map`;
    expect(parseRevisionHeader(js).id).toBe("c1");
    const ns = `import * as core from "@athanor/core";\nexport default core.defineRevision({ id: "n1", *upgrade(op) {}, get downgrade() { return () => {}; } });`;
    expect(parseRevisionHeader(ns).id).toBe("n1");
  });

  const malformed: Array<[string, string, string | RegExp]> = [
    ["no call", `export default {}`, /no defineRevision/],
    ["call without object", `export default defineRevision(header);`, /object literal/],
    [
      "two calls",
      `${wrap(`id: "a",`)}\nexport const b = defineRevision({ id: "b", upgrade() {}, downgrade() {} });`,
      /exactly one revision/,
    ],
    ["computed id", wrap(`id: makeId(),`), /"id" is not a literal/],
    ["variable parents", wrap(`id: "a", parents: PARENTS,`), /"parents" is not a literal/],
    ["concatenated message", wrap(`id: "a", message: "a" + "b",`), /"message" is not a literal/],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the source under test interpolates
    ["interpolated template", wrap("id: `rev_${n}`,"), /"id" is not a literal/],
    ["array with an expression", wrap(`id: "a", dependsOn: ["x", y],`), /"dependsOn" is not a literal/],
    [
      "shorthand header",
      `const id = "a";\nexport default defineRevision({ id, upgrade() {}, downgrade() {} });`,
      /"id" is not a literal/,
    ],
    [
      "header as method",
      `export default defineRevision({ id() { return "a" }, upgrade() {}, downgrade() {} });`,
      /"id" is not a literal/,
    ],
    ["spread", wrap(`...base, id: "a",`), /spread/],
    ["computed key", wrap(`["id"]: "a",`), /computed property/],
    ["unknown key (typo)", wrap(`id: "a", parent: ["b"],`), /unknown property "parent"/],
    ["duplicate key", wrap(`id: "a", id: "b",`), /declared twice/],
    [
      "string where array expected",
      wrap(`id: "a", parents: "b",`),
      /"parents" must be an array of string literals/,
    ],
    ["array where string expected", wrap(`id: ["a"],`), /"id" must be a string literal/],
    [
      "string where boolean expected",
      wrap(`id: "a", transactional: "no",`),
      /"transactional" must be true or false/,
    ],
    [
      "unknown phase",
      wrap(`id: "a", phase: "deploy",`),
      /phase "deploy" is not one of expand, migrate, contract/,
    ],
    ["missing id", wrap(`message: "a",`), /declares no "id"/],
    [
      "missing downgrade",
      `export default defineRevision({ id: "a", upgrade() {} });`,
      /declares no "downgrade"/,
    ],
    [
      "unterminated string",
      `export default defineRevision({ id: "a, upgrade() {}, downgrade() {} });`,
      /never closed/,
    ],
    ["unterminated comment", `export default defineRevision({ id: "a", /* oops `, /comment is never closed/],
    [
      "unbalanced body",
      `export default defineRevision({ id: "a", upgrade(op) { if (x) { op.run(); }, downgrade() {} );`,
      /brackets are not balanced/,
    ],
    ["unclosed body", `export default defineRevision({ id: "a", upgrade(op) { if (x) {`, /never closed/],
    ["missing comma", wrap(`id: "a" message: "b",`), /"id" is not a literal/],
    ["bad escape", wrap(`id: "a\\u12",`), /invalid escape/],
    // strings inside a skipped body are checked as strictly as header strings
    [
      "unterminated string in a body",
      `export default defineRevision({ id: "a", upgrade(op) { op.run("x); }, downgrade() {} });`,
      /string literal is never closed/,
    ],
    [
      "string broken by a line end in a body",
      `export default defineRevision({ id: "a", upgrade(op) { op.run('x\n'); }, downgrade() {} });`,
      /string literal is never closed/,
    ],
    [
      "bad escape in a body",
      `export default defineRevision({ id: "a", upgrade(op) { op.run("\\x4"); }, downgrade() {} });`,
      /invalid escape/,
    ],
  ];

  it.each(malformed)("rejects %s with a coded error naming the file and line", (_name, source, message) => {
    const error = codeOf(source);
    expect(error.code).toBe("ATHANOR_REVISION_FILE_INVALID");
    expect(error.message).toMatch(message);
    expect(error.message.startsWith("versions/x.ts")).toBe(true);
    expect(error.meta.file).toBe("versions/x.ts");
  });

  it("points at the offending line and field", () => {
    const error = codeOf(wrap(`  id: "a",\n  parents: computeParents(),`));
    expect(error.meta).toMatchObject({ field: "parents", line: 5, column: 12 });
    expect(error.message).toContain("versions/x.ts:5:12");
    expect(error.message).toContain("must be literals");
  });

  it("round-trips every header renderRevisionFile writes", () => {
    const text = fc.string({ unit: "binary", maxLength: 30 });
    const header = fc.record({
      id: fc.stringMatching(/^[a-z0-9_]{1,12}$/),
      parents: fc.array(fc.stringMatching(/^[a-f0-9]{4,12}$/), { maxLength: 4 }),
      message: text,
      createdAt: fc.option(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        { nil: undefined },
      ),
      branchLabels: fc.array(text, { maxLength: 3 }),
      dependsOn: fc.array(fc.stringMatching(/^[a-f0-9]{12}$/), { maxLength: 12 }),
      phase: fc.constantFrom(undefined, "expand" as const, "migrate" as const, "contract" as const),
      transactional: fc.boolean(),
    }) satisfies fc.Arbitrary<RevisionHeader>;
    fc.assert(
      fc.property(header, fc.string(), (h, body) => {
        const source = renderRevisionFile({ header: h, upgradeBody: `op.execute(${JSON.stringify(body)});` });
        expect(parseRevisionHeader(source)).toEqual(h);
      }),
    );
  });
});
