import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderRevisionFile } from "../revision/render-revision-file.js";

/**
 * A fresh versions folder for the revision-cache tests, with where a cache file may go beside it.
 *
 * @example
 * ```ts
 * const { dir, cacheDir } = tempVersionsFolder();
 * ```
 */
export function tempVersionsFolder(prefix = "athanor-cache-"): {
  root: string;
  dir: string;
  cacheDir: string;
} {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const dir = join(root, "versions");
  mkdirSync(dir);
  return { root, dir, cacheDir: join(root, "cache") };
}

/**
 * Writes `<id>_rev<ext>` as `athanor revision` would, with a default message, and returns its path.
 *
 * @example
 * ```ts
 * writeRevisionFile(dir, "bbb", ["aaa"]); // "/tmp/…/versions/bbb_rev.ts"
 * ```
 */
export function writeRevisionFile(
  dir: string,
  id: string,
  parents: string[],
  message = `revision ${id}`,
  ext = ".ts",
): string {
  const file = join(dir, `${id}_rev${ext}`);
  writeFileSync(
    file,
    renderRevisionFile({
      header: { id, parents, message, branchLabels: [], dependsOn: [], transactional: true },
    }),
  );
  return file;
}
