#!/usr/bin/env node
// Writes the error-code table of packages/core/README.md from ERROR_CODES (the single source),
// between the markers below. `--check` exits 1 when the README is out of date (run by the tests).
import { readFileSync, writeFileSync } from "node:fs";

const root = new URL("../", import.meta.url);
const readmeUrl = new URL("packages/core/README.md", root);
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

const readme = readFileSync(readmeUrl, "utf8");
const pattern = new RegExp(`${START}[\\s\\S]*?${END}`);
const updated = pattern.test(readme) ? readme.replace(pattern, table) : `${readme.trimEnd()}\n\n${table}\n`;
if (process.argv.includes("--check")) {
  if (updated !== readme) {
    console.error("packages/core/README.md error table is stale: run node scripts/error-catalogue.mjs");
    process.exit(1);
  }
} else writeFileSync(readmeUrl, updated);
