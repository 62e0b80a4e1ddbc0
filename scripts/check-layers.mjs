#!/usr/bin/env node
// Checks the package layering and module cycles (.dependency-cruiser.cjs) over every source
// folder: `pnpm lint:deps`. `npm test` runs it too, after biome. Exits non-zero on an "error" rule.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const sources = ["packages", "apps"].flatMap((group) =>
  readdirSync(join(root, group))
    .map((name) => join(group, name, "src"))
    .filter((dir) => existsSync(join(root, dir))),
);
const run = spawnSync(
  process.execPath,
  [join(root, "node_modules", "dependency-cruiser", "bin", "dependency-cruise.mjs"), ...sources, "tests"],
  { stdio: "inherit", cwd: root },
);
if (run.status !== 0)
  console.error("\nlayering check failed: see the rule's comment in .dependency-cruiser.cjs");
process.exit(run.status ?? 1);
