#!/usr/bin/env node
// Brings a package's dist/ up to date for tests that spawn processes running the built code:
// `tsc -b` (declarations, and the JavaScript of packages tsc still compiles), then the bundle of
// that package and of every package it references that is bundled (its `build` script runs
// bundle-package.mjs). tsc -b alone would leave a bundled package's JavaScript stale.
//
// Usage: node scripts/build-package.mjs <package folder>
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { bundlePackage } from "./bundle-package.mjs";

const folder = resolve(process.argv[2] ?? ".");
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
try {
  execFileSync(process.execPath, [tsc, "-b"], { cwd: folder, encoding: "utf8" });
} catch (error) {
  // tsc reports compile errors on stdout
  process.stderr.write(`tsc -b failed in ${folder}:\n${error.stdout ?? ""}`);
  process.exit(1);
}
for (const pkg of withReferences(folder, new Set())) {
  const { scripts } = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8"));
  if (scripts?.build?.includes("bundle-package.mjs")) await bundlePackage(pkg);
}

/** The folder and every folder its tsconfig.json references, transitively, dependencies first. */
function withReferences(pkg, seen) {
  if (seen.has(pkg)) return [];
  seen.add(pkg);
  const config = join(pkg, "tsconfig.json");
  const text = existsSync(config) ? readFileSync(config, "utf8") : "{}";
  const references = JSON.parse(text).references ?? [];
  return [...references.flatMap((ref) => withReferences(resolve(pkg, ref.path), seen)), pkg];
}
