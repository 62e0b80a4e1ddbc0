#!/usr/bin/env node
// Brings a package's dist/ up to date for tests that spawn processes running the built code:
// `tsc -b` (declarations, and the JavaScript of packages tsc still compiles), then the bundle of
// that package and of every package it references that is bundled (its `build` script runs
// bundle-package.mjs). tsc -b alone would leave a bundled package's JavaScript stale.
//
// Skipped while nothing changed since its last build (scripts/build-stamp.mjs).
//
// Usage: node scripts/build-package.mjs <package folder>
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { stampIsFresh, writeStamp } from "./build-stamp.mjs";
import { bundlePackage, META_FILE } from "./bundle-package.mjs";

const folder = resolve(process.argv[2] ?? ".");
const packages = withReferences(folder, new Set());
// under node_modules, not dist/: dist/ is packed and published
const stamp = join(folder, "node_modules", ".cache", "build-package-stamp");
const started = new Date();
const alsoInputs = [
  "build-package.mjs",
  "bundle-package.mjs",
  "build-stamp.mjs",
  "../tsconfig.base.json",
].map((file) => join(import.meta.dirname, file));
const bundled = packages.filter((pkg) => {
  const { scripts } = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8"));
  return scripts?.build?.includes("bundle-package.mjs");
});
if (stampIsFresh(stamp, packages, alsoInputs) && bundled.every((pkg) => existsSync(join(pkg, META_FILE))))
  process.exit(0);

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
try {
  execFileSync(process.execPath, [tsc, "-b"], { cwd: folder, encoding: "utf8" });
} catch (error) {
  // tsc reports compile errors on stdout
  process.stderr.write(`tsc -b failed in ${folder}:\n${error.stdout ?? ""}`);
  process.exit(1);
}
for (const pkg of bundled) await bundlePackage(pkg);
writeStamp(stamp, started);

/** The folder and every folder its tsconfig.json references, transitively, dependencies first. */
function withReferences(pkg, seen) {
  if (seen.has(pkg)) return [];
  seen.add(pkg);
  const config = join(pkg, "tsconfig.json");
  const text = existsSync(config) ? readFileSync(config, "utf8") : "{}";
  const references = JSON.parse(text).references ?? [];
  return [...references.flatMap((ref) => withReferences(resolve(pkg, ref.path), seen)), pkg];
}
