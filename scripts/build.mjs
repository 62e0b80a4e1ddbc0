#!/usr/bin/env node
// `pnpm run build`: `turbo run build`, with the packages' declarations built first in one `tsc -b`
// process when turbo would build them itself.
//
// Each package's build is `tsc -b && bundle-package.mjs`. Run by turbo that is one TypeScript
// process per package, each parsing the standard library, @types/node and every referenced
// package's declarations again: 80-83 s of CPU for the nine on a fresh clone, against 41-43 s for
// one `tsc -b` over all of them (docs/performance.md, "CI test time, twentieth session"). So when
// turbo's cache lacks more than one of those builds (a fresh clone: CI), one `tsc -b` over them
// goes first; each package's own `tsc -b` then finds its project up to date, and turbo bundles and
// caches as before. When turbo restores them (release-dry-run's clone, a tree built before),
// nothing is added but turbo's dry run (~0.5 s).
//
// Usage: node scripts/build.mjs [turbo options]
import { execFileSync, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const turbo = join(root, "node_modules", ".bin", "turbo");
const options = process.argv.slice(2);

let uncached = [];
try {
  const dry = JSON.parse(
    execFileSync(turbo, ["run", "build", "--dry=json", ...options], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    }),
  );
  uncached = dry.tasks
    .filter((task) => task.cache?.status !== "HIT" && /^tsc -b(\s|$)/.test(task.command ?? ""))
    .map((task) => task.directory);
} catch {
  // turbo's own run below reports whatever made the dry run fail
}

if (uncached.length > 1) {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const types = spawnSync(process.execPath, [tsc, "-b", ...uncached], { cwd: root, stdio: "inherit" });
  if (types.status !== 0) {
    console.error(`\ntsc -b failed in ${uncached.join(", ")} (see above)`);
    process.exit(types.status ?? 1);
  }
}
const build = spawnSync(turbo, ["run", "build", ...options], { cwd: root, stdio: "inherit" });
process.exit(build.status ?? 1);
