// When scripts/build-package.mjs may skip its work. Dozens of test files call it in a run (each
// before spawning the CLI), and `tsc -b` costs ~1.2 s of CPU even when it finds nothing to do. A
// successful build leaves a stamp dated when it started; while no input is newer, the next call
// returns at once. Inputs: every file and folder under each package's src/ (a folder's date
// moves when a file is added, removed or renamed in it), each package's tsconfig.json and
// package.json, and the files the caller names (the build scripts, tsconfig.base.json).
import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * Whether the build that wrote `stamp` started after every input of `packages` and `files`
 * last changed.
 *
 * @example
 * if (stampIsFresh(stamp, ["/repo/packages/core"], ["/repo/tsconfig.base.json"])) process.exit(0);
 */
export function stampIsFresh(stamp, packages, files) {
  if (!existsSync(stamp)) return false;
  const built = statSync(stamp).mtimeMs;
  const inputs = [
    ...files,
    ...packages.flatMap((pkg) => [join(pkg, "tsconfig.json"), join(pkg, "package.json")]),
  ];
  if (inputs.some((file) => existsSync(file) && statSync(file).mtimeMs > built)) return false;
  return packages.every((pkg) => !changedUnder(join(pkg, "src"), built));
}

/** Writes `stamp` dated `started` (the build's start: an edit made during the build is newer). */
export function writeStamp(stamp, started) {
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, "");
  utimesSync(stamp, started, started);
}

/** Whether `dir` itself, or any file or folder below it, changed after `time`. */
function changedUnder(dir, time) {
  if (!existsSync(dir)) return false;
  if (statSync(dir).mtimeMs > time) return true;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() ? changedUnder(path, time) : statSync(path).mtimeMs > time) return true;
  }
  return false;
}
