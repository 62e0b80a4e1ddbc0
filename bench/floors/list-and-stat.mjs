// Lists a revision folder and stats each revision file: the per-file "unchanged?" check that
// any cached answer about the folder needs (see README.md).
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export function listAndStat(dir) {
  let files = 0;
  for (const name of readdirSync(dir)) {
    if (!/\.(?:ts|js|mjs)$/.test(name)) continue;
    statSync(join(dir, name));
    files++;
  }
  return files;
}
