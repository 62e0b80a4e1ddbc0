#!/usr/bin/env node
// Writes the error-code tables between the markers below from the packages' own lists (each
// package defines the codes it raises): docs/errors.md gets every code with the package that
// defines it, packages/core/README.md core's codes. `--check` exits 1 when either file is out of
// date. Reads the built packages (dist/), so build first.
import { readFileSync, writeFileSync } from "node:fs";

const root = new URL("../", import.meta.url);
const load = async (file, name) => (await import(new URL(file, root).href))[name];
/** Every package's codes, in the order the catalogue lists them. */
const CATALOGUES = [
  ["@athanor/core", await load("packages/core/dist/errors.js", "ERROR_CODES")],
  [
    "@athanor/autogenerate",
    await load("packages/autogenerate/dist/error-codes.js", "AUTOGENERATE_ERROR_CODES"),
  ],
  ["@athanor/drizzle", await load("packages/drizzle/dist/error-codes.js", "DRIZZLE_ERROR_CODES")],
  ["athanor (CLI)", await load("packages/cli/dist/error-codes.js", "CLI_ERROR_CODES")],
  ["@athanor/testing", await load("packages/testing/dist/error-codes.js", "TESTING_ERROR_CODES")],
];
const START = "<!-- error-codes:start -->";
const END = "<!-- error-codes:end -->";

const seen = new Map();
for (const [owner, codes] of CATALOGUES)
  for (const code of Object.keys(codes)) {
    if (seen.has(code)) {
      console.error(`${code} is defined by both ${seen.get(code)} and ${owner}: a code has one owner`);
      process.exit(1);
    }
    seen.set(code, owner);
  }

const everyCode = [
  START,
  "| code | defined by | meaning |",
  "|---|---|---|",
  ...CATALOGUES.flatMap(([owner, codes]) =>
    Object.entries(codes).map(([code, meaning]) => `| \`${code}\` | ${owner} | ${meaning} |`),
  ),
  END,
].join("\n");
const coreCodes = [
  START,
  "| code | meaning |",
  "|---|---|",
  ...Object.entries(CATALOGUES[0][1]).map(([code, meaning]) => `| \`${code}\` | ${meaning} |`),
  END,
].join("\n");

const pattern = new RegExp(`${START}[\\s\\S]*?${END}`);
let stale = false;
for (const [target, table] of [
  ["docs/errors.md", everyCode],
  ["packages/core/README.md", coreCodes],
]) {
  const url = new URL(target, root);
  const text = readFileSync(url, "utf8");
  const updated = pattern.test(text) ? text.replace(pattern, table) : `${text.trimEnd()}\n\n${table}\n`;
  if (updated === text) continue;
  if (process.argv.includes("--check")) {
    console.error(`${target}: the error table is stale: run node scripts/error-catalogue.mjs`);
    stale = true;
  } else writeFileSync(url, updated);
}
if (stale) process.exit(1);
