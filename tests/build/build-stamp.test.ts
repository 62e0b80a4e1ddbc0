// scripts/build-stamp.mjs: scripts/build-package.mjs skips tsc and the bundles only while nothing
// it builds from changed since the stamp. A stale "fresh" would hand spawned CLI processes old
// code, so every way a package's inputs change must make the stamp stale.
import { mkdirSync, mkdtempSync, renameSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stampIsFresh, writeStamp } from "../../scripts/build-stamp.mjs";

const BUILT = new Date("2026-01-01T00:00:00Z");
const BEFORE = new Date("2025-12-31T00:00:00Z");
const AFTER = new Date("2026-01-02T00:00:00Z");

/** Two packages (`a` references `b`) and a shared config, all dated before a stamp written at BUILT. */
function builtTree() {
  const root = mkdtempSync(join(tmpdir(), "athanor-build-stamp-"));
  const files = ["a/tsconfig.json", "a/package.json", "a/src/index.ts", "a/src/deep/x.ts", "b/src/y.ts"];
  for (const file of files) {
    mkdirSync(join(root, file, ".."), { recursive: true });
    writeFileSync(join(root, file), "");
  }
  writeFileSync(join(root, "tsconfig.base.json"), "{}");
  for (const path of [...files, "a/src/deep", "a/src", "b/src", "tsconfig.base.json"])
    utimesSync(join(root, path), BEFORE, BEFORE);
  const stamp = join(root, "a/node_modules/.cache/stamp");
  writeStamp(stamp, BUILT);
  const fresh = () =>
    stampIsFresh(stamp, [join(root, "b"), join(root, "a")], [join(root, "tsconfig.base.json")]);
  return { root, stamp, fresh };
}

describe("stampIsFresh", () => {
  it("is fresh when nothing changed since the build started", () => {
    const { fresh } = builtTree();
    expect(fresh()).toBe(true);
  });

  it("is stale without a stamp", () => {
    const { stamp, fresh } = builtTree();
    rmSync(stamp);
    expect(fresh()).toBe(false);
  });

  const changes: Array<[string, (root: string) => void]> = [
    ["a file edited deep in src/", (root) => utimesSync(join(root, "a/src/deep/x.ts"), AFTER, AFTER)],
    ["a referenced package's file edited", (root) => utimesSync(join(root, "b/src/y.ts"), AFTER, AFTER)],
    ["a file added", (root) => writeFileSync(join(root, "a/src/deep/new.ts"), "")],
    ["a file removed", (root) => rmSync(join(root, "a/src/index.ts"))],
    ["a file renamed", (root) => renameSync(join(root, "b/src/y.ts"), join(root, "b/src/z.ts"))],
    ["tsconfig.json edited", (root) => utimesSync(join(root, "a/tsconfig.json"), AFTER, AFTER)],
    ["package.json edited", (root) => utimesSync(join(root, "a/package.json"), AFTER, AFTER)],
    ["a shared input edited", (root) => utimesSync(join(root, "tsconfig.base.json"), AFTER, AFTER)],
  ];
  for (const [name, change] of changes)
    it(`is stale after ${name}`, () => {
      const { root, fresh } = builtTree();
      change(root);
      expect(fresh()).toBe(false);
    });
});
