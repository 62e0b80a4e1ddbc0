// Error codes are defined by the package that raises them and composed into one catalogue
// (docs/errors.md, scripts/error-catalogue.mjs). This keeps the composition honest: the tables
// are current, no code has two owners, and every typed `meta` belongs to a code that exists.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url);
// the built packages, as the catalogue script reads them (tests/ is not a workspace package)
const load = async (file: string, name: string): Promise<Record<string, string>> =>
  (await import(new URL(file, root).href))[name];
const catalogues = {
  core: await load("packages/core/dist/errors.js", "ERROR_CODES"),
  autogenerate: await load("packages/autogenerate/dist/error-codes.js", "AUTOGENERATE_ERROR_CODES"),
  drizzle: await load("packages/drizzle/dist/error-codes.js", "DRIZZLE_ERROR_CODES"),
  cli: await load("packages/cli/dist/error-codes.js", "CLI_ERROR_CODES"),
  testing: await load("packages/testing/dist/error-codes.js", "TESTING_ERROR_CODES"),
};

describe("the error catalogue composed from every package", () => {
  it("docs/errors.md and core's README are current (node scripts/error-catalogue.mjs --check)", () => {
    const script = new URL("scripts/error-catalogue.mjs", root).pathname;
    expect(() => execFileSync(process.execPath, [script, "--check"], { stdio: "pipe" })).not.toThrow();
  });

  it("gives every code one owner and keeps the codes that were public", () => {
    const all = Object.values(catalogues).flatMap((codes) => Object.keys(codes));
    expect(all.filter((code, i) => all.indexOf(code) !== i)).toEqual([]);
    // the 76 codes of before the split (58 core, 17 CLI, 1 testing), none renamed or lost
    expect(all.length).toBeGreaterThanOrEqual(76);
    for (const code of [
      "ATHANOR_SCHEMA_DRIFT",
      "ATHANOR_USAGE",
      "ATHANOR_MIGRATION_TEST_FAILED",
      "ATHANOR_CYCLE",
      "ATHANOR_SCHEMA_INVALID",
      "ATHANOR_CANONICALIZE_FAILED",
    ])
      expect(all).toContain(code);
  });

  it("types meta only for codes some package defines", () => {
    const files = [
      "packages/core/src/error-meta.ts",
      "packages/autogenerate/src/error-codes.ts",
      "packages/drizzle/src/error-codes.ts",
      "packages/cli/src/error-codes.ts",
      "packages/testing/src/error-codes.ts",
    ];
    const typed = files.flatMap((f) =>
      [...readFileSync(new URL(f, root), "utf8").matchAll(/^ {2,4}(ATHANOR_\w+): \{/gm)].map((m) => m[1]),
    );
    const defined = Object.values(catalogues).flatMap((codes) => Object.keys(codes));
    expect(typed.filter((code) => !defined.includes(code as string))).toEqual([]);
  });
});
