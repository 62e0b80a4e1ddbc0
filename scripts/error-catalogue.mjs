#!/usr/bin/env node
// Writes the error-code table of packages/core/README.md and docs/errors.md from ERROR_CODES (the
// single source), between the markers below. `--check` exits 1 when either file is out of date.
import { readFileSync, writeFileSync } from "node:fs";

const root = new URL("../", import.meta.url);
const TARGETS = ["packages/core/README.md", "docs/errors.md"];
const { ERROR_CODES } = await import(new URL("packages/core/dist/errors.js", root).href);
const START = "<!-- error-codes:start -->";
const END = "<!-- error-codes:end -->";

const table = [
  START,
  "| code | meaning |",
  "|---|---|",
  ...Object.entries(ERROR_CODES).map(([code, meaning]) => `| \`${code}\` | ${meaning} |`),
  END,
].join("\n");

const pattern = new RegExp(`${START}[\\s\\S]*?${END}`);
let stale = false;
for (const target of TARGETS) {
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
