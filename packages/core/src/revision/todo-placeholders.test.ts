import fc from "fast-check";
import { describe, expect, test } from "vitest";
import * as core from "../index.js";
import { renderRevisionFile } from "./render-revision-file.js";
import { textRulesOutPlaceholders } from "./todo-placeholders.js";

// textRulesOutPlaceholders lets a run skip importing a module to check it for placeholders; a
// wrong `true` would let a stub run, so every doubt must answer false.

const revision = (upgradeBody: string, downgradeBody = 'op.execute("DROP TABLE t");') =>
  renderRevisionFile({
    header: {
      id: "a1",
      parents: [],
      message: "m",
      createdAt: "2026-01-01T00:00:00.000Z",
      branchLabels: [],
      dependsOn: [],
      transactional: true,
    },
    upgradeBody,
    downgradeBody,
  });

describe("textRulesOutPlaceholders", () => {
  test("a revision as athanor writes it, a guidance comment included, rules placeholders out", () => {
    expect(textRulesOutPlaceholders(revision('op.execute("CREATE TABLE t (id int)");'))).toBe(true);
    expect(textRulesOutPlaceholders(revision("// TODO(athanor): irreversible: nothing to undo", ""))).toBe(
      true,
    );
    expect(textRulesOutPlaceholders(revision('op.execute("SELECT 1 -- a\\nb");'))).toBe(true);
  });

  test.each([
    ["a placeholder", 'op.execute("UPDATE t SET a = /* TODO(athanor): expression */ NULL");'],
    ["a placeholder after a line comment's slashes", 'op.execute("//* TODO(athanor) */");'],
    ["any other TODO", 'op.execute("SELECT 1"); /* TODO: later */'],
    ["a hex escape that may spell it", 'op.execute("/* \\x54ODO(athanor) */ NULL");'],
    ["a unicode escape", 'op.execute("/* \\u0054ODO(athanor) */ NULL");'],
    ["a line continuation", 'op.execute("/* TO\\\nDO(athanor) */ NULL");'],
    ["require", 'const { fill } = require("./helpers"); fill(op);'],
    ["a dynamic import", 'await (await import("./helpers.js")).fill(op);'],
    ["a commented dynamic import", 'await (await import/**/("./helpers.js")).fill(op);'],
    ["eval", 'eval("op.execute(1)");'],
    ["Function", 'new Function("op", "")(op);'],
    ["a constructor", '(async () => {}).constructor("op", "")(op);'],
    ["globalThis", "globalThis.fill(op);"],
  ])("%s: not ruled out", (_, body) => {
    expect(textRulesOutPlaceholders(revision(body))).toBe(false);
  });

  test.each([
    ["a helper module", 'import { fill } from "./helpers";\nexport default { upgrade: fill };'],
    ["a package", 'import { fill } from "@acme/migrations";\nexport default { upgrade: fill };'],
    ["a re-export", 'export { default } from "./other-revision";'],
    ["a side-effect import", 'import "./sets-globals";\nexport default { upgrade: fill };'],
    ["a commented specifier", 'import { fill } from /* x */ "./helpers";\nexport default { upgrade: fill };'],
  ])("%s: not ruled out", (_, text) => {
    expect(textRulesOutPlaceholders(text)).toBe(false);
  });

  test("@athanor/core, the one module a ruled-out file may import, exports no function holding a placeholder", () => {
    const placeholder = /\/\*\s*TODO\(athanor\)/;
    const values = Object.values(core).flatMap((v) =>
      typeof v === "object" && v !== null ? [v, ...Object.values(v)] : [v],
    );
    const functions = values.filter((v): v is (...args: never[]) => unknown => typeof v === "function");
    expect(functions.length).toBeGreaterThan(50);
    expect(
      functions.filter((f) => placeholder.test(Function.prototype.toString.call(f))).map((f) => f.name),
    ).toEqual([]);
  });

  test("when it rules placeholders out, no placeholder is in the text", () => {
    const placeholder = /\/\*\s*TODO\(athanor\)/;
    const pieces = fc.constantFrom(
      "/",
      "*",
      " ",
      "\n",
      "\t",
      "TODO",
      "(athanor)",
      "TODO(athanor)",
      "//",
      "x",
      '"',
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }), (parts) => {
        const text = parts.join("");
        return !textRulesOutPlaceholders(text) || !placeholder.test(text);
      }),
      { numRuns: 5000 },
    );
  });
});
